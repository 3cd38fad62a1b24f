"""Hostile front matter: text from findings/ and charter/ is text, never markup, on every built page.

One build (module scope) of the default tree whose titles, summaries, member
names, places, notes, change notes and link titles carry HTML. No built HTML file
(every locale, every page; the search index is not HTML and not checked) may
contain a script, an event handler or an element that came from content.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from htmlutil import BuiltSite, Node

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
QUOTE = '"><script>alert(1)</script>'
BOLD = "<b>Bold place</b>"

HOSTILE = {
    "charter/members.yml": (
        "gb:\n"
        f"  name: {{en: 'United Kingdom{QUOTE}', fr: 'Royaume-Uni{QUOTE}', ko: '영국{QUOTE}'}}\n"
        "  joined: 2014\n"
        "kr:\n"
        f"  name: {{en: '{IMG}', fr: '{IMG}', ko: '{IMG}'}}\n"
        "  joined: 2014\n"
        "ee:\n"
        "  joined: 2014\n"
        "  left: 2019\n"
        "ca:\n"
        "  joined: 2018\n"
    ),
    "charter/editions.yml": (
        "2014:\n"
        "  date: 2014-12-10\n"
        f"  place: {{en: '{BOLD}', fr: '{BOLD}', ko: '{BOLD}'}}\n"
        f"  note: {{en: '{SCRIPT}', fr: '{IMG}'}}\n"
        "  principles: [user-needs, open-standards, assisted-digital]\n"
        "2018:\n"
        "  date: 2018-11-22\n"
        f"  place: {{en: '{BOLD}'}}\n"
        "  principles: [user-needs, open-standards, assisted-digital]\n"
        "2021:\n"
        "  date: 2021-11-16\n"
        "  principles: [user-needs, necessary-safeguards, open-standards, digital-inclusion]\n"
    ),
    "charter/principles/necessary-safeguards/2021.md": (
        "---\n"
        f"title: '{SCRIPT}'\n"
        f"change: '{IMG}'\n"
        "---\n"
        "Protect public trust.\n"
    ),
    "charter/principles/necessary-safeguards/2021.ko.md": (
        "---\n"
        f"title: '{QUOTE}'\n"
        f"change: '{SCRIPT}'\n"
        "---\n"
        "공공의 신뢰를 보호합니다.\n"
    ),
    "charter/principles/user-needs/2018.md": (
        "---\n"
        f"title: 'User needs {SCRIPT}'\n"
        f"change: '{IMG}'\n"
        "---\n"
        "Design public services around the needs of the people who use them.\n"
    ),
    "charter/principles/user-needs/2018.fr.md": (
        "---\n"
        f"title: 'Besoins des usagers {IMG}'\n"
        f"change: '{QUOTE}'\n"
        "---\n"
        "Concevoir les services publics autour des besoins des personnes.\n"
    ),
    "findings/2014/index.md": (
        "---\n"
        f"title: '{SCRIPT}'\n"
        "date: 2014-12-10\n"
        f"place: '{BOLD}'\n"
        "host: gb\n"
        f"theme: '{IMG}'\n"
        "---\n"
        "The first summit.\n"
    ),
    "findings/2014/index.fr.md": (
        "---\n"
        f"title: '{QUOTE}'\n"
        f"place: '{BOLD}'\n"
        "---\n"
        "Le premier sommet.\n"
    ),
    "findings/2018/responsible-ai.md": (
        "---\n"
        f"title: '{SCRIPT}'\n"
        "members: [ca, gb, kr]\n"
        "principles: [user-needs]\n"
        "date: 2018-11-22\n"
        f"summary: '{IMG}'\n"
        "links:\n"
        f"  - {{title: '{SCRIPT}', url: 'https://example.org/a\"onmouseover=\"alert(1)'}}\n"
        "---\n"
        "Measure impact.\n"
    ),
    "findings/2018/responsible-ai.fr.md": (
        "---\n"
        f"title: '{SCRIPT} fr'\n"
        f"summary: '{IMG} fr'\n"
        "---\n"
        "Mesurer l'impact.\n"
    ),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    from sitetree import build_tree, make_site

    return build_tree(make_site(tmp_path_factory.mktemp("hostile"), HOSTILE), checked=True)


def _injected(doc: Node) -> list[str]:
    """Elements and attributes in a parsed page that can only have come from content text."""
    found = []
    for node in doc.iter():
        for name, value in node.attrs.items():
            if name.startswith("on"):
                found.append(f"{node!r}: event handler {name}={value!r}")
        if node.tag == "script" and "alert(" in node.raw_text:
            found.append(f"{node!r}: script {node.raw_text!r}")
        if node.tag == "img" and node.get("src") == "x":
            found.append(f"{node!r}: image")
        if node.tag == "b" and "Bold place" in node.raw_text:
            found.append(f"{node!r}: bold element")
    return found


def test_no_markup_from_content_on_any_page(hostile: tuple[Path, BuiltSite]) -> None:
    _, site = hostile
    files = site.html_files()
    assert len(files) > 80  # every locale's pages, generated and hand-written
    problems = []
    for path in files:
        html = path.read_text("utf-8")
        rel = path.relative_to(site.dir).as_posix()
        lowered = html.lower()
        for raw in ("<script>alert", "<img src=x", "<b>bold place"):
            if raw in lowered:
                problems.append(f"{rel}: raw {raw!r}")
        problems += [f"{rel}: {p}" for p in _injected(site.page(site.url_of(path)).doc)]
    assert problems == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("findings/2018/responsible-ai/", SCRIPT),
        ("fr/findings/2018/responsible-ai/", f"{SCRIPT} fr"),
        ("ko/findings/2018/responsible-ai/", SCRIPT),
        ("members/gb/", f"United Kingdom{QUOTE}"),
        ("fr/members/kr/", IMG),
        ("findings/2014/", SCRIPT),
        ("fr/findings/2014/", QUOTE),
        ("charter/principles/necessary-safeguards/", SCRIPT),
        ("ko/charter/principles/necessary-safeguards/", QUOTE),
    ],
)
def test_titles_show_the_text_as_written(hostile: tuple[Path, BuiltSite], url: str, expected: str) -> None:
    """<title>, the header and the heading read exactly as the front matter says: escaped once, not stripped."""
    _, site = hostile
    page = site.page(url)
    assert page.title == f"{expected} – Test site"
    assert page.article.one("h1").text == expected
    assert page.doc.one("div", cls="md-header__topic", data_md_component="header-topic").text == expected


def test_hostile_text_is_shown_as_text(hostile: tuple[Path, BuiltSite]) -> None:
    """The text is there, readable: summary, link title, member names, place, note, change note."""
    _, site = hostile
    finding = site.page("findings/2018/responsible-ai/")
    assert finding.article.one("p", cls="d5-summary").text == IMG
    link = next(a for a in finding.article.find_all("a") if a.get("rel") == "noopener")
    assert link.text == SCRIPT
    assert link["href"] == 'https://example.org/a"onmouseover="alert(1)'
    members = finding.article.one("dl", cls="d5-meta")
    assert f"United Kingdom{QUOTE}" in members.text and IMG in members.text
    edition = site.page("charter/2014/")
    assert BOLD in edition.article.one("p", cls="d5-edition-meta").text
    assert edition.article.one("p", cls="d5-edition-note").text == SCRIPT
    principle = site.page("charter/principles/user-needs/")
    assert IMG in principle.article.one("p", cls="d5-change-note").text
    year = site.page("findings/2014/")
    assert BOLD in year.article.one("dl", cls="d5-meta").text


def test_hostile_titles_in_navigation(hostile: tuple[Path, BuiltSite]) -> None:
    """The overview title is a nav label: text there too."""
    _, site = hostile
    page = site.page("findings/2018/")
    labels = [a.text for a in page.primary_nav.find_all("a", cls="md-nav__link")]
    assert SCRIPT in labels
