"""Translation currency beyond tests/test_charter.py: year overviews and principle texts through
`d5site translations stamp`, hand-written docs/ pages (stamped like findings), and the report of
`d5site translations` (docs pages, catalog messages).

test_charter.py covers a finding's transitions, digests and the report's shape; this extends them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.core.site import load_from_config_file
from d5site.core.translations import DocsPage, docs_pages, state_of, write_stamp

OVERVIEW, OVERVIEW_FR = "findings/2014/index.md", "findings/2014/index.fr.md"
REVISION, REVISION_FR = "charter/principles/open-standards/2014.md", "charter/principles/open-standards/2014.fr.md"
ABOUT = "docs/about.md"
ABOUT_FR = "docs/about.fr.md"
ABOUT_TEXT = "---\ntitle: About\nhide: [toc]\n---\n# About\n\nAbout this group.\n"
ABOUT_FR_TEXT = "# À propos\n\nÀ propos de ce groupe.\n"


def cli(root: Path, *argv: str) -> int:
    return main([*argv, "--config", str(root / "mkdocs.yml")])


def state(root: Path, source: str, locale: str) -> str:
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    document = next(d for d in loaded.content.documents() if d.path == source)
    return state_of(document, locale)


def page(root: Path, uri: str) -> DocsPage:
    loaded = load_from_config_file(root / "mkdocs.yml")
    return next(p for p in docs_pages(loaded.site) if p.uri == uri)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def report(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    capsys.readouterr()
    assert cli(root, "translations", "--format", "json", *extra) == 0
    return json.loads(capsys.readouterr().out)


# -- overviews and principle texts ---------------------------------------------------------


def test_overview_transitions(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert state(site, OVERVIEW, "fr") == "outdated"  # never stamped
    assert state(site, OVERVIEW, "ko") == "missing"
    assert cli(site, "translations", "stamp", str(site / OVERVIEW_FR)) == 0
    assert state(site, OVERVIEW, "fr") == "current"
    edit(site, OVERVIEW, "The first summit", "The first summit of the group")  # the text
    assert state(site, OVERVIEW, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / OVERVIEW_FR)) == 0
    assert state(site, OVERVIEW, "fr") == "current"
    edit(site, OVERVIEW, "theme: Open markets and connectivity", "theme: Open markets")  # a translatable key
    assert state(site, OVERVIEW, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / OVERVIEW_FR)) == 0
    edit(site, OVERVIEW, "host: gb", "host: kr")  # structural: still current
    assert state(site, OVERVIEW, "fr") == "current"
    capsys.readouterr()


def test_revision_transitions(site: Path) -> None:
    assert state(site, REVISION, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / REVISION_FR)) == 0
    assert state(site, REVISION, "fr") == "current"
    assert state(site, REVISION, "ko") == "missing"
    edit(site, REVISION, "royalty-free", "royalty free")
    assert state(site, REVISION, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / REVISION_FR)) == 0
    assert state(site, REVISION, "fr") == "current"
    # a new translation starts outdated until stamped, then is current
    (site / "charter/principles/open-standards/2014.ko.md").write_text(
        "---\ntitle: 개방형 표준\n---\n신뢰할 수 있는 개방형 표준 정책.\n", "utf-8"
    )
    assert state(site, REVISION, "ko") == "outdated"
    assert cli(site, "translations", "stamp", str(site / "charter/principles/open-standards/2014.ko.md")) == 0
    assert state(site, REVISION, "ko") == "current"


# -- docs/ pages -------------------------------------------------------------------------


@pytest.fixture
def docs_site(make_site) -> Path:
    return make_site({ABOUT: ABOUT_TEXT, ABOUT_FR: ABOUT_FR_TEXT})


def test_docs_page_transitions(docs_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = docs_site
    about = page(root, "about.md")
    assert (about.path, about.title) == (ABOUT, "About")
    assert about.state("fr") == "outdated"  # a translation without a stamp
    assert about.state("ko") == "missing"

    assert cli(root, "translations", "stamp", str(root / ABOUT_FR)) == 0
    assert capsys.readouterr().out == f"stamped {ABOUT_FR}\n"
    # a page without front matter gets one, holding only the stamp; the rest is kept
    text = (root / ABOUT_FR).read_text("utf-8")
    assert text == f"---\nstamp: {about.digest}\n---\n{ABOUT_FR_TEXT}"
    assert page(root, "about.md").state("fr") == "current"

    edit(root, ABOUT, "About this group.", "About this group of governments.")  # the text
    assert page(root, "about.md").state("fr") == "outdated"
    assert cli(root, "translations", "stamp", str(root / ABOUT_FR)) == 0
    assert page(root, "about.md").state("fr") == "current"
    assert (root / ABOUT_FR).read_text("utf-8").count("stamp:") == 1

    edit(root, ABOUT, "title: About", "title: About us")  # the title
    assert page(root, "about.md").state("fr") == "outdated"
    assert cli(root, "translations", "stamp", str(root / ABOUT_FR)) == 0

    edit(root, ABOUT, "hide: [toc]", "hide: [navigation]")  # other front matter: still current
    assert page(root, "about.md").state("fr") == "current"
    edit(root, ABOUT_FR, "À propos de ce groupe.", "À propos du groupe.")  # the translation itself
    assert page(root, "about.md").state("fr") == "current"


def test_docs_pages_found_like_mkdocs(make_site) -> None:
    root = make_site({
        "docs/guide/index.md": "# Guide\n",
        "docs/guide/index.ko.md": "---\ntitle: 안내\n---\n# 안내\n",
        "docs/notes.en.md": "---\ntitle: Notes\n---\nSome notes.\n",  # the default locale's suffix: still the source
        "docs/.hidden/x.md": "# hidden\n",
        "docs/templates/x.md": "# a template\n",
        "docs/image.png": "not markdown",
    })
    pages = {p.uri: p for p in docs_pages(load_from_config_file(root / "mkdocs.yml").site)}
    assert sorted(pages) == ["guide/index.md", "index.md", "notes.md"]
    assert pages["guide/index.md"].title == "Guide"  # the first heading, without a `title`
    assert pages["notes.md"].path == "docs/notes.en.md" and pages["notes.md"].title == "Notes"
    assert pages["guide/index.md"].translations == {"ko": ("docs/guide/index.ko.md", None)}
    assert pages["guide/index.md"].translation_path("fr") == "docs/guide/index.fr.md"
    assert pages["index.md"].state("fr") == "outdated" and pages["index.md"].state("ko") == "missing"


def test_stamp_a_docs_folder(docs_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(docs_site, "translations", "stamp", str(docs_site / "docs")) == 0
    assert capsys.readouterr().out.splitlines() == [f"stamped {ABOUT_FR}", "stamped docs/index.fr.md"]
    assert all(p.state("fr") == "current" for p in docs_pages(load_from_config_file(docs_site / "mkdocs.yml").site))


def test_stamp_refuses_a_docs_source(docs_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(docs_site, "translations", "stamp", str(docs_site / ABOUT)) == 1
    assert capsys.readouterr().out.startswith(f"{ABOUT}: not a translation of a known source")


def test_write_stamp_keeps_bom_and_crlf_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "x.fr.md"
    path.write_bytes(b"\xef\xbb\xbf# Titre\r\n\r\nTexte.\r\n")
    write_stamp(path, "sha256:0123456789abcdef")
    assert path.read_bytes() == b"\xef\xbb\xbf---\r\nstamp: sha256:0123456789abcdef\r\n---\r\n# Titre\r\n\r\nTexte.\r\n"


# -- the report ------------------------------------------------------------------------------


def test_report_lists_docs_pages_apart(docs_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report(docs_site, capsys)
    fr, ko = data["locales"]["fr"], data["locales"]["ko"]
    assert fr["summary"] == {"current": 0, "outdated": 7, "missing": 4}  # findings, revisions, overviews only
    assert fr["pages"]["summary"] == {"current": 0, "outdated": 2, "missing": 0}
    assert ko["pages"]["summary"] == {"current": 0, "outdated": 0, "missing": 2}
    assert {item["key"]: item for item in ko["pages"]["items"]}["about"] == {
        "kind": "page", "key": "about", "state": "missing", "reason": None, "source": ABOUT, "path": "docs/about.ko.md", "title": "About",
    }
    assert fr["catalog_missing"] == [] and ko["catalog_missing"] == []  # shipped catalogs are complete

    assert cli(docs_site, "translations", "stamp", str(docs_site / "docs")) == 0
    assert report(docs_site, capsys, "--locale", "fr")["locales"]["fr"]["pages"]["summary"] == {"current": 2, "outdated": 0, "missing": 0}


def test_report_text_lists_docs_pages(docs_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(docs_site, "translations", "--locale", "ko") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "ko: 0 current, 4 outdated, 7 missing"
    index = out.index("ko docs pages: 0 current, 0 outdated, 2 missing")
    assert out[index + 1 :] == ["  missing   docs/about.ko.md  (About)", "  missing   docs/index.ko.md  (Test site)"]
