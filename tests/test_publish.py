"""Publishing for non-members (issue "Publish for non-members, reliably"): Atom feeds per locale,
open data with JSON Schemas, the licence, the printable annual report, byte-identical rebuilds
and atomic replacement of the site folder.

One `mkdocs build --strict` of tests/sitetree.py's default tree (with `licence: CC-BY-SA-4.0`
and SOURCE_DATE_EPOCH set) serves the feed, data, licence and report tests; the
reproducibility and atomicity tests make their own builds.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jinja2
import jsonschema
import pytest

from d5site.render import publish
from d5site.render.opendata import CSV_COLUMNS
from htmlutil import BuiltSite
from sitetree import mkdocs_yml

LOCALES = ("en", "fr", "ko")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}
EPOCH = "1700000000"
LICENCE = "CC-BY-SA-4.0"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FINDINGS = ["2014/shared-code", "2016/assisted-services", "2018/responsible-ai", "2021/safeguards-for-data"]
NEWEST_FIRST = ["2021/safeguards-for-data", "2018/responsible-ai", "2016/assisted-services", "2014/shared-code"]
"""2016/assisted-services has no date and its year neither overview nor edition: it is filed under 1 January 2016."""
TRANSLATED = {
    "2014/shared-code": {"fr", "ko"},
    "2016/assisted-services": set(),
    "2018/responsible-ai": {"fr"},
    "2021/safeguards-for-data": {"ko"},
}
LICENCES = {"2018/responsible-ai": "CC0-1.0"}
"""Findings with a licence of their own; the others take the plugin's `licence`."""


def config_with(*, licence: str | None = LICENCE, extra: str = "") -> str:
    text = mkdocs_yml()
    if licence:
        text = text.replace("  - d5site\n", f"  - d5site:\n      licence: {licence}\n")
    return text + extra


