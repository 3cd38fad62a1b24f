"""`d5site build --engine zensical` (experimental) against `d5site build`: the example site (en, fr, ko) built by both
engines and compared page by page in every locale; a clear error when Zensical is missing; a failed locale publishes
nothing. What differs by nature (theme chrome, search index format) is in README.md's "Engines" section."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from examplesite import example_copy
from tests.htmlutil import BuiltSite, Node, Page, resolve

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("en", "fr", "ko")


EXTRA_PAGES = {
    "docs/contact.md": "# Contact\n\nWrite to the [secretariat](members/how-to-join.md).\n",
    "docs/members/how-to-join.md": "# How to join\n\nSee the [members](../members/index.md).\n",
    "docs/members/how-to-join.fr.md": "# Adhérer\n\nVoir les [membres](../members/index.md).\n",
    "docs/about-us/team.md": "# Team\n\n## Secretariat\n\nText.\n",
}
"""Hand-written pages added to the example: in a generated section, in a folder of their own, untranslated (fallbacks)."""


def _build(src: Path, dest: Path, *engine: str, strict: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "d5site", "build", *(["--strict"] if strict else []), *engine,
            "--config", str(src / "mkdocs.yml"), "-d", str(dest)]
    return subprocess.run(argv, cwd=src, capture_output=True, text=True, env=env, timeout=600, check=False)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltSite, BuiltSite]:
    """The example built by `d5site build` (MkDocs) and by `d5site build --engine zensical`."""
    base = tmp_path_factory.mktemp("engines")
    src = example_copy(base / "src").parent
    config = src / "mkdocs.yml"  # the reports' PDFs are MkDocs' alone (test_reports_pdfs_are_mkdocs_alone): compare without
    config.write_text(config.read_text("utf-8").replace("      pdf: true", "      pdf: false"), "utf-8")
    for rel, text in EXTRA_PAGES.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, "utf-8")
    mkdocs = _build(src, base / "mkdocs")
    assert mkdocs.returncode == 0, mkdocs.stderr
    zensical = _build(src, base / "zensical", "--engine", "zensical")
    assert zensical.returncode == 0, zensical.stderr
    assert "Traceback" not in zensical.stderr
    return BuiltSite(base / "mkdocs"), BuiltSite(base / "zensical")


def _pages(site: BuiltSite) -> set[str]:
    """Every page's URL (theme assets and 404 pages aside)."""
    return {site.url_of(path) for path in site.html_files()
            if "assets" not in path.relative_to(site.dir).parts and path.name != "404.html"}


def _locale_of(url: str) -> str:
    first = url.split("/", 1)[0]
    return first if first in LOCALES[1:] else LOCALES[0]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_same_pages_in_every_locale(sites: tuple[BuiltSite, BuiltSite]) -> None:
    mkdocs, zensical = sites
    assert _pages(zensical) == _pages(mkdocs)
    for locale in LOCALES:
        assert len([url for url in _pages(zensical) if _locale_of(url) == locale]) > 80


def test_the_same_article_text_on_every_page(sites: tuple[BuiltSite, BuiltSite]) -> None:
    mkdocs, zensical = sites
    different = [url for url in sorted(_pages(mkdocs))
                 if _words(zensical.page(url).article.text) != _words(mkdocs.page(url).article.text)]
    assert different == []


def _internal_links(root: Node, url: str) -> list[tuple[str, str, str]]:
    """(href, site-relative URL, fragment) of every link below `root` that stays on the site."""
    links = []
    for node in root.find_all("a"):
        href = node.get("href")
        if not href or href.startswith(("mailto:", "javascript:")):
            continue
        target = resolve(href, url)
        if target is not None:
            links.append((href, *target))
    return links


