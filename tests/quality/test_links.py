"""Quality gate: no broken internal link (file or #fragment) in any built page of any locale."""

from __future__ import annotations

import pytest
from linkcheck import check_links

from examplesite import BuiltSite


def test_example_site_has_no_broken_internal_links(example_site: BuiltSite) -> None:
    report = check_links(example_site.root, example_site.site_url)
    assert report.pages > 200 and report.internal > 1000, report.describe()
    if report.broken:
        pytest.fail(report.describe(), pytrace=False)


def test_hebrew_build_has_no_broken_internal_links(hebrew_site: BuiltSite) -> None:
    pages = sorted((hebrew_site.root / "he").rglob("*.html"))
    assert pages
    report = check_links(hebrew_site.root, hebrew_site.site_url, pages)
    if report.broken:
        pytest.fail(report.describe(), pytrace=False)


def test_linkcheck_finds_missing_files_and_fragments(tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a name="old">y</a>')
    (tmp_path / "style.css").write_text("")
    (tmp_path / "index.html").write_text(
        "<link rel=stylesheet href=style.css>\n"
        '<link rel="canonical" href="https://example.org/">\n'
        '<link rel="alternate" hreflang="fr" href="https://example.org/fr/">\n'  # broken: no fr/ in the build
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="/a/#old">ok</a> <a href="#">ok</a>\n'
        '<a href="a/#nowhere">bad fragment</a> <a href="b/">no file</a> <a href="a">folder</a>\n'
        '<a href="https://other.example/x">external</a> <a href="mailto:x@example.org">external</a>\n'
        '<script src="js/missing.js"></script> <img src="" alt="">\n'
    )
    report = check_links(tmp_path, "https://example.org/")
    reasons = sorted((b.link.url, b.reason) for b in report.broken)
    assert reasons == [
        ("", "empty URL"),
        ("a", "/a is a folder: link to /a/ (with a trailing slash)"),
        ("a/#nowhere", 'no id "nowhere" in /a/index.html'),
        ("b/", "no file /b/index.html in the build"),
        ("https://example.org/fr/", "no file /fr/index.html in the build"),
        ("js/missing.js", "no file /js/missing.js in the build"),
    ]
    assert report.external == 2
    assert report.pages == 2
