"""The URL scheme (d5site.core.urls): every URL of CONTRACT §8, in every locale and both URL styles, written in one module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from d5site.core import urls
from d5site.core.site import load_from_config_file
from d5site.core.urls import UrlScheme, absolute_url, feed_path, locale_prefix, page_url, relative_url
from d5site.render.pages import page_specs

PACKAGE = Path(__file__).resolve().parent.parent / "d5site"

CONTRACT_PAGES = [
    (urls.FINDINGS, "findings/", "findings/index.html"),
    (urls.year_page(2018), "findings/2018/", "findings/2018.html"),
    (urls.finding_page(2018, "responsible-ai"), "findings/2018/responsible-ai/", "findings/2018/responsible-ai.html"),
    (urls.THEMES, "findings/themes/", "findings/themes/index.html"),
    (urls.theme_page("data"), "findings/themes/data/", "findings/themes/data.html"),
    (urls.MEMBERS, "members/", "members/index.html"),
    (urls.member_page("gb"), "members/gb/", "members/gb.html"),
    (urls.CODE, "code/", "code/index.html"),
    (urls.report_page(2018), "reports/2018/", "reports/2018.html"),
    (urls.CHARTER, "charter/", "charter/index.html"),
    (urls.charter_page(2014), "charter/2014/", "charter/2014.html"),
    (urls.PRINCIPLES, "charter/principles/", "charter/principles/index.html"),
    (urls.principle_page("user-needs"), "charter/principles/user-needs/", "charter/principles/user-needs.html"),
    (urls.TRANSLATIONS, "translations/", "translations/index.html"),
]


@pytest.mark.parametrize(("src_uri", "directory", "html"), CONTRACT_PAGES)
def test_every_page_of_the_contract_in_both_url_styles_and_every_locale(src_uri: str, directory: str, html: str) -> None:
    assert page_url(src_uri) == directory
    assert page_url(src_uri, "", use_directory_urls=False) == html
    scheme = UrlScheme("en")
    assert scheme.page(src_uri, "en") == scheme.page(src_uri) == directory
    assert scheme.page(src_uri, "fr") == "fr/" + directory
    assert UrlScheme("en", use_directory_urls=False).page(src_uri, "ko") == "ko/" + html


def test_fragments_feeds_and_data() -> None:
    scheme = UrlScheme("en")
    assert scheme.page(urls.principle_page("user-needs"), "fr", urls.revision_fragment(2018)) == "fr/charter/principles/user-needs/#r2018"
    assert scheme.page(urls.member_page("ee"), None, urls.STATEMENT_FRAGMENT) == "members/ee/#statement"
    assert feed_path("en", "en") == scheme.feed("en") == "feed.xml"
    assert feed_path("he", "en") == scheme.feed("he") == "he/feed.xml"
    assert urls.data_path("findings.json") == "data/findings.json"
    assert locale_prefix(None, "en") == locale_prefix("en", "en") == ""
    assert locale_prefix("fr", "en") == "fr/"


@pytest.mark.parametrize("site_url", ["https://example.org/d5/", "https://example.org/d5"])
def test_absolute_urls_with_or_without_a_trailing_slash(site_url: str) -> None:
    assert absolute_url(site_url, "fr/findings/") == "https://example.org/d5/fr/findings/"
    assert UrlScheme("en", site_url=site_url).public("feed.xml") == "https://example.org/d5/feed.xml"
    assert UrlScheme("en").public("feed.xml") == "feed.xml"
    assert UrlScheme("en", site_url="").public("feed.xml") == "feed.xml"


@pytest.mark.parametrize(("target", "source", "expected"), [
    ("findings/2018/x/", "findings/2018/x/", "./"),
    ("findings/", "findings/2018/x/", "../../"),
    ("fr/findings/2018/x/#r2018", "fr/charter/", "../findings/2018/x/#r2018"),
    ("feed.xml", "fr/findings/", "../../feed.xml"),
    ("", "members/gb/", "../../"),
    ("findings/2018.html", "findings/2018/x.html", "../2018.html"),
    ("a/./b/", "c/", "../a/b/"),
])
def test_relative_urls(target: str, source: str, expected: str) -> None:
    assert relative_url(target, source) == expected


def test_every_generated_page_is_a_url_of_the_contract(make_site) -> None:
    """The pages of a real site are exactly the URLs of §8 built from its content (no page at a URL the scheme does not name)."""
    root = make_site()
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    content = loaded.content
    expected = {urls.FINDINGS, urls.CHARTER, urls.PRINCIPLES, urls.MEMBERS, urls.CODE, urls.TRANSLATIONS}
    expected |= {urls.year_page(year) for year in content.years} | {urls.report_page(year) for year in content.years}
    expected |= {urls.finding_page(year, fid) for year, fid in content.findings}
    expected |= {urls.charter_page(year) for year in range(min(content.editions), max([*content.editions, *content.years]) + 1)}
    expected |= {urls.compare_page(a, b) for a in content.editions for b in content.editions if a < b}
    expected |= {urls.principle_page(pid) for pid in content.principles}
    expected |= {urls.member_page(member.code) for member in content.public_members()}
    if content.themes:
        expected |= {urls.THEMES} | {urls.theme_page(tid) for tid in content.themes}
    assert {spec.src_uri for spec in page_specs(content)} == expected


SCOPE = ("core", "render", "cli")
"""The layers that must take URLs from d5site.core.urls (mkdocs/ is being reworked into an adapter over the same module)."""
PAGE_FOLDERS = ("findings/", "charter/", "members/", "reports/", "code/", "translations/")


def _written_by_hand(path: Path) -> list[str]:
    """Page paths (`"findings/…md"`), locale prefixes (`f"{locale}/"`) and `x.rstrip("/") + "/"` written outside core/urls.py."""
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            if (
                len(parts) == 2
                and isinstance(parts[0], ast.FormattedValue)
                and isinstance(parts[1], ast.Constant)
                and parts[1].value == "/"
            ):
                found.append(f"{path.name}:{node.lineno}: a locale prefix (use urls.locale_prefix)")
            head, tail = parts[0] if parts else None, parts[-1] if parts else None
            if (isinstance(head, ast.Constant) and str(head.value).startswith(PAGE_FOLDERS)
                    and isinstance(tail, ast.Constant) and str(tail.value).endswith(".md") and path.parts[-2] != "cli"):
                found.append(f"{path.name}:{node.lineno}: a page path (use urls.*_page)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and path.parts[-2] != "cli":
            if node.value.startswith(PAGE_FOLDERS) and node.value.endswith(".md") and "\n" not in node.value and " " not in node.value:
                found.append(f"{path.name}:{node.lineno}: a page path (use urls.*)")
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and isinstance(node.right, ast.Constant)
            and node.right.value == "/"
        ):
            left = node.left
            if isinstance(left, ast.Call) and isinstance(left.func, ast.Attribute) and left.func.attr == "rstrip":
                found.append(f"{path.name}:{node.lineno}: an absolute URL (use urls.absolute_url)")
    return found


def test_urls_are_written_in_one_module() -> None:
    offenders = []
    for layer in SCOPE:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            if path != PACKAGE / "core" / "urls.py":
                offenders += _written_by_hand(path)
    assert offenders == []
