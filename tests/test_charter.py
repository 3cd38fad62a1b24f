"""Point-in-time queries on the charter, digests and translation states, `d5site new`, `d5site translations`.

The default tree (tests/sitetree.py) has three editions:

    2014  1 user-needs   2 open-standards        3 assisted-digital
    2018  1 user-needs*  2 open-standards        3 assisted-digital       (* amended: revision 2018)
    2021  1 user-needs   2 necessary-safeguards  3 open-standards  4 digital-inclusion
          (necessary-safeguards added; open-standards renumbered 2 -> 3; digital-inclusion
          added, replacing assisted-digital, which is withdrawn)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from d5site.cli.main import main
from d5site.core.charter import Change, Charter
from d5site.core.model import Finding
from d5site.core.site import Loaded, load_from_config_file
from d5site.core.translations import state_of

F = "findings/2018/responsible-ai.md"
FR = "findings/2018/responsible-ai.fr.md"


def load(root: Path) -> Loaded:
    loaded = load_from_config_file(root / "mkdocs.yml")
    assert loaded.ok, loaded.diagnostics
    return loaded


def cli(root: Path, *argv: str) -> int:
    return main([*argv, "--config", str(root / "mkdocs.yml")])


@pytest.fixture
def charter(site: Path) -> Charter:
    return Charter(load(site).content)


def year_of(edition) -> int | None:
    return None if edition is None else edition.year


# -- editions in force ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [(1999, None), (2013, None), (2014, 2014), (2015, 2014), (2017, 2014), (2018, 2018), (2020, 2018), (2021, 2021), (2030, 2021)],
)
def test_edition_in_force(charter: Charter, year: int, expected: int | None) -> None:
    assert year_of(charter.edition_in_force(year)) == expected


def test_editions_latest_previous_next(charter: Charter) -> None:
    assert [e.year for e in charter.editions] == [2014, 2018, 2021]
    assert charter.latest is not None and charter.latest.year == 2021
    e2014, e2018, e2021 = charter.editions
    assert charter.previous(e2014) is None
    assert year_of(charter.previous(e2018)) == 2014
    assert year_of(charter.previous(e2021)) == 2018
    assert year_of(charter.next(e2014)) == 2018
    assert year_of(charter.next(e2018)) == 2021
    assert charter.next(e2021) is None


def test_edition_fields(site: Path) -> None:
    content = load(site).content
    e2014 = content.editions[2014]
    assert e2014.date.isoformat() == "2014-12-10"
    assert e2014.place == {"en": "London", "fr": "Londres", "ko": "런던"}
    assert e2014.principles == ["user-needs", "open-standards", "assisted-digital"]
    assert content.editions[2021].place == {}


# -- texts and numbers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("principle", "edition", "revision_year"),
    [
        ("user-needs", 2014, 2014),
        ("user-needs", 2018, 2018),
        ("user-needs", 2021, 2018),  # not amended in 2021: the 2018 text stands
        ("open-standards", 2014, 2014),
        ("open-standards", 2021, 2014),
        ("assisted-digital", 2018, 2014),
        ("necessary-safeguards", 2021, 2021),
        ("necessary-safeguards", 2018, None),  # no revision yet
        ("digital-inclusion", 2014, None),
        ("no-such-principle", 2021, None),
    ],
)
def test_text_in(charter: Charter, principle: str, edition: int, revision_year: int | None) -> None:
    revision = charter.text_in(principle, charter.content.editions[edition])
    assert (revision.year if revision else None) == revision_year
    if revision is not None:
        assert revision.principle_id == principle


def test_text_in_bodies(charter: Charter) -> None:
    e2014, e2018, e2021 = charter.editions
    assert charter.text_in("user-needs", e2014).body.strip() == "Design public services for the citizen."
    assert charter.text_in("user-needs", e2021).body.strip() == "Design public services around the needs of the people who use them."
    assert charter.text_in("user-needs", e2018).change == "Reworded around people rather than citizens."


@pytest.mark.parametrize(
    ("principle", "numbers"),
    [
        ("user-needs", {2014: 1, 2018: 1, 2021: 1}),
        ("open-standards", {2014: 2, 2018: 2, 2021: 3}),
        ("assisted-digital", {2014: 3, 2018: 3, 2021: None}),
        ("necessary-safeguards", {2014: None, 2018: None, 2021: 2}),
        ("digital-inclusion", {2014: None, 2018: None, 2021: 4}),
    ],
)
def test_number_in_across_renumbering(charter: Charter, principle: str, numbers: dict[int, int | None]) -> None:
    assert {e.year: charter.number_in(principle, e) for e in charter.editions} == numbers


def test_in_force(charter: Charter) -> None:
    edition, number, revision = charter.in_force("open-standards", 2022)
    assert (edition.year, number, revision.year) == (2021, 3, 2014)
    edition, number, revision = charter.in_force("user-needs", 2019)
    assert (edition.year, number, revision.year) == (2018, 1, 2018)
    assert charter.in_force("assisted-digital", 2021) is None
    assert charter.in_force("necessary-safeguards", 2020) is None
    assert charter.in_force("user-needs", 2013) is None


def test_revision_at(charter: Charter) -> None:
    principle = charter.principle("user-needs")
    assert principle is not None
    assert [r.year for r in principle.revisions] == [2014, 2018]
    assert principle.revision_at(2013) is None
    assert principle.revision_at(2017).year == 2014
    assert principle.revision_at(2018).year == 2018
    assert principle.revision_at(2100).year == 2018
    assert principle.latest.year == 2018


# -- changes -------------------------------------------------------------------------


def test_changes_first_edition_all_added(charter: Charter) -> None:
    assert charter.changes(charter.content.editions[2014]) == [
        Change("added", "user-needs", None, 1),
        Change("added", "open-standards", None, 2),
        Change("added", "assisted-digital", None, 3),
    ]


def test_changes_amended(charter: Charter) -> None:
    assert charter.changes(charter.content.editions[2018]) == [Change("amended", "user-needs", 1, 1)]


def test_changes_renumbered_added_withdrawn(charter: Charter) -> None:
    assert charter.changes(charter.content.editions[2021]) == [
        Change("added", "necessary-safeguards", None, 2),
        Change("added", "digital-inclusion", None, 4, replaces=("assisted-digital",)),
        Change("renumbered", "open-standards", 2, 3),
        Change("withdrawn", "assisted-digital", 3, None, replaced_by=("digital-inclusion",)),
    ]


def test_changes_amended_and_renumbered(make_site) -> None:
    """A principle both amended and moved gets both changes; an unchanged review has none."""
    from sitetree import BASE_TREE

    files = {
        "charter/principles/open-standards/2021.md": ("---\ntitle: Open standards\nchange: Moved from 2 to 3 and reworded.\n---\nOpen "
                                                      "standards, royalty free.\n"),
        "charter/editions.yml": BASE_TREE["charter/editions.yml"]
        + "2023:\n  date: 2023-11-13\n  principles: [user-needs, necessary-safeguards, open-standards, digital-inclusion]\n",
    }
    charter = Charter(load(make_site(files)).content)
    assert charter.changes(charter.content.editions[2021])[2:4] == [
        Change("amended", "open-standards", 2, 3),
        Change("renumbered", "open-standards", 2, 3),
    ]
    assert charter.changes(charter.content.editions[2023]) == []


def test_withdrawn_then_restored(make_site) -> None:
    """Dropped in 2018, back in 2021: not withdrawn now; added again in 2021."""
    files = {
        "charter/editions.yml": (
            "2014:\n  date: 2014-12-10\n  principles: [user-needs, open-standards, assisted-digital]\n"
            "2018:\n  date: 2018-11-22\n  principles: [user-needs, assisted-digital]\n"
            "2021:\n  date: 2021-11-16\n  principles: [user-needs, necessary-safeguards, open-standards, digital-inclusion]\n"
        ),
        "findings/2014/shared-code.md": "---\ntitle: x\nmembers: [gb]\nprinciples: [user-needs]\n---\nx\n",
    }
    charter = Charter(load(make_site(files)).content)
    assert charter.withdrawn_in("open-standards") is None
    assert [s.edition.year for s in charter.standings("open-standards")] == [2014, 2021]
    e2018, e2021 = charter.content.editions[2018], charter.content.editions[2021]
    assert Change("withdrawn", "open-standards", 2, None) in charter.changes(e2018)
    assert Change("renumbered", "assisted-digital", 3, 2) in charter.changes(e2018)
    assert Change("added", "open-standards", None, 3) in charter.changes(e2021)


# -- standings and lineage -----------------------------------------------------------


def test_standings(charter: Charter) -> None:
    rows = [(s.edition.year, s.number, s.revision.year) for s in charter.standings("open-standards")]
    assert rows == [(2014, 2, 2014), (2018, 2, 2014), (2021, 3, 2014)]
    rows = [(s.edition.year, s.number, s.revision.year) for s in charter.standings("user-needs")]
    assert rows == [(2014, 1, 2014), (2018, 1, 2018), (2021, 1, 2018)]
    assert [(s.edition.year, s.number) for s in charter.standings("assisted-digital")] == [(2014, 3), (2018, 3)]
    assert [(s.edition.year, s.number) for s in charter.standings("digital-inclusion")] == [(2021, 4)]
    assert charter.standings("no-such-principle") == []


def test_editions_of_revision(charter: Charter) -> None:
    principle = charter.principle("user-needs")
    first, second = principle.revisions
    assert [s.edition.year for s in charter.editions_of_revision(first)] == [2014]
    assert [s.edition.year for s in charter.editions_of_revision(second)] == [2018, 2021]


def test_withdrawn_in(charter: Charter) -> None:
    assert year_of(charter.withdrawn_in("assisted-digital")) == 2021
    for pid in ("user-needs", "open-standards", "necessary-safeguards", "digital-inclusion"):
        assert charter.withdrawn_in(pid) is None


def test_replaces_and_replaced_by(charter: Charter) -> None:
    assert charter.replaces("digital-inclusion") == ["assisted-digital"]
    assert charter.replaced_by("assisted-digital") == ["digital-inclusion"]
    assert charter.replaces("assisted-digital") == []
    assert charter.replaced_by("digital-inclusion") == []
    assert charter.replaces("no-such-principle") == []
    assert charter.replaced_by("no-such-principle") == []


def test_replaced_by_several(make_site) -> None:
    files = {
        "charter/principles/necessary-safeguards/2021.md": ("---\ntitle: Necessary safeguards\nreplaces: "
                                                            "[assisted-digital]\n---\nSafeguards.\n"),
    }
    charter = Charter(load(make_site(files)).content)
    assert charter.replaced_by("assisted-digital") == ["digital-inclusion", "necessary-safeguards"]
    withdrawn = [c for c in charter.changes(charter.content.editions[2021]) if c.kind == "withdrawn"]
    assert withdrawn == [Change("withdrawn", "assisted-digital", 3, None, replaced_by=("digital-inclusion", "necessary-safeguards"))]


# -- the loaded model ----------------------------------------------------------------


def test_model_fields(site: Path) -> None:
    content = load(site).content
    assert content.default_locale == "en" and content.locales == ["en", "fr", "ko"]
    assert content.years == [2014, 2016, 2018, 2021]
    assert sorted(content.members) == ["ca", "ee", "gb", "kr"]
    assert content.members["ee"].left == 2019 and content.members["ee"].is_member_in(2019)
    assert not content.members["ee"].is_member_in(2020) and not content.members["ca"].is_member_in(2017)
    assert content.members["gb"].names["fr"] == "Royaume-Uni"
    finding: Finding = content.findings[(2014, "shared-code")]
    assert finding.members == ["gb", "ee"] and finding.principles == ["open-standards", "user-needs"]
    assert finding.date.isoformat() == "2014-12-10"
    assert finding.themes == ["open-source"]
    assert [(link.title, link.url) for link in finding.links] == [("Source code", "https://example.org/repo")]
    assert finding.licence is None and content.findings[(2018, "responsible-ai")].licence == "CC0-1.0"
    assert sorted(finding.translations) == ["fr", "ko"]
    assert finding.translations["fr"].fields == {"summary": "Les membres ont convenu de publier le code de leurs services."}
    assert content.overviews[2014].host == "gb" and content.overviews[2014].translations["fr"].fields == {"place": "Londres"}
    assert [d.path for d in content.documents()][:2] == [
        "charter/principles/assisted-digital/2014.md",
        "charter/principles/digital-inclusion/2021.md",
    ]


# -- digests -------------------------------------------------------------------------

FINDING = ("---\ntitle: Responsible use of AI\nmembers: [ca, gb]\nprinciples: [user-needs]\ndate: 2018-11-22\nlicence: "
           "CC0-1.0\n---\nMeasure impact, be transparent, explain decisions.\n")


def digest_of(make_site, text: str, path: str = F) -> str:
    content = load(make_site({path: text})).content
    return next(d for d in content.documents() if d.path == path).digest()


def test_digest_form_and_stability(make_site) -> None:
    first = digest_of(make_site, FINDING)
    assert first.startswith("sha256:") and len(first) == len("sha256:") + 16
    assert digest_of(make_site, FINDING) == first
    # line ends, a BOM and surrounding blank lines do not count
    assert digest_of(make_site, ("\ufeff" + FINDING).replace("\n", "\r\n")) == first
    assert digest_of(make_site, FINDING.replace("---\nMeasure", "---\n\n\nMeasure") + "\n\n") == first


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Responsible use of AI", "title: Responsible use of artificial intelligence"),
        ("explain decisions.", "explain every decision."),
        ("licence: CC0-1.0\n", "licence: CC0-1.0\nsummary: A summary.\n"),
    ],
    ids=["title", "body", "summary"],
)
def test_digest_changes_with_translatable_content(make_site, old: str, new: str) -> None:
    assert digest_of(make_site, FINDING.replace(old, new)) != digest_of(make_site, FINDING)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("members: [ca, gb]", "members: [gb, ca]"),
        ("principles: [user-needs]", "principles: [user-needs, open-standards]"),
        ("date: 2018-11-22", "date: 2018-02-21"),
        ("licence: CC0-1.0", "licence: CC-BY-4.0"),
        ("licence: CC0-1.0\n", "licence: CC0-1.0\nthemes: [open-source]\nlinks:\n  - {title: Code, url: 'https://example.org'}\n"),
    ],
    ids=["members", "principles", "date", "licence", "themes-links"],
)
def test_digest_ignores_structural_keys(make_site, old: str, new: str) -> None:
    assert digest_of(make_site, FINDING.replace(old, new)) == digest_of(make_site, FINDING)


def test_revision_digest_counts_change_note_not_replaces(make_site) -> None:
    path = "charter/principles/digital-inclusion/2021.md"
    base = "---\ntitle: Digital inclusion\nchange: Replaces assisted digital.\nreplaces: [assisted-digital]\n---\nInclusive services.\n"
    assert digest_of(make_site, base.replace("Replaces assisted", "Supersedes assisted"), path) != digest_of(make_site, base, path)
    assert digest_of(make_site, base.replace("replaces: [assisted-digital]\n", ""), path) == digest_of(make_site, base, path)


def test_overview_digest_counts_place_theme_not_host_date(make_site) -> None:
    path = "findings/2014/index.md"
    base = "---\ntitle: London\ndate: 2014-12-10\nplace: London\nhost: gb\ntheme: Open markets\n---\nThe first summit.\n"
    reference = digest_of(make_site, base, path)
    assert digest_of(make_site, base.replace("place: London", "place: Greenwich"), path) != reference
    assert digest_of(make_site, base.replace("theme: Open markets", "theme: Connectivity"), path) != reference
    assert digest_of(make_site, base.replace("host: gb", "host: kr"), path) == reference
    assert digest_of(make_site, base.replace("date: 2014-12-10", "date: 2014-12-09"), path) == reference


# -- translation states through `d5site translations stamp` ---------------------------------


def state(root: Path, source: str, locale: str) -> str:
    content = load(root).content
    document = next(d for d in content.documents() if d.path == source)
    return state_of(document, locale)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_state_transitions(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert state(site, F, "fr") == "outdated"  # no stamp yet
    assert state(site, F, "ko") == "missing"

    assert cli(site, "translations", "stamp", str(site / FR)) == 0
    assert capsys.readouterr().out == f"stamped {FR}\n"
    assert state(site, F, "fr") == "current"
    assert state(site, F, "ko") == "missing"

    edit(site, F, "explain decisions.", "explain every decision.")
    assert state(site, F, "fr") == "outdated"

    assert cli(site, "translations", "stamp", str(site / FR)) == 0
    assert state(site, F, "fr") == "current"

    edit(site, F, "title: Responsible use of AI", "title: Responsible AI")
    assert state(site, F, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / FR)) == 0

    edit(site, F, "licence: CC0-1.0\n", "licence: CC0-1.0\nsummary: What we agreed.\n")
    assert state(site, F, "fr") == "outdated"
    assert cli(site, "translations", "stamp", str(site / FR)) == 0
    assert state(site, F, "fr") == "current"

    # structural keys: still current
    edit(site, F, "members: [ca, gb]", "members: [ca, gb, kr]")
    edit(site, F, "date: 2018-11-22", "date: 2018-02-21")
    edit(site, F, "principles: [user-needs]", "principles: [user-needs, open-standards]")
    assert load(site).ok
    assert state(site, F, "fr") == "current"

    # editing the translation itself does not make it outdated
    edit(site, FR, "Mesurer l'impact", "Mesurer les effets")
    assert state(site, F, "fr") == "current"


def test_stamp_keeps_the_rest_of_the_file(site: Path) -> None:
    translation = site / FR
    translation.write_bytes(b"\xef\xbb\xbf---\r\ntitle: Usage responsable de l'IA\r\n---\r\nTexte.\r\n")
    assert cli(site, "translations", "stamp", str(translation)) == 0
    raw = translation.read_bytes()
    digest = next(d for d in load(site).content.documents() if d.path == F).digest()
    assert raw == f"\ufeff---\r\ntitle: Usage responsable de l'IA\r\nstamp: {digest}\r\n---\r\nTexte.\r\n".encode()
    # stamping again replaces the stamp, it does not add a second one
    edit(site, F, "explain decisions.", "explain all decisions.")
    assert cli(site, "translations", "stamp", str(translation)) == 0
    assert translation.read_bytes().count(b"stamp:") == 1
    assert state(site, F, "fr") == "current"


def test_stamp_a_folder_and_revisions(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "translations", "stamp", str(site / "findings"), str(site / "charter")) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 11 and all(line.startswith("stamped ") for line in out)
    report = translations_json(site, capsys)
    assert report["locales"]["fr"]["summary"] == {"current": 7, "outdated": 0, "missing": 4}
    assert report["locales"]["ko"]["summary"] == {"current": 4, "outdated": 0, "missing": 7}
    rev = "charter/principles/digital-inclusion/2021.md"
    edit(site, rev, "change: Replaces assisted digital.", "change: Supersedes assisted digital.")
    assert state(site, rev, "fr") == "outdated"
    edit(site, rev, "replaces: [assisted-digital]\n", "")
    edit(site, rev, "change: Supersedes assisted digital.", "change: Replaces assisted digital.")
    assert state(site, rev, "fr") == "current"


def test_stamp_relative_path_from_site_root(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    assert main(["translations", "stamp", FR]) == 0
    assert state(site, F, "fr") == "current"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (F, "not a translation of a known source"),
        ("findings/2018/nothing.fr.md", "no such file"),
        ("charter/members.yml", "not a translation of a known source"),
    ],
)
def test_stamp_refuses(site: Path, capsys: pytest.CaptureFixture[str], target: str, message: str) -> None:
    assert cli(site, "translations", "stamp", str(site / target)) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{target}: ") and message in out


def test_stamp_refuses_a_broken_translation(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(site, FR, "title: Usage", "members: [gb]\ntitle: Usage")
    assert cli(site, "translations", "stamp", str(site / FR)) == 1
    assert "has errors; fix them (d5site check) before stamping" in capsys.readouterr().out


# -- `d5site translations` -----------------------------------------------------------


def translations_json(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    capsys.readouterr()
    assert cli(root, "translations", "--format", "json", *extra) == 0
    return json.loads(capsys.readouterr().out)


def test_translations_json_shape(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = translations_json(site, capsys)
    assert set(report) == {"default_locale", "locales"}
    assert report["default_locale"] == "en"
    assert list(report["locales"]) == ["fr", "ko"]
    fr = report["locales"]["fr"]
    assert fr["summary"] == {"current": 0, "outdated": 7, "missing": 4}
    assert len(fr["items"]) == 11
    for item in fr["items"]:
        assert set(item) == {"kind", "key", "state", "reason", "source", "path", "title"}
        assert item["reason"] == ("unstamped" if item["state"] == "outdated" else None)  # the tree's translations are not stamped
        assert item["kind"] in ("revision", "overview", "finding")
        assert item["state"] in ("current", "outdated", "missing")
        assert item["path"] == item["source"][:-3] + ".fr.md"
    by_key = {item["key"]: item for item in fr["items"]}
    assert by_key["2018/responsible-ai"] == {
        "kind": "finding",
        "key": "2018/responsible-ai",
        "state": "outdated",
        "reason": "unstamped",
        "source": F,
        "path": FR,
        "title": "Responsible use of AI",
    }
    assert by_key["user-needs/2018"]["kind"] == "revision"
    assert by_key["2014"]["kind"] == "overview" and by_key["2014"]["source"] == "findings/2014/index.md"
    assert by_key["2016/assisted-services"]["state"] == "missing"


def test_translations_json_one_locale_and_stamped(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site(stamp=True)
    report = translations_json(root, capsys, "--locale", "ko")
    assert list(report["locales"]) == ["ko"]
    assert report["locales"]["ko"]["summary"] == {"current": 4, "outdated": 0, "missing": 7}


def test_translations_text(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "translations", "--locale", "fr") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "fr: 0 current, 7 outdated, 4 missing"
    assert f"  outdated  {FR}  (Responsible use of AI; unstamped)" in out
    assert "  missing   findings/2016/assisted-services.fr.md  (Assisted digital services)" in out


def test_an_outdated_translation_says_why(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    """`outdated` (contract section 7) either way; `reason` tells a never-stamped translation from a stale one."""
    root = make_site(stamp=True)
    source = root / F
    source.write_text(source.read_text("utf-8").replace("Measure impact", "Measure the impact"), "utf-8")
    unstamped = root / "findings/2014/shared-code.fr.md"
    unstamped.write_text(
        "\n".join(line for line in unstamped.read_text("utf-8").splitlines() if not line.startswith("stamp:")) + "\n", "utf-8"
    )
    items = {item["path"]: item for item in translations_json(root, capsys, "--locale", "fr")["locales"]["fr"]["items"]}
    assert (items[FR]["state"], items[FR]["reason"]) == ("outdated", "source changed")
    assert (items[unstamped.relative_to(root).as_posix()]["state"], items["findings/2014/shared-code.fr.md"]["reason"]) == (
        "outdated",
        "unstamped",
    )
    assert items["findings/2014/index.fr.md"]["reason"] is None and items["findings/2014/index.fr.md"]["state"] == "current"
    assert cli(root, "translations", "--locale", "fr") == 0
    out = capsys.readouterr().out.splitlines()
    assert f"  outdated  {FR}  (Responsible use of AI; source changed)" in out
    assert "  outdated  findings/2014/shared-code.fr.md  (Sharing code between governments; unstamped)" in out


def test_translations_unknown_locale(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "translations", "--locale", "de") == 2
    assert "unknown locale de" in capsys.readouterr().err


def test_translations_refuses_a_broken_site(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({F: FINDING.replace("[ca, gb]", "[zz]")})
    assert cli(root, "translations", "--format", "json") == 1
    captured = capsys.readouterr()
    assert f"{F}:3: members: unknown member 'zz'" in captured.out
    assert "fix these errors first" in captured.err


def test_translations_single_locale_site(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    report = translations_json(make_site(locales=("en",)), capsys)
    assert report == {"default_locale": "en", "locales": {}}


# -- `d5site new` --------------------------------------------------------------------


def check_ok(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    status = cli(root, "check")
    out = capsys.readouterr().out
    assert (status, out) == (0, "")


def test_new_finding(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(
            site,
            "new",
            "finding",
            "2018",
            "open-data",
            "--member",
            "gb",
            "--member",
            "ca",
            "--principle",
            "user-needs",
            "-p",
            "open-standards",
        )
        == 0
    )
    assert capsys.readouterr().out == "created findings/2018/open-data.md\n"
    check_ok(site, capsys)
    finding = load(site).content.findings[(2018, "open-data")]
    assert finding.members == ["gb", "ca"] and finding.principles == ["user-needs", "open-standards"]
    assert finding.title == "Open data"
    text = (site / "findings/2018/open-data.md").read_text("utf-8")
    assert "# code:" in text and "licence: MIT" in text and "links:" not in text  # as the authoring guide shows shared code
    uncommented = text.replace("# code:   #", "code:   #").replace("#   - {name", "  - {name")
    (site / "findings/2018/open-data.md").write_text(uncommented, "utf-8")
    check_ok(site, capsys)
    assert load(site).content.findings[(2018, "open-data")].code[0].licence == "MIT"


def test_new_finding_new_year_and_quoted_title(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = 'Data: "360" & more, #1'
    assert cli(site, "new", "finding", "2022", "data-360", "-m", "kr", "-p", "necessary-safeguards", "--title", title) == 0
    check_ok(site, capsys)
    assert load(site).content.findings[(2022, "data-360")].title == title


def test_new_finding_from_site_root(site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site)
    assert main(["new", "finding", "2021", "green-it", "-m", "ca", "-p", "digital-inclusion"]) == 0
    assert (site / "findings/2021/green-it.md").is_file()
    check_ok(site, capsys)


@pytest.mark.parametrize(
    ("argv", "path", "message"),
    [
        (["2018", "x", "-m", "zz", "-p", "user-needs"], "findings/2018/x.md", "unknown member 'zz' (known: ca, ee, gb, kr)"),
        (["2016", "x", "-m", "ca", "-p", "assisted-digital"], "findings/2016/x.md", "'ca' was not a member in 2016"),
        (["2021", "x", "-m", "ee", "-p", "digital-inclusion"], "findings/2021/x.md", "'ee' was not a member in 2021"),
        (
            ["2018", "x", "-m", "gb", "-p", "necessary-safeguards"],
            "findings/2018/x.md",
            "principle 'necessary-safeguards' is not in the 2018 edition in force in 2018",
        ),
        (
            ["2022", "x", "-m", "gb", "-p", "assisted-digital"],
            "findings/2022/x.md",
            "principle 'assisted-digital' is not in the 2021 edition in force in 2022",
        ),
        (["2018", "x", "-m", "gb", "-p", "no-such"], "findings/2018/x.md", "principle 'no-such' is not in the 2018 edition"),
        (["2013", "x", "-m", "gb", "-p", "user-needs"], "findings/2013/x.md", "no edition of the charter is in force in 2013"),
        (["2018", "responsible-ai", "-m", "gb", "-p", "user-needs"], F, "already exists"),
        (["2018", "Open_Data", "-m", "gb", "-p", "user-needs"], "findings/2018/Open_Data.md", "is not a valid finding id"),
        (["2018", "index", "-m", "gb", "-p", "user-needs"], "findings/2018/index.md", "'index' is reserved for the year's overview"),
        (["99", "x", "-m", "gb", "-p", "user-needs"], "findings/99/x.md", "'99' is not a four-digit year"),
    ],
)
def test_new_finding_refuses(site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], path: str, message: str) -> None:
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    status = cli(site, "new", "finding", *argv)
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith(f"{path}: ") and message in out, out
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_new_finding_reports_every_problem(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "new", "finding", "2016", "x", "-m", "ca", "-m", "zz", "-p", "digital-inclusion") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all(line.startswith("findings/2016/x.md: ") for line in lines)


def test_new_finding_requires_member_and_principle(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli(site, "new", "finding", "2018", "x", "-p", "user-needs")
    assert exit_info.value.code == 2
    assert "--member" in capsys.readouterr().err


def test_new_revision_amends(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "new", "revision", "open-standards", "2021") == 0
    assert capsys.readouterr().out == "created charter/principles/open-standards/2021.md\n"
    check_ok(site, capsys)
    charter = Charter(load(site).content)
    revision = charter.text_in("open-standards", charter.content.editions[2021])
    assert revision.year == 2021
    assert revision.title == "Open standards"
    assert revision.body.strip() == "A credible, royalty-free open standards policy."
    assert Change("amended", "open-standards", 2, 3) in charter.changes(charter.content.editions[2021])


def test_new_revision_of_a_new_principle(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(site, "new", "revision", "digital-skills", "2021", "--title", "Digital skills: training") == 0
    check_ok(site, capsys)
    principle = load(site).content.principles["digital-skills"]
    assert [r.year for r in principle.revisions] == [2021]
    assert principle.latest.title == "Digital skills: training"


@pytest.mark.parametrize(
    ("argv", "path", "message"),
    [
        (["user-needs", "2016"], "charter/principles/user-needs/2016.md", "no edition in 2016: add 2016 to charter/editions.yml first"),
        (["user-needs", "2014"], "charter/principles/user-needs/2014.md", "already exists"),
        (["User_Needs", "2021"], "charter/principles/User_Needs/2021.md", "is not a valid principle id"),
        ([("x" * 65), "2021"], f"charter/principles/{'x' * 65}/2021.md", "is not a valid principle id"),
    ],
)
def test_new_revision_refuses(site: Path, capsys: pytest.CaptureFixture[str], argv: list[str], path: str, message: str) -> None:
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert cli(site, "new", "revision", *argv) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: ") and message in out, out
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before


def test_new_with_missing_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "revision", "user-needs", "2021", "--config", str(tmp_path / "mkdocs.yml")]) == 1
    assert capsys.readouterr().out.startswith("mkdocs.yml: not found")
