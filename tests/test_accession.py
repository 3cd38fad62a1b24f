"""Issue 11: accession records, statements of interest, shared code and partners.

One `mkdocs build --strict` (module scope) of tests/sitetree.py's default tree in
en, fr, ko and right-to-left he, plus:

- ca admitted with a full accession record and a published statement of interest
  (translated into fr), kr and gb as its proposer and seconder;
- dk, a pending candidate whose statement (and its French translation) is NOT
  published: every piece of its text carries the marker `SECRETDK`;
- ca's statement stamped, dk's unpublished one too (a translated unpublished text);
- mx, a pending candidate whose statement sets `publish: true`;
- a finding with `code:` and `partners:`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from d5site.cli.main import main
from d5site.core.catalog import Catalog
from d5site.core.site import load_from_config_file
from d5site.render.opendata import schema_bytes
from htmlutil import BuiltSite
from sitetree import BASE_TREE, build_tree, make_site, mkdocs_yml

LOCALES = ("en", "fr", "ko", "he")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/", "he": "he/"}
SECRET = "SECRETDK"

MEMBERS = BASE_TREE["charter/members.yml"].replace(
    "ca:\n  joined: 2018\n",
    "ca:\n  joined: 2018\n  accession:\n    proposed_by: kr\n    seconded_by: gb\n    agreed: 2018-02-22\n    statement: ca\n",
) + (
    "dk:\n  accession:\n    proposed_by: gb\n    statement: dk\n"
    "mx:\n  accession:\n    proposed_by: ca\n    seconded_by: kr\n    statement: mx-2022\n"
    "pt:\n  joined: 2021\n"
)

CA_STATEMENT = (
    "---\n"
    "title: Statement of interest of Canada\n"
    "date: 2018-02-01\n"
    "---\n"
    "An example statement, written for the tests.\n\n"
    "## Users first { #user-needs }\n\nCanada designs services with the people who use them.\n\n"
    "## Standards { #open-standards }\n\nCanada publishes its standards.\n\n### Details\n\nMore.\n\n"
    "## Help { #assisted-digital }\n\nCanada helps people online.\n\n"
    "## Record in digital government { #record }\n\nCanada's record.\n\n"
    "<script>alert('statement')</script><img src=\"https://example.org/x.png\" onerror=alert(1)> [a link](javascript:alert(2))\n"
)
CA_STATEMENT_FR = (
    "---\n"
    "title: Déclaration d'intérêt du Canada\n"
    "---\n"
    "Un exemple de déclaration, écrit pour les tests.\n\n"
    "## Les usagers d'abord { #user-needs }\n\nLe Canada conçoit ses services avec ceux qui les utilisent.\n\n"
    "## Standards { #open-standards }\n\nLe Canada publie ses standards.\n\n"
    "## Aide { #assisted-digital }\n\nLe Canada aide les gens en ligne.\n\n"
    "## Bilan { #record }\n\nLe bilan du Canada.\n"
)
DK_STATEMENT = (
    "---\n"
    f"title: {SECRET} statement title\n"
    "date: 2021-03-01\n"
    "---\n"
    f"{SECRET} introduction.\n\n"
    f"## {SECRET} users {{ #user-needs }}\n\n{SECRET} users text.\n\n"
    f"## {SECRET} safeguards {{ #necessary-safeguards }}\n\n{SECRET} safeguards text.\n\n"
    f"## {SECRET} standards {{ #open-standards }}\n\n{SECRET} standards text.\n\n"
    f"## {SECRET} inclusion {{ #digital-inclusion }}\n\n{SECRET} inclusion text.\n\n"
    f"## {SECRET} record {{ #record }}\n\n{SECRET} record text.\n"
)
DK_STATEMENT_FR = DK_STATEMENT.replace("date: 2021-03-01\n", "").replace("statement title", "titre de la déclaration")
MX_STATEMENT = DK_STATEMENT.replace(SECRET, "Mexico").replace("date: 2021-03-01\n", "date: 2022-01-10\npublish: true\n")

FILES: dict[str, str] = {
    "mkdocs.yml": mkdocs_yml(LOCALES),
    "charter/members.yml": MEMBERS,
    "charter/statements/ca.md": CA_STATEMENT,
    "charter/statements/ca.fr.md": CA_STATEMENT_FR,
    "charter/statements/dk.md": DK_STATEMENT,
    "charter/statements/dk.fr.md": DK_STATEMENT_FR,
    "charter/statements/mx-2022.md": MX_STATEMENT,
    "findings/2018/responsible-ai.md": BASE_TREE["findings/2018/responsible-ai.md"].replace(
        "licence: CC0-1.0\n",
        "licence: CC0-1.0\n"
        "code:\n"
        "  - {name: AI toolkit, url: 'https://example.org/ai-toolkit', licence: MIT}\n"
        "  - {name: Model cards, url: 'https://example.org/model-cards', licence: EUPL-1.2}\n"
        "partners:\n"
        "  - {name: An international body, kind: international-organisation}\n"
        "  - {name: A university, kind: academia}\n"),
    "findings/2021/safeguards-for-data.md": BASE_TREE["findings/2021/safeguards-for-data.md"].replace(
        "date: 2021-11-17\n", "date: 2021-11-17\ncode:\n  - {name: Safeguards kit, url: 'https://example.org/safeguards', licence: MIT}\n"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite]:
    return build_tree(make_site(tmp_path_factory.mktemp("accession"), FILES, LOCALES, stamp=True))


@pytest.fixture(scope="module")
def site(built: tuple[Path, BuiltSite]) -> BuiltSite:
    return built[1]


# -- the content model --------------------------------------------------------------


def test_check_is_clean_and_publishing_rule(tmp_path: Path) -> None:
    root = make_site(tmp_path, FILES, LOCALES)
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.diagnostics == []
    content = loaded.content
    statements = content.statements
    assert content.is_published(statements["ca"])  # agreed
    assert not content.is_published(statements["dk"])  # pending, no publish
    assert content.is_published(statements["mx-2022"])  # pending, publish: true
    assert [m.code for m in content.public_members()] == ["gb", "kr", "ee", "ca", "mx", "pt"]
    assert content.members["dk"].pending and content.members["dk"].joined is None
    sections = statements["ca"].sections
    assert [s.id for s in sections] == ["user-needs", "open-standards", "assisted-digital", "record"]
    assert sections[1].heading == "Standards" and "### Details" in sections[1].body
    assert statements["ca"].intro == "An example statement, written for the tests."


def test_publish_false_keeps_an_agreed_statement_unpublished(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {**FILES, "charter/statements/ca.md": CA_STATEMENT.replace("date: 2018-02-01\n", "date: 2018-02-01\npublish: false\n")},
        LOCALES,
    )
    content = load_from_config_file(root / "mkdocs.yml").content
    assert not content.is_published(content.statements["ca"])
    assert content.published_statement("ca") is None and content.is_public("ca")


# -- unpublished text appears nowhere -------------------------------------------------


def test_unpublished_statement_appears_in_no_output(site: BuiltSite) -> None:
    """No page, feed, search index, sitemap or data file of any locale carries the pending candidate's text or page."""
    leaks = []
    files = [p for p in site.dir.rglob("*") if p.is_file()]
    assert any(p.name == "search_index.json" for p in files) and any(p.name == "charter.json" for p in files)
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".gz":
            import gzip

            data = gzip.decompress(data)
        if SECRET.encode() in data or b"members/dk/" in data or b"statements/dk" in data:
            leaks.append(path.relative_to(site.dir).as_posix())
    assert leaks == []
    for locale in LOCALES:
        assert not site.exists(PREFIX[locale] + "members/dk/")


