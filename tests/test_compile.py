"""The engine-neutral site compiler (d5site.compile): pages with their state as front matter, links an engine
resolves, the navigation plan, the 404 context, static files; and the toc of marked HTML runs."""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import assume, given, settings, strategies as st

from d5site.compile import FRONT_MATTER_KEY, EngineSettings, compile_site
from d5site.compile.frontmatter import with_front_matter
from d5site.core.siteconfig import load_site_config
from d5site.render.bodies import Heading
from d5site.render.rawhtml import RawHtmlExtension, html_block, toc_marker
from sitetree import make_site

_FRONT = re.compile(r"^---\n(.*?\n)---\n", re.DOTALL)
_HREF = re.compile(r'(?:href|src)="([^"#]*)(?:#[^"]*)?"')


def _front(page: str) -> dict:
    found = _FRONT.match(page)
    assert found is not None
    return yaml.load(found.group(1), yaml.CSafeLoader)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_front_matter_reads_back_exactly(text: str) -> None:
    """Any text in a state value comes back from YAML as it went in (line breaks, U+2028, C1 controls, `#`, `: `, `---`)."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # not in a Python str read from UTF-8
    page = with_front_matter("# Title\n", {FRONT_MATTER_KEY: {"fallback_notice": text, "hreflang": [{"href": text}]}})
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        found = _FRONT.match(page)
        assert found is not None
        assert yaml.load(found.group(1), loader)[FRONT_MATTER_KEY] == {"fallback_notice": text, "hreflang": [{"href": text}]}
    assert page.endswith("---\n# Title\n")


def test_front_matter_joins_a_block_the_page_starts_with() -> None:
    page = with_front_matter("---\nhide:\n  - toc\n---\n# Members\n", {"d5site": {"state": "current"}})
    assert _front(page) == {"d5site": {"state": "current"}, "hide": ["toc"]}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, str]]]:
    root = make_site(tmp_path_factory.mktemp("compile"))
    site = load_site_config(root / "mkdocs.yml")
    compiler = compile_site(site, EngineSettings(site_name="Test site", markdown_extensions=["toc", "attr_list"], links="source"))
    pages = {locale: dict(compiler.locale(locale).pages()) for locale in compiler.locales}
    return root, pages


def test_every_locale_has_every_generated_page_with_its_state(compiled: tuple[Path, dict[str, dict[str, str]]]) -> None:
    _, pages = compiled
    assert set(pages) == {"en", "fr", "ko"}
    assert set(pages["en"]) == set(pages["fr"]) == set(pages["ko"])
    finding = "findings/2016/assisted-services.md"
    assert _front(pages["en"][finding])["d5site"]["state"] == "source"
    states = {locale: _front(pages[locale][finding])["d5site"] for locale in pages}
    assert states["fr"]["state"] in ("current", "outdated", "missing")
    assert {a["lang"] for a in states["en"]["hreflang"]} >= {"en"}
    assert all(s["locale"] == locale and s["feed_url"].endswith("feed.xml") for locale, s in states.items())
    assert _front(pages["en"]["reports/2016.md"])["search"] == {"exclude": True}
    assert _front(pages["en"]["reports/2016.md"])["d5site"]["print_css"].startswith("@media print")


def test_source_links_lead_to_existing_sources(compiled: tuple[Path, dict[str, dict[str, str]]]) -> None:
    """With `links: source`, every relative link of a generated page names a generated page's or a docs/ file's source."""
    root, pages = compiled
    checked = 0
    for locale, by_uri in pages.items():
        prefix = "" if locale == "en" else f"{locale}/"
        for src_uri, page in by_uri.items():
            for href in _HREF.findall(page):
                if not href or "://" in href or href.startswith(("/", "mailto:")):
                    continue
                target = posixpath.normpath(posixpath.join(prefix + posixpath.dirname(src_uri), href))
                first, _, rest = target.partition("/")
                inside = rest if first in pages else target  # a link to another locale's page: its source in that locale
                ok = (inside in pages[first if first in pages else "en"] or (root / "docs" / inside).is_file()
                      or target.startswith(("data/", "feed.xml")) or target.endswith("feed.xml"))
                assert ok, f"{locale} {src_uri}: {href} -> {target}"
                checked += 1
    assert checked > 200


def test_nav_404_and_static_files(compiled: tuple[Path, dict[str, dict[str, str]]], tmp_path: Path) -> None:
    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    fr = compiler.locale("fr")
    plan = fr.nav()
    assert plan.rank("index.md") < plan.rank("findings/index.md") < plan.rank("charter/index.md") < plan.rank("members/index.md")
    assert set(plan.titles) >= {"findings/index.md", "charter/index.md"}
    context = fr.not_found()
    assert context["locale"] == "fr" and context["links"][0][1].endswith("/fr/")
    files = fr.static_files(tmp_path, _dt.datetime(2024, 1, 1, tzinfo=_dt.UTC))
    assert "fr/feed.xml" in files and "data/findings.json" in files
    assert all(path.is_file() for path in files.values())


def test_docs_pages_get_their_state_as_front_matter(compiled: tuple[Path, dict[str, dict[str, str]]]) -> None:
    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    ko = compiler.locale("ko")
    page = ko.docs_page("index.md", "\ufeff---\r\ntitle: Home\r\n---\r\n# Home\r\n", text_locale="en")
    front = _front(page)
    assert front["title"] == "Home" and front["d5site"]["state"] == "missing" and front["d5site"]["text_lang"] == "en"
    assert page.endswith("---\n# Home\n")
    assert _front(compiler.locale("fr").docs_page("index.md", "# Accueil\n"))["d5site"]["state"] in ("current", "outdated")


def _convert(page: str, extension: object = None) -> list[dict]:
    md = markdown.Markdown(extensions=["toc", extension or RawHtmlExtension()])
    md.convert(page)
    return md.toc_tokens  # type: ignore[attr-defined]


def test_headings_of_marked_runs_join_the_toc_in_place_as_text() -> None:
    hostile = "<img src=x onerror=alert(1)> & -->"
    headings = [Heading(2, "a", hostile), Heading(3, "b", "Sub")]
    run = html_block('<h2 id="a">x</h2>\n<p>t</p>\n<h3 id="b">Sub</h3>')
    page = "# Title\n\n## Before\n" + str(run) + "\n## After\n" + toc_marker(headings)
    tokens = _convert(page)

    def flat(items: list[dict], depth: int = 0) -> list[tuple[int, str, str]]:
        return [entry for item in items for entry in [(depth, item["id"], item["name"]), *flat(item["children"], depth + 1)]]

    assert flat(tokens) == [(0, "title", "Title"), (1, "before", "Before"), (1, "a", "&lt;img src=x onerror=alert(1)&gt; &amp; --&gt;"),
                            (2, "b", "Sub"), (1, "after", "After")]


def test_the_extension_loads_by_name() -> None:
    """An engine that loads extensions by name (Zensical's mkdocs.yml) gets the same table of contents."""
    page = "# Title\n" + str(html_block('<h2 id="a">A</h2>')) + toc_marker([Heading(2, "a", "A")])
    assert [t["id"] for t in _convert(page, "d5site.render.rawhtml")[0]["children"]] == ["a"]


def test_a_toc_marker_outside_the_last_line_is_ignored() -> None:
    """Only the page's last line is read: a marker elsewhere (which no body can write: bodies lose comments) adds nothing."""
    page = toc_marker([Heading(2, "after", "Injected")]) + "\n# Title\n\n## After\n"
    assert [t["name"] for t in _convert(page)[0]["children"]] == ["After"]


@pytest.mark.parametrize(("path", "text", "line"), [
    ("docs/about.md", "---\ntitle: About\nd5site:\n  state: current\n  hreflang: []\n---\n# About\n", 3),
    ("docs/index.fr.md", '---\n"d5site": {print_css: "x"}\n---\n# Accueil\n', 2),
])
def test_check_and_build_refuse_d5site_front_matter_in_docs(tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, text: str,
                                                            line: int) -> None:
    """A hand-written page may not carry the state d5site writes for its pages (it could hide a notice or inject links)."""
    from test_hostile_input import assert_build_refuses, assert_line, check

    root = make_site(tmp_path, {path: text})
    status, lines, _ = check(root, capsys)
    assert status == 1
    assert_line(lines, path, line, "front matter key 'd5site:' is reserved")
    assert_build_refuses(root, f"{path}:{line}:", "front matter key 'd5site:' is reserved")


def test_other_front_matter_in_docs_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from test_hostile_input import check

    root = make_site(tmp_path, {"docs/about.md": "---\ntitle: About\nd5site_notes: fine\nhide: [toc]\n---\n# About\n"})
    status, lines, _ = check(root, capsys)
    assert status == 0, lines


# -- issue 18/19: the annual reports in the navigation; every page's title from the compiler --------------


def test_nav_plan_lists_the_annual_reports_newest_first_in_the_locales_words(compiled: tuple[Path, dict[str, dict[str, str]]]) -> None:
    from d5site.core.catalog import Catalog

    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    for locale in compiler.locales:
        plan, catalog = compiler.locale(locale).nav(), Catalog(locale)
        reports = [uri for uri in plan.listed() if uri.startswith("reports/")]
        assert reports == ["reports/2021.md", "reports/2018.md", "reports/2016.md", "reports/2014.md"]
        assert plan.rank("findings/2014.md") < plan.rank("reports/2021.md") < plan.rank("reports/2014.md") < plan.rank("charter/index.md")
        assert plan.section_title("reports") == catalog.t("annual_reports")
        assert plan.page_titles == {uri: catalog.t("annual_report", year=int(uri[8:12])) for uri in reports}
        assert "findings/2018/responsible-ai.md" not in plan.pages and "translations/index.md" not in plan.pages
        assert {"findings/index.md", "findings/2018.md", "charter/index.md", "members/index.md"} <= plan.pages


@pytest.mark.parametrize(("locale", "uri", "title"), [
    ("en", "reports/2018.md", "Annual report 2018"),
    ("fr", "reports/2018.md", "Rapport annuel 2018"),
    ("ko", "reports/2018.md", "2018년 연례 보고서"),
    ("fr", "findings/2018/responsible-ai.md", "Usage responsable de l'IA"),
    ("ko", "findings/2018/responsible-ai.md", "Responsible use of AI"),  # a fallback: the source's title
    ("en", "findings/2014.md", "2014: London"),
    ("fr", "findings/2014.md", "2014 : Londres"),
    ("fr", "members/index.md", "Membres"),
])
def test_generated_pages_carry_their_title(compiled: tuple[Path, dict[str, dict[str, str]]], locale: str, uri: str, title: str) -> None:
    """The compiler renders each page, so it knows its title: every engine writes the `<title>` the page's state carries."""
    _, pages = compiled
    assert _front(pages[locale][uri])["d5site"]["head_title"] == f"{title} – Test site"


def _docs_state(page: str) -> dict:
    return _front(page)["d5site"]


@pytest.mark.parametrize(("uri", "text", "title"), [
    ("about.md", "---\ntitle: About us\nhide: [toc]\n---\n# Something else\n", "About us – Test site"),
    ("about.md", "\n\n# Tom &amp; *Jerry* { #top }\n\nText.\n", "Tom & Jerry – Test site"),
    ("about.md", "About the group\n===============\n\nText.\n", "About the group – Test site"),
    ("about.md", "Text first.\n\n# A later heading\n", "About – Test site"),  # not its first element: no title, as in MkDocs
    ("guide/index.md", "Text.\n", "Guide – Test site"),
    ("about.md", "---\n\n# Rules, not front matter\n\n---\n\nText.\n", "About – Test site"),
    ("index.md", "---\ntitle: Home\n---\n# Home\n", "Test site"),
])
def test_docs_pages_get_their_title_once_for_every_engine(compiled: tuple[Path, dict[str, dict[str, str]]], uri: str, text: str,
                                                          title: str) -> None:
    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site", markdown_extensions=["attr_list"]))
    assert _docs_state(compiler.locale("en").docs_page(uri, text))["head_title"] == title


def test_a_block_that_is_no_front_matter_gets_one_of_its_own(compiled: tuple[Path, dict[str, dict[str, str]]]) -> None:
    """An empty block (two rules, for MkDocs) keeps its heading: the state goes in a block before it, not into it."""
    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    text = "---\n\n# Rules\n\n---\n\nText.\n"
    page = compiler.locale("en").docs_page("about.md", text)
    assert page.endswith("\n---\n" + text) and _docs_state(page)["state"] == "source"


@pytest.mark.parametrize(("front", "home"), [
    ("template: d5site/home.html\n", True),
    ("template: 'd5site/home.html'  # the front door\n", True),
    ("title: Home\ntemplate:   \"d5site/home.html\"\n", True),
    ("# template: d5site/home.html\n", False),
    ("extra:\n  template: d5site/home.html\n", False),
    ("template: d5site/home.htm\n", False),
])
def test_the_front_door_is_read_from_the_parsed_front_matter(compiled: tuple[Path, dict[str, dict[str, str]]], front: str,
                                                             home: bool) -> None:
    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    state = _docs_state(compiler.locale("fr").docs_page("index.md", f"---\n{front}---\n# Accueil\n"))
    assert ("home" in state) is home
    if home:
        assert state["home"]["report"]["href"] == "reports/2021/"


@pytest.mark.parametrize(("front", "line", "message"), [
    ("title: x\ntags: &t [a]\n", 3, "anchors (&t) are not allowed"),
    ("title: !!python/object/apply:os.system [ls]\n", 2, "tags (!!python/object/apply:os.system) are not allowed"),
    ("title: a\ntitle: b\n", 3, "duplicate key"),
    ("title: [unclosed\n", 2, ""),
    ("- a\n- b\n", 2, "front matter must be a mapping"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", 2, ""),
])
def test_a_front_matter_that_is_not_data_is_a_located_error(compiled: tuple[Path, dict[str, dict[str, str]]], front: str,
                                                            line: int, message: str) -> None:
    """Hostile YAML in a hand-written page: an error naming its file and line, never a traceback (the state cannot be
    added to a front matter d5site cannot read)."""
    from d5site.compile import CompileError

    root, _ = compiled
    compiler = compile_site(load_site_config(root / "mkdocs.yml"), EngineSettings(site_name="Test site"))
    with pytest.raises(CompileError) as raised:
        compiler.locale("fr").docs_page("about.md", f"---\n{front}---\n# About\n", path="docs/about.fr.md")
    [problem] = raised.value.diagnostics
    assert problem.path == "docs/about.fr.md" and 2 <= problem.line <= line and message in problem.message, problem.text()


_INERT_MARKDOWN = markdown.Markdown(extensions=[
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "meta", "nl2br", "sane_lists",
    "tables", "toc", "wikilinks", "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed",
    RawHtmlExtension()])


@given(st.text(alphabet=st.sampled_from(list("aZé한0 ,.;:?!()'\"/%$@-")), min_size=1, max_size=40))
@settings(max_examples=500, deadline=None)
def test_a_title_taken_as_written_is_the_text_markdown_renders(text: str) -> None:
    """With only inert extensions, a title of letters and ordinary punctuation is read without rendering it, as it renders."""
    from d5site.compile.titles import INERT_EXTENSIONS, heading_text, plain_text

    extensions = ["toc", "tables", "fenced_code", "attr_list", RawHtmlExtension(), *sorted(INERT_EXTENSIONS)]
    assert plain_text(extensions).pattern != plain_text(["smarty"]).pattern
    heading = text.strip()
    assume(heading)
    rendered = heading_text(heading, lambda md: _INERT_MARKDOWN.reset().convert(md), re.compile(r"(?!)"))  # always rendered
    assert heading_text(heading, lambda md: pytest.fail("rendered"), plain_text(extensions)) == rendered
