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
from hypothesis import given, settings
from hypothesis import strategies as st
from sitetree import make_site

from d5site.compile import FRONT_MATTER_KEY, EngineSettings, compile_site
from d5site.compile.frontmatter import with_front_matter
from d5site.core.siteconfig import load_site_config
from d5site.render.bodies import Heading
from d5site.render.rawhtml import RawHtmlExtension, html_block, toc_marker

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
                ok = inside in pages[first if first in pages else "en"] or (root / "docs" / inside).is_file() or target.startswith(("data/", "feed.xml")) \
                    or target.endswith("feed.xml")
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