def mkdocs(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build <args>` of the site at `root` in a subprocess, with SOURCE_DATE_EPOCH set."""
    argv = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"), *args]
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "NO_COLOR": "1",
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": EPOCH,
        **(env or {}),
    }
    return subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=root, env=env, timeout=300, check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes), and every folder (-> b'<dir>')."""
    result = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        result[rel] = b"<dir>" if path.is_dir() else path.read_bytes()
    return result


def leftovers(root: Path) -> list[str]:
    """Staging or retired folders left beside the site folder."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(publish.PREFIX))


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sitetree import make_site

    return make_site(tmp_path_factory.mktemp("publish"), {"mkdocs.yml": config_with()})


@pytest.fixture(scope="module")
def site(root: Path) -> BuiltSite:
    result = mkdocs(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert leftovers(root) == []
    return BuiltSite(root / "site")


# -- 1. Atom feeds --------------------------------------------------------------------------


def feed_tree(site: BuiltSite, locale: str) -> ET.Element:
    return ET.fromstring((site.dir / PREFIX[locale] / "feed.xml").read_bytes())


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_parses_as_atom(site: BuiltSite, locale: str) -> None:
    parsed = feedparser.parse((site.dir / PREFIX[locale] / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert feed.id == f"https://example.org/{PREFIX[locale]}feed.xml"
    assert feed.title and feed.updated == "2021-11-17T00:00:00Z"
    assert feed.language == locale
    links = {(link.rel, link.type): link.href for link in feed.links}
    assert links[("self", "application/atom+xml")] == f"https://example.org/{PREFIX[locale]}feed.xml"
    assert links[("alternate", "text/html")] == f"https://example.org/{PREFIX[locale]}findings/"
    assert feed.rights == LICENCE
    assert len(parsed.entries) == len(FINDINGS)


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_structure(site: BuiltSite, locale: str) -> None:
    """RFC 4287's required elements, unique ids, newest first, links to the pages in the locale."""
    feed = feed_tree(site, locale)
    assert feed.tag == f"{ATOM}feed" and feed.get(XML_LANG) == locale
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    keys = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        alternate = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1
        href = alternate[0].get("href")
        assert href.startswith(f"https://example.org/{PREFIX[locale]}findings/") and href.endswith("/")
        key = href[len(f"https://example.org/{PREFIX[locale]}findings/") : -1]
        assert site.exists(f"{PREFIX[locale]}findings/{key}/")
        assert entry.findtext(f"{ATOM}id") == f"tag:example.org,{key[:4]}:{PREFIX[locale]}findings/{key}"
        keys.append(key)
    assert keys == NEWEST_FIRST
    dates = [e.findtext(f"{ATOM}updated") for e in entries]
    assert dates == ["2021-11-17T00:00:00Z", "2018-11-22T00:00:00Z", "2016-01-01T00:00:00Z", "2014-12-10T00:00:00Z"]


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_titles_summaries_in_the_locale_and_fallbacks_marked(site: BuiltSite, locale: str) -> None:
    parsed = feedparser.parse((site.dir / PREFIX[locale] / "feed.xml").read_bytes())
    by_key = {e.link.split("/findings/")[1].rstrip("/"): e for e in parsed.entries}
    for key, entry in by_key.items():
        translated = locale == "en" or locale in TRANSLATED[key]
        assert entry.title_detail.language == (locale if translated else "en"), key
    assert by_key["2014/shared-code"].title == {
        "en": "Sharing code between governments",
        "fr": "Partager le code entre gouvernements",
        "ko": "정부 간 코드 공유",
    }[locale]
    summary = by_key["2014/shared-code"].summary_detail
    if locale == "fr":
        assert (summary.value, summary.language) == ("Les membres ont convenu de publier le code de leurs services.", "fr")
    else:  # the ko translation has no summary: the source's, marked
        assert (summary.value, summary.language) == ("Members agreed to publish the code of their services.", "en")
    assert by_key["2016/assisted-services"].title == "Assisted digital services"


def test_feed_lang_attributes_only_where_text_differs(site: BuiltSite) -> None:
    fr = feed_tree(site, "fr")
    langs = {e.findtext(f"{ATOM}title"): e.find(f"{ATOM}title").get(XML_LANG) for e in fr.findall(f"{ATOM}entry")}
    assert langs["Usage responsable de l'IA"] is None
    assert langs["Assisted digital services"] == "en"
    assert all(e.find(f"{ATOM}title").get(XML_LANG) is None for e in feed_tree(site, "en").findall(f"{ATOM}entry"))


def test_feed_licences_and_authors(site: BuiltSite) -> None:
    parsed = feedparser.parse((site.dir / "fr" / "feed.xml").read_bytes())
    for entry in parsed.entries:
        key = entry.link.split("/findings/")[1].rstrip("/")
        licence = LICENCES.get(key, LICENCE)
        assert entry.rights == licence
        assert {link.href for link in entry.links if link.rel == "license"} == {f"https://spdx.org/licenses/{licence}.html"}
    ai = next(e for e in parsed.entries if "responsible-ai" in e.link)
    assert [a.name for a in ai.authors] == ["Canada", "Royaume-Uni"]


def test_feed_entry_ids_are_the_same_in_a_rebuild_with_other_content(make_site) -> None:
    """Adding a finding adds an entry; the other entries keep their ids."""
    from d5site.core.catalog import Catalog
    from d5site.core.site import load_from_config_file
    from d5site.render.feeds import FeedSettings, atom_feed

    def ids(root: Path) -> list[str]:
        loaded = load_from_config_file(root / "mkdocs.yml")
        xml = atom_feed(loaded.site, loaded.content, "en", Catalog("en"), FeedSettings("Test", "https://example.org/"), None)
        return [e.findtext(f"{ATOM}id") for e in ET.fromstring(xml).findall(f"{ATOM}entry")]

    before = ids(make_site())
    new = "---\ntitle: New\nmembers: [gb]\nprinciples: [user-needs]\ndate: 2021-12-01\n---\nNew.\n"
    after = ids(make_site({"findings/2021/new-one.md": new}))
    assert after == ["tag:example.org,2021:findings/2021/new-one", *before]


def test_feed_without_site_url_is_valid_with_relative_links(make_site) -> None:
    import datetime as dt

    from d5site.core.catalog import Catalog
    from d5site.core.site import load_from_config_file
    from d5site.render.feeds import FeedSettings, atom_feed

    loaded = load_from_config_file(make_site() / "mkdocs.yml")
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    xml = atom_feed(loaded.site, loaded.content, "fr", Catalog("fr"), FeedSettings("Test <&>"), when)
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.feed.title == "Test <&> · Constats"
    assert parsed.feed.id.startswith("urn:uuid:")
    assert all(e.id.startswith("urn:uuid:") for e in parsed.entries)
    tree = ET.fromstring(xml)
    hrefs = [link.get("href") for link in tree.iter(f"{ATOM}link") if link.get("rel") in ("alternate", "self")]
    assert "feed.xml" in hrefs and "findings/2018/responsible-ai/" in hrefs


def test_empty_feed_takes_its_time_from_source_date_epoch(make_site) -> None:
    import datetime as dt

    from d5site.core.catalog import Catalog
    from d5site.core.site import load_from_config_file
    from d5site.render.feeds import FeedSettings, atom_feed

    loaded = load_from_config_file(make_site() / "mkdocs.yml")
    loaded.content.findings.clear()
    when = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)
    tree = ET.fromstring(atom_feed(loaded.site, loaded.content, "en", Catalog("en"), FeedSettings("T", "https://example.org/"), when))
    assert tree.findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
    assert tree.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_links_its_locale_feed(site: BuiltSite, locale: str) -> None:
    for url in (
        "",
        "findings/",
        "findings/2018/responsible-ai/",
        "findings/2016/assisted-services/",
        "charter/principles/user-needs/",
        "reports/2014/",
    ):
        page = site.page(PREFIX[locale] + url)
        links = [link for link in page.doc.find_all("link") if link.get("type") == "application/atom+xml"]
        assert len(links) == 1, url
        assert page.resolve(links[0]["href"])[0] == f"{PREFIX[locale]}feed.xml", url


def test_findings_page_links_feed_and_data(site: BuiltSite) -> None:
    page = site.page("fr/findings/")
    targets = {page.resolve(a["href"])[0] for a in page.article.find_all("a") if a.get("href")}
    assert {"fr/feed.xml", "data/findings.json", "data/findings.csv"} <= targets
    for target in ("fr/feed.xml", "data/findings.json", "data/findings.csv"):
        assert (site.dir / target).is_file()


def test_docs_pages_may_link_to_feeds_and_data_in_strict_mode(make_site) -> None:
    """The feed and data files are files of the build: links to them are checked, not warned about."""
    root = make_site({
        "mkdocs.yml": config_with(),
        "docs/index.md": "# Home\n\n[Feed](feed.xml), [data](data/findings.json), [charter](data/charter.json).\n",
        "docs/index.fr.md": "# Accueil\n\n[Flux](feed.xml), [données](data/findings.csv).\n",
    })
    result = mkdocs(root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    fr = BuiltSite(root / "site").page("fr/")
    targets = [fr.resolve(a["href"])[0] for a in fr.article.find_all("a") if a.get("href", "").endswith((".xml", ".csv"))]
    assert targets == ["fr/feed.xml", "data/findings.csv"]


def test_a_docs_file_in_the_way_of_a_generated_file_is_an_error(make_site) -> None:
    root = make_site({"mkdocs.yml": config_with(), "docs/data/findings.json": "{}\n"})
    result = mkdocs(root)
    assert result.returncode != 0
    assert "docs/data/findings.json: d5site writes data/findings.json" in result.stdout + result.stderr


# -- 2. open data -----------------------------------------------------------------------------


def load_json(site: BuiltSite, name: str) -> dict:
    return json.loads((site.dir / "data" / name).read_text("utf-8"))


@pytest.mark.parametrize(("data", "schema"), [("findings.json", "findings.schema.json"), ("charter.json", "charter.schema.json")])
def test_data_validates_against_its_published_schema(site: BuiltSite, data: str, schema: str) -> None:
    from importlib import resources

    published = load_json(site, schema)
    shipped = json.loads(resources.files("d5site.schemas").joinpath(f"data-{schema}").read_text("utf-8"))
    assert published == shipped
    jsonschema.Draft202012Validator.check_schema(published)
    validator = jsonschema.Draft202012Validator(published, format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_json(site, data))]
    assert errors == []


def test_schemas_reject_what_they_should(site: BuiltSite) -> None:
    schema = load_json(site, "findings.schema.json")
    data = load_json(site, "findings.json")
    data["findings"][0]["text"]["fr"]["state"] = "stale"
    data["findings"][1]["surprise"] = 1
    messages = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert len(messages) == 2


def test_findings_json_every_finding_every_locale(site: BuiltSite) -> None:
    data = load_json(site, "findings.json")
    assert (data["default_locale"], data["locales"], data["licence"]) == ("en", list(LOCALES), LICENCE)
    assert [f["key"] for f in data["findings"]] == FINDINGS
    for finding in data["findings"]:
        key = finding["key"]
        assert list(finding["text"]) == list(LOCALES)
        assert finding["text"]["en"]["state"] == "source"
        for locale in ("fr", "ko"):
            text = finding["text"][locale]
            if locale in TRANSLATED[key]:
                assert text["state"] == "outdated" and text["title"] and text["body"]  # the default tree is unstamped
            else:
                assert text == {"state": "missing", "title": None, "summary": None, "body": None}
        assert finding["licence"] == LICENCES.get(key, LICENCE)
        assert finding["licence_url"] == f"https://spdx.org/licenses/{finding['licence']}.html"
        assert finding["urls"] == {loc: f"https://example.org/{PREFIX[loc]}findings/{key}/" for loc in LOCALES}
    shared = data["findings"][0]
    assert shared["text"]["fr"]["summary"] == "Les membres ont convenu de publier le code de leurs services."
    assert shared["text"]["ko"]["summary"] is None
    assert shared["links"] == [{"title": "Source code", "url": "https://example.org/repo"}]
    safeguards = data["findings"][3]
    assert safeguards["principles"] == [
        {"id": "necessary-safeguards", "edition": 2021, "number": 2, "revision": 2021},
        {"id": "digital-inclusion", "edition": 2021, "number": 4, "revision": 2021},
    ]
    assert [y["year"] for y in data["years"]] == [2014, 2016, 2018, 2021]
    assert data["years"][0]["overview"]["text"]["fr"]["place"] == "Londres"
    assert data["years"][1]["overview"] is None


def test_findings_csv(site: BuiltSite) -> None:
    raw = (site.dir / "data" / "findings.csv").read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [name for name, _, _ in CSV_COLUMNS]
    assert [(f"{r['year']}/{r['id']}", r["locale"]) for r in rows] == [(key, loc) for key in FINDINGS for loc in LOCALES]
    by = {(f"{r['year']}/{r['id']}", r["locale"]): r for r in rows}
    assert by[("2014/shared-code", "en")]["members"] == "gb ee"
    assert by[("2014/shared-code", "fr")]["title"] == "Partager le code entre gouvernements"
    assert by[("2016/assisted-services", "ko")]["state"] == "missing" and by[("2016/assisted-services", "ko")]["title"] == ""
    assert by[("2018/responsible-ai", "fr")]["licence"] == "CC0-1.0"
    assert by[("2021/safeguards-for-data", "en")]["licence"] == LICENCE
    metadata = load_json(site, "findings.csv-metadata.json")
    assert [c["name"] for c in metadata["tableSchema"]["columns"]] == list(rows[0])
    assert metadata["url"] == "findings.csv"


def test_charter_json_editions_changes_lineage(site: BuiltSite) -> None:
    data = load_json(site, "charter.json")
    assert data["current_edition"] == 2021
    assert [m["code"] for m in data["members"]] == ["ca", "ee", "gb", "kr"]
    ee = next(m for m in data["members"] if m["code"] == "ee")
    assert (ee["joined"], ee["left"], ee["names"]["fr"]) == (2014, 2019, "Estonie")
    editions = {e["year"]: e for e in data["editions"]}
    assert [(p["number"], p["id"], p["revision"]) for p in editions[2021]["principles"]] == [
        (1, "user-needs", 2018), (2, "necessary-safeguards", 2021), (3, "open-standards", 2014), (4, "digital-inclusion", 2021)]
    changes = [
        (c["kind"], c["principle"], c["old_number"], c["new_number"], c["replaces"], c["replaced_by"]) for c in editions[2021]["changes"]
    ]
    assert changes == [
        ("added", "necessary-safeguards", None, 2, [], []),
        ("added", "digital-inclusion", None, 4, ["assisted-digital"], []),
        ("renumbered", "open-standards", 2, 3, [], []),
        ("withdrawn", "assisted-digital", 3, None, [], ["digital-inclusion"]),
    ]
    assert [c["kind"] for c in editions[2018]["changes"]] == ["amended"]
    assert editions[2014]["in_force_until"] == 2017 and editions[2021]["in_force_until"] is None
    principles = {p["id"]: p for p in data["principles"]}
    assisted = principles["assisted-digital"]
    assert (assisted["in_force"], assisted["withdrawn_in"], assisted["replaced_by"]) == (False, 2021, ["digital-inclusion"])
    assert principles["digital-inclusion"]["replaces"] == ["assisted-digital"]
    assert principles["open-standards"]["standings"] == [
        {"edition": 2014, "number": 2, "revision": 2014}, {"edition": 2018, "number": 2, "revision": 2014},
        {"edition": 2021, "number": 3, "revision": 2014}]
    user_needs = principles["user-needs"]["revisions"]
    assert [(r["year"], r["editions"]) for r in user_needs] == [(2014, [2014]), (2018, [2018, 2021])]
    assert user_needs[1]["text"]["fr"]["change"] == "Reformulé autour des personnes plutôt que des citoyens."
    assert user_needs[1]["text"]["ko"] == {"state": "missing", "title": None, "change": None, "body": None}
    assert data["licence"] == LICENCE


def test_data_is_written_once_at_the_site_root(site: BuiltSite) -> None:
    for locale in ("fr", "ko"):
        assert not (site.dir / locale / "data").exists()


# -- 3. licence ---------------------------------------------------------------------------------


def test_licence_on_finding_pages(site: BuiltSite) -> None:
    for locale in LOCALES:
        for key in FINDINGS:
            page = site.page(f"{PREFIX[locale]}findings/{key}/")
            licences = [a.text.strip() for a in page.article.find_all("a") if a.get("rel") == "license"]
            assert licences == [LICENCES.get(key, LICENCE)], (locale, key)


# -- printable annual report -------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_annual_report_linked_from_its_year_and_printable(site: BuiltSite, locale: str) -> None:
    for year in (2014, 2016, 2018, 2021):
        year_page = site.page(f"{PREFIX[locale]}findings/{year}/")
        targets = {year_page.resolve(a["href"])[0] for a in year_page.article.find_all("a") if a.get("href")}
        report_url = f"{PREFIX[locale]}reports/{year}/"
        assert report_url in targets, (locale, year)
        report = site.page(report_url)
        sheets = [report.resolve(link["href"]) for link in report.doc.find_all("link") if link.get("rel") == "stylesheet"]
        assert ("assets/d5site/d5site.css", "") in sheets
    css = (site.dir / "assets" / "d5site" / "d5site.css").read_text("utf-8")
    assert "@media print" in css


# -- 4. reproducible builds -------------------------------------------------------------------------


def test_two_builds_are_byte_identical(site: BuiltSite, root: Path, tmp_path: Path) -> None:
    """The same content built again from another folder, into another folder, with another hash seed."""
    copy = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    result = mkdocs(copy, "--strict", "--site-dir", str(tmp_path / "out" / "public"), env={"PYTHONHASHSEED": "12345"})
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = snapshot(site.dir), snapshot(tmp_path / "out" / "public")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    for needle in (str(root).encode(), str(copy).encode(), str(tmp_path).encode(), publish.PREFIX.encode()):
        assert not [name for name, data in second.items() if needle in data], needle


def test_sitemap_gzip_carries_source_date_epoch(site: BuiltSite) -> None:
    """MkDocs stamps the gzip header with the pages' update date: SOURCE_DATE_EPOCH's day, not the clock."""
    raw = (site.dir / "sitemap.xml.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == int(EPOCH) // 86400 * 86400
    assert b"<lastmod>2023-11-14</lastmod>" in (site.dir / "sitemap.xml").read_bytes()
    assert gzip.decompress(raw) == (site.dir / "sitemap.xml").read_bytes()


# -- 5. atomic publishing -----------------------------------------------------------------------------

BROKEN_FINDING = "---\ntitle: Broken\nmembers: [zz]\nprinciples: [user-needs]\n---\nBody.\n"
FAILING_TEMPLATE = "{% if v.locale == 'ko' %}{{ v.no_such_method() }}{% endif %}# {{ finding.title }}\n"
"""A page template override that raises in the last locale's build, when the others are written."""


def test_failed_builds_leave_the_site_as_it_was_and_a_good_one_replaces_it_whole(make_site) -> None:
    root = make_site({"mkdocs.yml": config_with()})
    ok = mkdocs(root, "--strict")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (root / "site" / "stale.txt").write_text("from an older build\n")
    os.chmod(root / "site", 0o750)
    before = snapshot(root / "site")
    inode = (root / "site").stat().st_ino

    def assert_untouched(result: subprocess.CompletedProcess[str]) -> None:
        assert result.returncode != 0, result.stdout + result.stderr
        assert snapshot(root / "site") == before
        assert (root / "site").stat().st_ino == inode
        assert leftovers(root) == []

    # bad content: d5site refuses it before anything is written
    (root / "findings/2021/broken.md").write_text(BROKEN_FINDING)
    assert_untouched(mkdocs(root, "--strict"))
    (root / "findings/2021/broken.md").unlink()

    # a warning in strict mode, in the default locale only (the other locales have their own
    # page): MkDocs aborts after the outer build's on_post_build, where the swap would be
    (root / "docs/index.ko.md").write_text("# 홈\n")
    (root / "docs/index.md").write_text("# Home\n\n[Missing](nowhere.md)\n")
    result = mkdocs(root, "--strict")
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert_untouched(result)
    # ... and in every locale
    (root / "docs/extra.md").write_text("# Extra\n\n[Missing](nowhere.md)\n")
    assert_untouched(mkdocs(root, "--strict"))
    (root / "docs/extra.md").unlink()
    (root / "docs/index.md").write_text("# Home\n")
    (root / "docs/index.ko.md").unlink()

    # an exception in the last locale's build, after the other locales were written
    (root / "overrides/d5site/pages").mkdir(parents=True)
    (root / "overrides/d5site/pages/finding.md").write_text(FAILING_TEMPLATE)
    (root / "mkdocs.yml").write_text(config_with().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    assert_untouched(mkdocs(root))
    shutil.rmtree(root / "overrides")
    (root / "mkdocs.yml").write_text(config_with())

    # a good build replaces the site whole: the stale file is gone, the page of a removed finding too
    (root / "findings/2016/assisted-services.md").unlink()
    good = mkdocs(root, "--strict")
    assert good.returncode == 0, good.stdout + good.stderr
    after = snapshot(root / "site")
    assert "stale.txt" not in after
    assert "findings/2016/assisted-services/index.html" not in after
    assert "findings/2021/safeguards-for-data/index.html" in after
    assert stat.S_IMODE((root / "site").stat().st_mode) == 0o750
    assert leftovers(root) == []


def test_non_strict_build_with_warnings_is_published(make_site) -> None:
    root = make_site({"mkdocs.yml": config_with(), "docs/index.md": "# Home\n\n[Missing](nowhere.md)\n"})
    result = mkdocs(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "site" / "index.html").is_file() and (root / "site" / "feed.xml").is_file()


def test_dirty_build_is_complete(make_site) -> None:
    root = make_site({"mkdocs.yml": config_with()})
    assert mkdocs(root).returncode == 0
    clean = snapshot(root / "site")
    result = mkdocs(root, "--dirty")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(snapshot(root / "site")) == sorted(clean)
    assert leftovers(root) == []


def test_site_dir_through_a_symlink_keeps_the_link(make_site, tmp_path: Path) -> None:
    root = make_site({"mkdocs.yml": config_with()})
    real = tmp_path / "www" / "public"
    real.mkdir(parents=True)
    (real / "old.html").write_text("old")
    (root / "site").symlink_to(real, target_is_directory=True)
    result = mkdocs(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "site").is_symlink()
    assert (real / "index.html").is_file() and not (real / "old.html").exists()
    assert leftovers(real.parent) == [] and leftovers(root) == []


def test_in_process_builds_after_a_failure(make_site) -> None:
    """A failed build does not leave static-i18n's patches behind for the next build in the process."""
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_site({"mkdocs.yml": config_with()})
    (root / "overrides/d5site/pages").mkdir(parents=True)
    (root / "overrides/d5site/pages/finding.md").write_text(FAILING_TEMPLATE)
    (root / "mkdocs.yml").write_text(config_with().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    original = utils.clean_directory
    with pytest.raises(jinja2.exceptions.UndefinedError, match="no_such_method"):
        build(load_config(str(root / "mkdocs.yml")))
    assert utils.clean_directory is original
    assert not (root / "site").exists() and leftovers(root) == []
    (root / "mkdocs.yml").write_text(config_with())
    build(load_config(str(root / "mkdocs.yml")))
    assert (root / "site" / "fr" / "feed.xml").is_file() and leftovers(root) == []


# -- publish.Staging, without MkDocs ----------------------------------------------------------------


def make_target(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    (target / "sub").mkdir(parents=True)
    (target / "sub" / "old.txt").write_text("old")
    return target


@pytest.mark.parametrize("mode", ["exchange", "rename", "replace-content"])
def test_staging_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    target = make_target(tmp_path)
    if mode != "exchange":
        monkeypatch.setattr(publish, "exchange", lambda a, b: False)
    if mode == "replace-content":
        real_rename = os.rename

        def rename(src, dst):
            if Path(src) == target:
                raise OSError(16, "Device or resource busy")
            return real_rename(src, dst)

        monkeypatch.setattr(publish.os, "rename", rename)
    staging = publish.Staging(target)
    assert staging.path.parent == tmp_path and staging.path.name.startswith(".d5site-site-build-")
    (staging.path / "index.html").write_text("new")
    staging.publish()
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == ["index.html"]
    assert staging.atomic == (mode != "replace-content")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_staging_discard_and_first_publish(tmp_path: Path) -> None:
    target = make_target(tmp_path)
    staging = publish.Staging(target)
    (staging.path / "x").write_text("x")
    staging.discard()
    assert (target / "sub" / "old.txt").read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    fresh = publish.Staging(tmp_path / "new" / "out")
    (fresh.path / "index.html").write_text("new")
    fresh.publish()
    assert (tmp_path / "new" / "out" / "index.html").read_text() == "new"
    assert stat.S_IMODE((tmp_path / "new" / "out").stat().st_mode) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_staging_seeded_for_dirty_builds(tmp_path: Path) -> None:
    target = make_target(tmp_path)
    staging = publish.Staging(target, seed=True)
    assert (staging.path / "sub" / "old.txt").read_text() == "old"
    staging.discard()


def test_staging_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(publish.PublishError):
        publish.Staging(tmp_path / "site")


# -- Scratch folder of a run (feeds and open data written before MkDocs copies them) ---------


def scratch_folders(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(publish.SCRATCH_PREFIX))


@pytest.mark.parametrize("command", ["mkdocs", "d5site"])
def test_a_build_leaves_no_temporary_folder(make_site, tmp_path: Path, command: str) -> None:
    root = make_site({"mkdocs.yml": config_with()})
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"TMPDIR": str(temp)}
    if command == "mkdocs":
        result = mkdocs(root, "--strict", env=env)
    else:
        argv = [sys.executable, "-m", "d5site", "build", "--jobs", "2", "--strict", "-f", str(root / "mkdocs.yml")]
        result = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=root, timeout=300, check=False,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, **env})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "site" / "data" / "findings.json").is_file() and (root / "site" / "fr" / "feed.xml").is_file()
    assert scratch_folders(temp) == []


def test_scratch_folder_is_deleted_by_its_process_and_a_killed_runs_by_the_next(tmp_path: Path) -> None:
    live = publish.Scratch(tmp_path)
    (live.path / "feed.xml").write_text("x", "utf-8")
    killed = tmp_path / f"{publish.SCRATCH_PREFIX}killed"
    killed.mkdir()
    (killed / "data.json").write_text("{}", "utf-8")
    os.utime(killed, (1, 1))  # no lock and long past: its run is over
    other = publish.Scratch(tmp_path)
    assert killed in other.stale_removed and not killed.exists()
    assert live.path.is_dir()  # its lock is held: a run in progress keeps its folder
    live.discard()
    live.discard()  # safe to repeat
    other.discard()
    assert scratch_folders(tmp_path) == []


def test_a_forked_process_does_not_delete_its_parents_scratch_folder(tmp_path: Path) -> None:
    scratch = publish.Scratch(tmp_path)
    pid = os.fork()
    if pid == 0:  # the child: discard is a no-op here
        scratch.discard()
        os._exit(0)
    os.waitpid(pid, 0)
    assert scratch.path.is_dir()
    scratch.discard()
    assert not scratch.path.exists()


def test_streamed_data_and_feeds_are_the_bytes_of_the_whole_documents(make_site, tmp_path: Path) -> None:
    """Open data and feeds are written one finding at a time: the same bytes as serializing each document whole."""
    import datetime as dt

    from d5site.core.catalog import Catalog
    from d5site.core.site import load_from_config_file
    from d5site.render.datacontext import dump
    from d5site.render.feeds import FeedSettings, FeedWriter
    from d5site.render.opendata import OpenData

    root = make_site({"mkdocs.yml": config_with()})
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    data = OpenData(loaded.site, loaded.content, site_url="https://example.org/")
    written = data.write(tmp_path / "out")
    assert written["data/findings.json"].read_bytes() == dump(data.findings_json())
    assert {path: file.read_bytes() for path, file in written.items()} == data.files()
    rows = list(csv.reader(io.StringIO(written["data/findings.csv"].read_text("utf-8"), newline="")))
    assert len(rows) == 1 + len(FINDINGS) * len(LOCALES)
    when = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    for locale in LOCALES:
        writer = FeedWriter(loaded.site, loaded.content, locale, Catalog(locale), FeedSettings(site_name="Test site"))
        whole = writer.feed(when)
        ET.indent(whole, space="  ")
        expected = (
            b'<?xml version="1.0" encoding="utf-8"?>\n'
            + (ET.tostring(whole, encoding="unicode", short_empty_elements=True) + "\n").encode()
        )
        assert writer.render(when) == expected


def test_no_writable_temporary_folder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.exceptions import PluginError

    from d5site.mkdocs import outputs

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(outputs, "Scratch", refuse)
    with pytest.raises(PluginError, match="TMPDIR"):
        outputs.Publication().scratch()
