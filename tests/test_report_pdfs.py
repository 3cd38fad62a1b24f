"""The annual report as a PDF (issue 19): one per year with findings and locale, PDF/UA-1, built with the site.

The example site (en, fr, ko) and its Hebrew copy build every report's PDF: each passes the `pdfua`
checker with no finding and the structure checks of tests/pdfcheck.py (tags, headings in order, /Lang,
other-language passages, title shown, bookmarks per section and finding, embedded fonts and no Type 3,
tagged links, table headers), and its text reads back in every locale. A small site checks the options,
the cache, refused fetches, a character no font has and reproducible bytes.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from d5site.core.catalog import Catalog
from d5site.core.configcheck import option_problems
from d5site.core.siteconfig import Options
from d5site.render import pdf, report
from examplesite import BuiltSite
from htmlutil import build_site, check_site
from pdfcheck import pdfua_problems, structure_problems

SITE_NAME = "Digital Nations"
SLUG = "digital-nations"
PLACE_2018 = {"en": "Wellington", "fr": "Wellington", "ko": "웰링턴", "he": "Wellington"}
HEBREW_TITLE = "גישה משותפת לשימוש אחראי בבינה מלאכותית"
"""The one finding of 2018 translated into Hebrew in the Hebrew copy (tests/examplesite.py)."""
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*class="[^"]*d5-report-(?:finding|annex)[^"]*"[^>]*>(.*?)</h2>', re.S)


def report_pdfs(site: BuiltSite, locale: str) -> list[Path]:
    return sorted((site.root / site.prefix(locale) / "reports").glob(f"*/{SLUG}-annual-report-*-{locale}.pdf"))


def section_titles(page: Path) -> list[str]:
    """The titles of the findings and annex of a report page, as its HTML shows them (permalink sign removed)."""
    text = page.read_text("utf-8")
    return [" ".join(html.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", title)).split())
            for _, title in _H2.findall(text)]


def check_locale(site: BuiltSite, locale: str, other_langs: dict[int, set[str]]) -> None:
    catalog = Catalog(locale)
    pdfs = report_pdfs(site, locale)
    years = sorted(int(p.parent.name) for p in pdfs)
    assert years == [2014, 2015, 2016, 2018, 2019, 2020, 2021, 2022, 2023], years  # every year with findings
    problems = {}
    for path in pdfs:
        year = int(path.parent.name)
        title = f"{catalog.t('annual_report', year=year)} – {SITE_NAME}"
        marks = [catalog.t("report_about"), catalog.t("contents"), *section_titles(path.parent / "index.html")]
        found = pdfua_problems(path) + structure_problems(path, lang=locale, title=title, bookmarks=marks,
                                                         other_langs=other_langs.get(year, set()))
        if found:
            problems[path.name] = found
    assert problems == {}


def has(text: str, phrase: str, locale: str) -> bool:
    """Whether `text` read back shows `phrase`: in a right-to-left locale, a number or a Latin run inside Hebrew
    comes out of the PDF in visual order (and punctuation with it), so each of its words is looked for instead."""
    words = phrase.split()
    if locale != "he":
        return " ".join(words) in text
    return all(word.strip(":.,;()") in text for word in words)


def read_back(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.mark.parametrize("locale", ["en", "fr", "ko"])
def test_every_report_pdf_of_the_example_passes_pdfua_and_the_structure_checks(example_site: BuiltSite, locale: str) -> None:
    # fr 2015: one finding is not translated; its passage is tagged English
    check_locale(example_site, locale, {2015: {"en"}} if locale == "fr" else {})


def test_every_hebrew_report_pdf_passes_pdfua_and_the_structure_checks(hebrew_site: BuiltSite) -> None:
    check_locale(hebrew_site, "he", {2018: {"en"}})


@pytest.mark.parametrize("locale", ["en", "fr", "ko", "he"])
def test_the_2018_report_reads_back_in_its_language(example_site: BuiltSite, hebrew_site: BuiltSite, locale: str) -> None:
    site = hebrew_site if locale == "he" else example_site
    catalog = Catalog(locale)
    folder = site.root / site.prefix(locale) / "reports/2018"
    text = read_back(folder / f"{SLUG}-annual-report-2018-{locale}.pdf")
    first = " ".join(PdfReader(folder / f"{SLUG}-annual-report-2018-{locale}.pdf").pages[0].extract_text().split())
    assert has(first, catalog.t("annual_report", year=2018), locale) and PLACE_2018[locale] in first
    assert SITE_NAME.upper() in first.upper()
    for key in ("contents", "report_about", "publisher", "publication_date", "how_to_cite", "members", "principles_cited",
                "licence", "summit", "host"):
        assert has(text, catalog.t(key), locale), key
    assert has(text, catalog.t("report_annex", year=2018), locale)
    assert "https://example.org/" + site.prefix(locale) + "reports/2018/" in text  # the colophon's address
    for title in section_titles(folder / "index.html"):
        assert has(text, title, locale), title
    if locale == "ko":
        assert "책임 있는 인공지능" in text
    if locale == "he":
        assert HEBREW_TITLE in text


def test_the_report_page_links_its_pdf_and_has_a_cover_and_colophon(example_site: BuiltSite) -> None:
    catalog = Catalog("fr")
    page = (example_site.root / "fr/reports/2018/index.html").read_text("utf-8")
    name = f"{SLUG}-annual-report-2018-fr.pdf"
    assert f'href="{name}" type="application/pdf"' in page
    assert f"<title>{catalog.t('annual_report', year=2018)} – {SITE_NAME}</title>" in page
    for key in ("report_about", "publisher", "how_to_cite", "publication_date"):
        assert html.escape(catalog.t(key), quote=False) in page, key
    year_page = (example_site.root / "fr/findings/2018/index.html").read_text("utf-8")
    assert f'href="../../reports/2018/{name}"' in year_page
    findings = (example_site.root / "fr/findings/index.html").read_text("utf-8")
    assert f'href="../reports/2018/{name}"' in findings
    english = (example_site.root / "findings/index.html").read_text("utf-8")
    assert f'href="../reports/2018/{SLUG}-annual-report-2018-en.pdf"' in english


# -- a small site ------------------------------------------------------------------


def pdf_site(make_site, options: str = "", files: dict[str, str | None] | None = None, switch: str = "pdf: true") -> Path:
    from sitetree import mkdocs_yml

    config = mkdocs_yml(("en", "fr")).replace("  - d5site\n", f"  - d5site:\n      {switch}\n" + options)
    return make_site({"mkdocs.yml": config, **(files or {})}, ("en", "fr"))


def test_pdfs_are_off_by_default(site: Path) -> None:
    result = build_site(site)
    assert result.returncode == 0, result.stderr
    assert not list((site / "site").rglob("*.pdf"))
    assert "application/pdf" not in (site / "site/reports/2018/index.html").read_text("utf-8")


def test_a_small_site_builds_its_pdfs_named_by_the_slug_and_dated_by_its_content(make_site) -> None:
    root = pdf_site(make_site, "      report_slug: test-group\n      report_reference: TG/AR/{year}\n"
                               "      report_published:\n        2018: 2019-01-15\n")
    result = build_site(root)
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.pdf"))
    assert names == ["fr/reports/2014/test-group-annual-report-2014-fr.pdf", "fr/reports/2016/test-group-annual-report-2016-fr.pdf",
                     "fr/reports/2018/test-group-annual-report-2018-fr.pdf", "fr/reports/2021/test-group-annual-report-2021-fr.pdf",
                     "reports/2014/test-group-annual-report-2014-en.pdf", "reports/2016/test-group-annual-report-2016-en.pdf",
                     "reports/2018/test-group-annual-report-2018-en.pdf", "reports/2021/test-group-annual-report-2021-en.pdf"]
    text = read_back(root / "site/reports/2018/test-group-annual-report-2018-en.pdf")
    assert "TG/AR/2018" in text and "Published January 15, 2019" in text
    text = read_back(root / "site/reports/2016/test-group-annual-report-2016-en.pdf")
    assert "Published" not in text  # no date in 2016's content, none configured: never the build date
    assert len(list((root / ".cache/d5site/pdf").glob("*.pdf"))) == 8


def test_the_slug_defaults_to_the_site_name_in_ascii() -> None:
    assert report.report_slug(Options(), "Digital Nations") == "digital-nations"
    assert report.report_slug(Options(), "Nations numériques") == "nations-numeriques"
    assert report.pdf_name(Options(), "디지털 국가", 2018, "ko") == "annual-report-2018-ko.pdf"
    assert report.pdf_name(Options(report_slug="dn"), "Anything", 2018, "fr") == "dn-annual-report-2018-fr.pdf"


@pytest.mark.parametrize(("option", "message"), [
    ("report_slug: Digital Nations", "option 'report_slug' must be lowercase letters"),
    ("pdf: yes please", "option 'pdf' must be true or false"),
    ("report_published: {2018: soon}", "option 'report_published' 2018: must be a date"),
    ("pdf_cache_dir: ../elsewhere", "option 'pdf_cache_dir' '../elsewhere' must be a folder inside the site's folder"),
    ('report_reference: "DN\\u0000AR"', "option 'report_reference': holds a control character (a NUL, a line break...): not accepted"),
    ("pdf_cache_dir: docs/cache", "option 'pdf_cache_dir' 'docs/cache' must not be docs_dir or in it"),
])
def test_check_and_the_build_refuse_bad_report_options(make_site, option: str, message: str) -> None:
    root = pdf_site(make_site, switch=option) if option.startswith("pdf:") else pdf_site(make_site, f"      {option}\n")
    line = (root / "mkdocs.yml").read_text("utf-8").splitlines().index(f"      {option}") + 1
    checked, built = check_site(root), build_site(root)
    for result in (checked, built):
        assert result.returncode != 0
        output = result.stdout + result.stderr
        if result is built and option.startswith("pdf:"):  # a wrong type: MkDocs refuses it first, naming the option
            assert "option 'pdf': Expected type: <class 'bool'>" in output, output
        else:
            assert f"mkdocs.yml:{line}: d5site: {message}" in output, output
        assert "Traceback" not in output
    assert not (root / "site").exists()


def test_a_character_no_font_has_fails_the_build_naming_the_report_and_locale(make_site) -> None:
    root = pdf_site(make_site, files={"findings/2018/responsible-ai.fr.md": (
        "---\ntitle: Usage responsable de l'IA \ue000\n---\nMesurer l'impact.\n")})
    (root / "site").mkdir()
    (root / "site/kept.txt").write_text("the previous site", "utf-8")
    result = build_site(root)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "fr/reports/2018/test-site-annual-report-2018-fr.pdf: no installed font has the characters U+E000" in output, output
    assert "Traceback" not in output
    assert sorted(p.name for p in (root / "site").iterdir()) == ["kept.txt"]  # atomic publishing: the old site stays


def printed(tmp_path: Path, body: str, base_url: str | None = "https://example.org/reports/2018/") -> pdf.PrintedReport:
    site = tmp_path / "site"
    (site / "reports/2018").mkdir(parents=True, exist_ok=True)
    return pdf.PrintedReport(
        html=pdf.document(f"<h1>Annual report 2018</h1>{body}", lang="en", rtl=False, title="Annual report 2018 – T",
                          publisher="T", published="2019-01-15"),
        css=pdf.stylesheet(False), base_url=base_url, site_url="https://example.org/" if base_url else None,
        site_dir=site, label="reports/2018/t-annual-report-2018-en.pdf")


def test_nothing_is_fetched_from_outside_the_site(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the report")
    report_ = printed(tmp_path, "")
    (report_.site_dir / "logo.png").write_bytes(b"x")
    (tmp_path / "site-other").mkdir()
    for url in ("https://evil.example/x.png", f"file://{secret}", "https://example.org/../secret.png",
                "https://example.org/%2e%2e/secret.png", "http://example.org/logo.png", "https://example.org/logo.png?x=1",
                "https://example.org/", "https://example.org/reports/2018/../../../secret.png"):
        with pytest.raises(pdf.PdfError, match="not fetched"):
            pdf.local_file(url, report_)
    (report_.site_dir / "link.png").symlink_to(secret)
    with pytest.raises(pdf.PdfError, match="not fetched"):
        pdf.local_file("https://example.org/link.png", report_)
    assert pdf.local_file("https://example.org/logo.png", report_) == (report_.site_dir / "logo.png").resolve()


def test_a_hostile_image_or_stylesheet_is_not_fetched_and_the_pdf_is_still_made(tmp_path: Path, monkeypatch) -> None:
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    body = ('<p>Text <img src="https://evil.example/track.png" alt="x"> <img src="/etc/passwd" alt="y"></p>'
            '<link rel="stylesheet" href="file:///etc/passwd">')
    data = pdf.render(printed(tmp_path, body))
    assert data.startswith(b"%PDF-1.7")


def test_the_same_report_is_the_same_bytes_and_comes_from_the_cache(tmp_path: Path, monkeypatch) -> None:
    report_ = printed(tmp_path, "<h2>Findings</h2><p>Same text, same bytes.</p><table><tr><th>Year</th></tr><tr><td>2018</td></tr></table>")
    first, second = pdf.render(report_), pdf.render(report_)
    assert first == second
    target, cache = tmp_path / "out/a.pdf", tmp_path / "cache"
    assert pdf.write(report_, target, cache) is True
    monkeypatch.setattr(pdf, "render", lambda report: (_ for _ in ()).throw(AssertionError("set again")))
    assert pdf.write(report_, tmp_path / "out/b.pdf", cache) is False
    assert (tmp_path / "out/b.pdf").read_bytes() == first == target.read_bytes()
    changed = printed(tmp_path, "<h2>Findings</h2><p>Other text.</p>")
    with pytest.raises(AssertionError, match="set again"):
        pdf.write(changed, tmp_path / "out/c.pdf", cache)


def test_option_problems_are_located() -> None:
    lines = {"d5site": 3, "d5site.report_slug": 5}
    found = option_problems("mkdocs.yml", {"report_slug": "-x-", "pdf": True}, lines)
    assert [d.text() for d in found] == ["mkdocs.yml:5: d5site: option 'report_slug' must be lowercase letters, digits and single"
                                         " hyphens (e.g. `digital-nations`), at most 60 characters"]


@pytest.mark.parametrize("flags", [(), ("--pdf",)])
def test_serve_skips_the_pdfs_unless_asked(make_site, tmp_path: Path, flags: tuple[str, ...]) -> None:
    import os
    import time
    import urllib.error
    import urllib.request

    from test_preview import _free_port, _until

    root = pdf_site(make_site)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "d5site", "serve", "--locale", "en", *flags, "-a", f"127.0.0.1:{port}",
                                   "--config", str(root / "mkdocs.yml")], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _until(f"{base}/reports/2018/", "test-site-annual-report-2018-en.pdf", time.monotonic() + 300)
            try:
                with urllib.request.urlopen(f"{base}/reports/2018/test-site-annual-report-2018-en.pdf", timeout=30) as response:
                    status, body = response.status, response.read()
            except urllib.error.HTTPError as exc:
                status, body = exc.code, b""
        finally:
            server.terminate()
            server.wait(timeout=60)
    if flags:
        assert status == 200 and body.startswith(b"%PDF-")
    else:
        assert status == 404
    assert "Traceback" not in (tmp_path / "serve.log").read_text("utf-8")


def test_without_weasyprint_the_build_says_what_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` raises ImportError
    with pytest.raises(pdf.PdfError, match=r"reports/2018/t-annual-report-2018-en.pdf: PDFs need WeasyPrint and Pango: "
                                           r"pip install 'd5site\[pdf\]'"):
        pdf.write(printed(tmp_path, ""), tmp_path / "out.pdf", tmp_path / "cache")