def test_every_internal_link_resolves(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Every link of every page leads to a file of the site; in the article, to an element with its fragment's id."""
    _, zensical = sites
    broken = []
    checked = 0
    for url in sorted(_pages(zensical)):
        page = zensical.page(url)
        for href, path, _ in _internal_links(page.doc, url):
            checked += 1
            if not (zensical.dir / path).is_file() and not zensical.exists(path):
                broken.append(f"/{url}: {href}")
        for href, path, fragment in _internal_links(page.article, url):
            if fragment and zensical.exists(path) and zensical.page(path).doc.find(id=fragment) is None:
                broken.append(f"/{url}: {href} (no #{fragment})")
    assert broken == []
    assert checked > 5000


def _lang_attributes(node: Node) -> list[tuple[str | None, str | None]]:
    return [(n.get("lang"), n.get("dir")) for n in node.find_all() if "lang" in n.attrs or "dir" in n.attrs]


def _texts(nodes: list[Node]) -> list[str]:
    return [_words(n.text) for n in nodes]


def _toc(page: Page) -> list[tuple[str | None, str]]:
    nav = page.doc.find("nav", cls="md-nav--secondary")
    return [(a.get("href"), _words(a.text)) for a in nav.find_all("a")] if nav is not None else []


def _title(page: Page) -> str:
    """<title>: what the page is, then the site's name (the page's state, the same under both engines)."""
    return page.title


def _generator(page: Page) -> str | None:
    meta = page.doc.one("head").find("meta", name="generator")
    return meta.get("content") if meta is not None else None


PAGE_STATE = {
    "lang": lambda page: page.lang,
    "lang/dir in the article": lambda page: _lang_attributes(page.article),
    "notices": lambda page: [n.get("data-d5site-notice") for n in page.doc.find_all(cls="d5-notice")],
    "hreflang": lambda page: page.hreflang,
    "canonical": lambda page: page.canonical,
    "language selector": lambda page: page.switcher,
    "title": _title,
    "navigation": lambda page: _texts(page.primary_nav.find_all(cls="md-nav__link")),
    "table of contents": _toc,
    "feed link": lambda page: [link.get("href") for link in page.doc.one("head").find_all("link", type="application/atom+xml")],
    "print CSS": lambda page: _texts(page.doc.one("head").find_all("style")),
    "footer": lambda page: [text.replace("Material for MkDocs", "ENGINE").replace("Zensical", "ENGINE")
                            for text in _texts(page.doc.find_all(cls="d5-footer-links") + page.doc.find_all(cls="md-copyright"))],
}
"""What d5site adds to a page around its text, each compared between the engines."""


def test_notices_language_hreflang_and_chrome_match(sites: tuple[BuiltSite, BuiltSite]) -> None:
    mkdocs, zensical = sites
    different = []
    counts = dict.fromkeys(PAGE_STATE, 0)
    for url in sorted(_pages(mkdocs)):
        a, b = mkdocs.page(url), zensical.page(url)
        for name, value in PAGE_STATE.items():
            ours, theirs = value(b), value(a)
            counts[name] += bool(theirs)
            if ours != theirs:
                different.append(f"/{url}: {name} {ours!r} != {theirs!r}")
    assert different[:20] == []
    generators = {(_generator(mkdocs.page(url)), _generator(zensical.page(url))) for url in _pages(mkdocs)}
    assert generators == {(f"mkdocs-{version('mkdocs')}, mkdocs-material, d5site", f"zensical-{version('zensical')}, d5site")}
    assert counts["notices"] >= 5 and counts["canonical"] > 200 and counts["print CSS"] >= 27  # the example has each
    assert counts["table of contents"] > 100 and counts["hreflang"] > 200


def test_both_navigations_list_every_annual_report(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Issue 18/19: every report, newest first, in a section of its own in every locale, in the locale's words, under
    both engines (on each report's page, where even a pruned navigation shows that section's pages)."""
    from d5site.core.catalog import Catalog

    years = sorted((int(p.name) for p in (REPO / "findings").iterdir() if p.name.isdigit() and any(p.glob("*.md"))), reverse=True)
    assert len(years) >= 5
    for locale in LOCALES:
        catalog, prefix = Catalog(locale), "" if locale == LOCALES[0] else f"{locale}/"
        expected = [(catalog.t("annual_report", year=year), f"{prefix}reports/{year}/") for year in years]
        for site in sites:
            for year in years:
                assert site.page(f"{prefix}reports/{year}/").nav_section(catalog.t("annual_reports")) == expected, (site.dir, year)


def test_a_404_page_per_locale(sites: tuple[BuiltSite, BuiltSite]) -> None:
    mkdocs, zensical = sites
    for locale in LOCALES:
        url = "404.html" if locale == LOCALES[0] else f"{locale}/404.html"
        a, b = mkdocs.page(url), zensical.page(url)
        assert b.lang == a.lang == locale
        assert _words(b.article.text) == _words(a.article.text)
        links = [[n["href"] for n in page.article.find_all("a") if "href" in n.attrs] for page in (b, a)]
        assert links[0] == links[1] and len(links[0]) == 4  # home, findings, charter, members: from the site's root


def _search_locations(index: list[dict[str, object]]) -> set[str]:
    return {str(item["location"]).split("#", 1)[0] for item in index}


def test_one_search_index_per_locale(sites: tuple[BuiltSite, BuiltSite]) -> None:
    mkdocs, zensical = sites
    for locale in LOCALES:
        prefix = "" if locale == LOCALES[0] else f"{locale}/"
        ours = json.loads((zensical.dir / prefix / "search.json").read_text("utf-8"))
        theirs = json.loads((mkdocs.dir / prefix / "search" / "search_index.json").read_text("utf-8"))
        assert ours["config"]["lang"] == [locale]
        assert _search_locations(ours["items"]) == _search_locations(theirs["docs"])
    indexes = sorted(p.relative_to(zensical.dir).as_posix() for p in zensical.dir.rglob("search.json"))
    assert indexes == ["fr/search.json", "ko/search.json", "search.json"]


def test_without_zensical_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from d5site.cli.main import main

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", "utf-8")
    status = main(["build", "--engine", "zensical", "--config", str(REPO / "mkdocs.yml"), "-d", str(site)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Zensical is not installed; install it with `pip install zensical==0.0.73`" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in site.iterdir()) == ["old.html"]


def test_a_failed_locale_publishes_nothing(tmp_path: Path) -> None:
    src = example_copy(tmp_path / "src").parent
    config = (src / "mkdocs.yml").read_text("utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1)
    (src / "mkdocs.yml").write_text(config, "utf-8")
    (src / "overrides").mkdir()
    broken = '{% extends "d5site/base.html" %}{% block content %}{{ no.such.value }}{% endblock %}'
    (src / "overrides" / "main.html").write_text(broken, "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", "utf-8")
    result = _build(src, site, "--engine", "zensical")
    assert result.returncode == 1
    assert "the build of en, fr, ko failed" in result.stderr and "was left unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in site.iterdir()) == ["old.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".d5site-")]


def test_warnings_name_the_sites_file_and_line_and_strict_fails(tmp_path: Path) -> None:
    """Zensical's warning about a staged page names the site's own file and line (its added front matter discounted)."""
    src = example_copy(tmp_path / "src").parent
    page = src / "docs" / "index.fr.md"
    text = page.read_text("utf-8")
    page.write_text(text + "\nVoir [ailleurs](nowhere.md).\n", "utf-8")
    line = text.count("\n") + 2
    lenient = _build(src, tmp_path / "site", "--engine", "zensical", strict=False)
    assert lenient.returncode == 0, lenient.stderr
    warnings = [row for row in lenient.stderr.splitlines() if row.startswith("WARNING")]
    assert warnings == [f"WARNING - docs/index.fr.md:{line}: zensical: page does not exist [fr]"]
    strict = _build(src, tmp_path / "strict", "--engine", "zensical")
    assert strict.returncode == 1
    assert warnings[0] in strict.stderr and "the build of fr failed" in strict.stderr
    assert not (tmp_path / "strict").exists()


def _sitemap(site: BuiltSite) -> dict[str, dict[str, str]]:
    """sitemap.xml: each URL -> its alternates (hreflang -> URL)."""
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site.dir / "sitemap.xml").getroot()
    return {url.findtext("s:loc", namespaces=ns) or "": {a.get("hreflang", ""): a.get("href", "") for a in url.findall("x:link", ns)}
            for url in root.findall("s:url", ns)}


def test_feeds_open_data_and_sitemap(sites: tuple[BuiltSite, BuiltSite]) -> None:
    """Feeds and open data are the same files; one sitemap lists the same URLs, each with its page's hreflang."""
    mkdocs, zensical = sites
    data = [p.relative_to(mkdocs.dir).as_posix() for p in (mkdocs.dir / "data").iterdir()]
    files = ["feed.xml", "fr/feed.xml", "ko/feed.xml", *data]
    assert len(files) > 5
    assert [rel for rel in files if (zensical.dir / rel).read_bytes() != (mkdocs.dir / rel).read_bytes()] == []
    ours = _sitemap(zensical)
    assert set(ours) == set(_sitemap(mkdocs))
    assert not list(zensical.dir.glob("*/sitemap.xml*"))
    for loc, alternates in ours.items():
        assert alternates == zensical.page(loc.removeprefix("https://example.org/")).hreflang


def test_what_it_cannot_build_is_refused_before_building(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A docs page setting `d5site:` (the reserved key) or whose front matter is not data (an anchor), and
    `use_directory_urls: false` are refused with file and line."""
    from d5site.cli.main import main

    config = example_copy(tmp_path / "src")
    page = config.parent / "docs" / "index.fr.md"
    page.write_text(page.read_text("utf-8").replace("---\n", "---\nd5site: {state: current}\n", 1), "utf-8")
    site = tmp_path / "site"
    assert main(["build", "--engine", "zensical", "--config", str(config), "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert "docs/index.fr.md:2: front matter key 'd5site:' is reserved" in err
    page.write_text(page.read_text("utf-8").replace("d5site: {state: current}\n", "tags: &t [a]\n"), "utf-8")
    assert main(["build", "--engine", "zensical", "--config", str(config), "-d", str(site)]) == 1
    err = capsys.readouterr().err  # a front matter the page's state cannot be added to safely: refused, located
    assert "docs/index.fr.md:2: anchors (&t) are not allowed" in err
    assert "Traceback" not in err and not site.exists()
    page.write_text(page.read_text("utf-8").replace("tags: &t [a]\n", ""), "utf-8")
    config.write_text("use_directory_urls: false\n" + config.read_text("utf-8"), "utf-8")
    assert main(["build", "--engine", "zensical", "--config", str(config), "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:1: use_directory_urls: false is not supported by `d5site build --engine zensical` yet" in err
    assert "Traceback" not in err and not site.exists()


def test_reports_pdfs_are_mkdocs_alone(tmp_path: Path) -> None:
    """With `pdf: true`, a Zensical build says it writes no PDF, and no page links one (every link resolves)."""
    src = example_copy(tmp_path / "src").parent
    assert "      pdf: true" in (src / "mkdocs.yml").read_text("utf-8")
    built = _build(src, tmp_path / "site", "--engine", "zensical")
    assert built.returncode == 0, built.stderr
    assert "neither writes nor links them" in built.stdout + built.stderr
    assert not list((tmp_path / "site").rglob("*.pdf"))
    assert not [p for p in (tmp_path / "site").rglob("*.html") if ".pdf" in p.read_text("utf-8")]