def test_translation_status_page_leaves_out_unpublished_statements(site: BuiltSite) -> None:
    page = site.page("fr/translations/")
    keys = {row.get("data-key") for row in page.article.find_all("tr", cls="d5-tr") if row.get("data-kind") == "statement"}
    assert keys == {"ca", "mx-2022"}


def test_translators_see_every_statement(built: tuple[Path, BuiltSite], capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = built
    assert main(["translations", "--config", str(root / "mkdocs.yml"), "--format", "json", "--locale", "fr"]) == 0
    items = json.loads(capsys.readouterr().out)["locales"]["fr"]["items"]
    states = {item["key"]: item["state"] for item in items if item["kind"] == "statement"}
    assert states == {"ca": "current", "dk": "current", "mx-2022": "missing"}


# -- member pages -------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_member_page_tells_how_it_joined(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "members/ca/")
    assert page.lang == locale
    accession = page.article.one("dl", cls="d5-accession")
    links = {a.text: page.resolve(a["href"])[0] for a in accession.find_all("a") if not a["href"].startswith("#")}
    kr = site.page(PREFIX[locale] + "members/kr/").article.one("h1").text
    gb = site.page(PREFIX[locale] + "members/gb/").article.one("h1").text
    assert links == {kr: f"{PREFIX[locale]}members/kr/", gb: f"{PREFIX[locale]}members/gb/"}
    labels = [dt.text for dt in accession.find_all("dt")]
    expected = [catalog.t(k) for k in ("proposed_by", "seconded_by", "agreed_on", "statement_of_interest")]
    assert [label.startswith(e) for label, e in zip(labels, expected, strict=False)] == [True] * 4 and len(labels) == 4
    assert accession.one("time")["datetime"] == "2018-02-22"
    assert catalog.date(__import__("datetime").date(2018, 2, 22)) in accession.text


@pytest.mark.parametrize("locale", LOCALES)
def test_statement_sections_link_to_the_edition_in_force(site: BuiltSite, locale: str) -> None:
    page = site.page(PREFIX[locale] + "members/ca/")
    sections = page.article.find_all("section", cls="d5-statement-section")
    assert [s.one("h3")["id"] for s in sections] == ["user-needs", "open-standards", "assisted-digital", "record"]
    for section in sections[:3]:
        link = section.one("a", cls="d5-principle-link")
        pid = section.one("h3")["id"]
        assert page.resolve(link["href"]) == (f"{PREFIX[locale]}charter/2018/", pid)
        target = site.page(f"{PREFIX[locale]}charter/2018/")
        assert target.heading(pid) is not None
    assert sections[3].find("a", cls="d5-principle-link") is None
    text = page.article.text
    if locale == "fr":
        assert "Le Canada conçoit ses services" in text and sections[0].one("h3").lang == "fr"
    else:
        assert "Canada designs services with the people" in text
        if locale != "en":
            h3 = sections[0].one("h3")
            assert h3.get("lang") == "en"
            assert (h3.get("dir") == "ltr") == (locale == "he")


@pytest.mark.parametrize("locale", ("en", "ko"))
def test_statement_text_goes_through_the_body_sanitizer(site: BuiltSite, locale: str) -> None:
    html = (site.dir / PREFIX[locale] / "members/ca/index.html").read_text("utf-8")
    assert "Canada's record." in html or "Canada&#x27;s record." in html or "Canada&rsquo;s record." in html
    assert "alert(" not in html and "onerror" not in html and "javascript:" not in html


def test_fields_not_recorded(site: BuiltSite) -> None:
    """A member admitted without proposer, seconder or date: the page says "not recorded"; a founder is a founder."""
    page = site.page("members/pt/")
    assert page.article.find_text(Catalog("en").t("accession_not_recorded")) is not None
    founder = site.page("fr/members/gb/")
    assert founder.article.find_text(Catalog("fr").t("founding_member", year=2014)) is not None


def test_member_findings_by_year_and_principle(site: BuiltSite) -> None:
    page = site.page("members/ca/")
    assert [h["id"] for h in page.article.find_all("h3") if h["id"].startswith("y")] == ["y2021", "y2018"]
    principles = [h["id"] for h in page.article.find_all("h3") if h["id"].startswith("p-")]
    assert sorted(principles) == ["p-digital-inclusion", "p-necessary-safeguards", "p-user-needs"]


def test_members_page_shows_the_growth_of_the_group(site: BuiltSite) -> None:
    page = site.page("members/")
    rows = page.article.one("div", cls="d5-members").one("table").find_all("tr")[1:]
    names = [row.one("th").text for row in rows]
    assert names == ["Estonia", "Republic of Korea", "United Kingdom", "Canada", "Portugal"]
    sizes = [row.find_all("td")[4].text for row in rows]
    assert sizes == ["3", "3", "3", "4", "4"]  # ee left in 2019, before pt joined
    canada = rows[3].find_all("td")
    assert canada[2].text == "Republic of Korea" and canada[3].text == "United Kingdom"
    candidates = page.article.one("div", cls="d5-candidates").one("table")
    assert [r.one("th").text for r in candidates.find_all("tr")[1:]] == ["Mexico"]


def test_published_candidate_page(site: BuiltSite) -> None:
    page = site.page("members/mx/")
    assert "Mexico users text." in page.article.text
    assert page.article.find_text(Catalog("en").t("candidacy_pending")) is not None
    # the 2022 statement answers the principles of the 2021 edition
    link = page.article.find_all("a", cls="d5-principle-link")[0]
    assert page.resolve(link["href"]) == ("charter/2021/", "user-needs")


# -- shared code and partners -------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_code_page(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "code/")
    assert page.article.one("h1").text == catalog.t("code_page")
    assert [h.text for h in page.article.find_all("h2")] == [catalog.t("by_year"), catalog.t("by_member"), catalog.t("by_licence")]
    ids = [h["id"] for h in page.article.find_all("h3")]
    assert ids[:2] == ["y2021", "y2018"]
    assert {"m-ca", "m-gb", "m-kr"} <= set(ids) and ids[-2:] == ["l-EUPL-1.2", "l-MIT"]
    hrefs = [a["href"] for a in page.article.find_all("a")]
    assert hrefs.count("https://example.org/ai-toolkit") == 4  # by year, by member (ca, gb), by licence


@pytest.mark.parametrize("locale", LOCALES)
def test_finding_shows_code_and_partners(site: BuiltSite, locale: str) -> None:
    catalog = Catalog(locale)
    page = site.page(PREFIX[locale] + "findings/2018/responsible-ai/")
    partners = page.article.one("ul", cls="d5-partners")
    assert [li.text for li in partners.find_all("li")] == [
        f"An international body ({catalog.t('partner_kind_international-organisation')})",
        f"A university ({catalog.t('partner_kind_academia')})",
    ]
    code = page.article.one("ul", cls="d5-code")
    assert [a["href"] for a in code.find_all("a")] == [
        "https://example.org/ai-toolkit", "https://spdx.org/licenses/MIT.html",
        "https://example.org/model-cards", "https://spdx.org/licenses/EUPL-1.2.html"]


def test_open_data_code_partners_accession(site: BuiltSite) -> None:
    findings = json.loads((site.dir / "data" / "findings.json").read_bytes())
    charter = json.loads((site.dir / "data" / "charter.json").read_bytes())
    for data, name in ((findings, "data-findings.schema.json"), (charter, "data-charter.schema.json")):
        jsonschema.Draft202012Validator(json.loads(schema_bytes(name))).validate(data)
    ai = next(f for f in findings["findings"] if f["key"] == "2018/responsible-ai")
    assert ai["code"][1] == {"name": "Model cards", "url": "https://example.org/model-cards", "licence": "EUPL-1.2",
                             "licence_url": "https://spdx.org/licenses/EUPL-1.2.html"}
    assert ai["partners"] == [{"name": "An international body", "kind": "international-organisation"},
                              {"name": "A university", "kind": "academia"}]
    members = {m["code"]: m for m in charter["members"]}
    assert sorted(members) == ["ca", "ee", "gb", "kr", "mx", "pt"]
    ca = members["ca"]["accession"]
    assert (ca["proposed_by"], ca["seconded_by"], ca["agreed"]) == ("kr", "gb", "2018-02-22")
    assert ca["statement"]["principles"] == ["user-needs", "open-standards", "assisted-digital"]
    assert ca["statement"]["text"]["fr"]["title"] == "Déclaration d'intérêt du Canada"
    assert members["mx"]["status"] == "candidate" and members["mx"]["joined"] is None
    assert members["gb"]["accession"] is None
    rows = list(csv.DictReader(io.StringIO((site.dir / "data" / "findings.csv").read_text("utf-8"), newline="")))
    row = next(r for r in rows if r["id"] == "responsible-ai" and r["locale"] == "en")
    assert row["code"] == "https://example.org/ai-toolkit https://example.org/model-cards"
    assert row["code_licences"] == "MIT EUPL-1.2"
    assert (row["partners"], row["partner_kinds"]) == ("An international body; A university", "international-organisation academia")


# -- scaffolding ----------------------------------------------------------------------


def test_new_statement_scaffolds_a_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = BASE_TREE["charter/members.yml"] + "dk:\n  accession:\n    proposed_by: gb\n    statement: dk\n"
    root = make_site(tmp_path, {"charter/members.yml": members})
    config = str(root / "mkdocs.yml")
    assert main(["check", "--config", config]) == 1  # the statement it names does not exist yet
    assert main(["new", "statement", "dk", "--date", "2021-03-01", "--config", config]) == 0
    text = (root / "charter/statements/dk.md").read_text("utf-8")
    assert "date: 2021-03-01" in text
    for pid in ("user-needs", "necessary-safeguards", "open-standards", "digital-inclusion", "record"):
        assert f"{{ #{pid} }}" in text
    capsys.readouterr()
    assert main(["check", "--config", config]) == 0, capsys.readouterr().out
    # never overwrites
    assert main(["new", "statement", "dk", "--config", config]) == 1
    assert (root / "charter/statements/dk.md").read_text("utf-8") == text
    assert "already exists" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["../x", "DK", "zz", "d/k"])
def test_new_statement_refuses_bad_codes(code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(tmp_path)
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert main(["new", "statement", code, "--config", str(root / "mkdocs.yml")]) == 1
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    out = capsys.readouterr().out
    assert "Traceback" not in out and out.startswith("charter/statements/")


def test_statements_folder_may_not_lead_out_of_the_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ca.md").write_text(CA_STATEMENT, "utf-8")
    files = {k: v for k, v in FILES.items() if not k.startswith("charter/statements/")}
    root = make_site(tmp_path, files, LOCALES)
    (root / "charter" / "statements").symlink_to(outside, target_is_directory=True)
    assert main(["check", "--config", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert "Traceback" not in out
    assert any(line.startswith("charter/statements:") for line in out.splitlines()), out
