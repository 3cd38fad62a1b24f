"""Issue 18: a year of several summits (contract v3 §5a `summits:`), and findings in the same order in every locale.

One `mkdocs build --strict` (module scope) of tests/sitetree.py's default tree plus a 2018 overview with two
summits (places per locale, one theme in English only) and four 2018 findings whose titles sort differently in
each locale. The default tree's 2014 overview keeps the v2 keys (one summit) and must keep showing as before.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import jsonschema
import pytest

from d5site.core.catalog import Catalog
from d5site.render.opendata import schema_bytes
from htmlutil import BuiltSite, Node, build_site, check_site
from sitetree import build_tree, make_site

LOCALES = ("en", "fr", "ko")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/"}

OVERVIEW_2018 = (
    "---\n"
    "title: \"2018: Wellington and Jerusalem\"\n"
    "summits:\n"
    "  - date: 2018-02-21\n"
    "    end: 2018-02-22\n"
    "    place: {en: Wellington, fr: Wellington, ko: 웰링턴}\n"
    "    host: gb\n"
    "  - date: 2018-11-21\n"
    "    end: 2018-11-22\n"
    "    place: {en: Jerusalem, fr: Jérusalem}\n"
    "    host: kr\n"
    "    theme: {en: Responsible AI, ko: 책임 있는 인공지능}\n"
    "---\n"
    "The group met twice.\n"
)


def finding(title: str, date: str | None = None) -> str:
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: {title}\nmembers: [gb]\nprinciples: [user-needs]\n{dated}---\nText.\n"


FILES: dict[str, str] = {
    "findings/2018/index.md": OVERVIEW_2018,
    "findings/2018/index.fr.md": "---\ntitle: \"2018 : Wellington et Jérusalem\"\n---\nLe groupe s'est réuni deux fois.\n",
    # Titles sort one way in English and another in French and Korean; ids give the order for the undated ones.
    "findings/2018/b-alpha.md": finding("Alpha"),
    "findings/2018/b-alpha.fr.md": "---\ntitle: Zèbre\n---\nTexte.\n",
    "findings/2018/a-zebra.md": finding("Zebra"),
    "findings/2018/a-zebra.fr.md": "---\ntitle: Abeille\n---\nTexte.\n",
    "findings/2018/a-zebra.ko.md": "---\ntitle: 하마\n---\n본문.\n",
    "findings/2018/b-alpha.ko.md": "---\ntitle: 가지\n---\n본문.\n",
    "findings/2018/z-wellington.md": finding("Wellington summit", "2018-02-22"),
}
ORDER_2018 = ["z-wellington", "responsible-ai", "a-zebra", "b-alpha"]
"""By date (2018-02-22, then 2018-11-22), the undated after, by id; whatever each locale's titles are."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_tree(make_site(tmp_path_factory.mktemp("summits"), FILES, LOCALES, stamp=True))[1]


def summits(node: Node) -> list[list[tuple[str, str, str | None]]]:
    """Each summit's definition list: (term, text, lang of the value's first element with one) per term."""
    out = []
    for dl in node.find_all("dl", cls="d5-meta"):
        if not ({"d5-summit", "d5-report-summit"} & dl.classes):
            continue
        rows = []
        for dt in dl.find_all("dt"):
            dd = dt.following_siblings()[0]
            langs = [n.get("lang") for n in dd.iter() if n.get("lang")]
            rows.append((dt.text.rstrip(" :"), dd.text, langs[0] if langs else None))
        out.append(rows)
    return out


EXPECTED = {
    # Node.text folds white space: the thin spaces around the range dash read as spaces here.
    "en": [
        [("Summit", "Wellington, February 21 – 22, 2018", None), ("Host", "United Kingdom", None)],
        [("Summit", "Jerusalem, November 21 – 22, 2018", None), ("Host", "Republic of Korea", None), ("Theme", "Responsible AI", None)],
    ],
    "fr": [
        [("Sommet", "Wellington, 21–22 février 2018", None), ("Pays hôte", "Royaume-Uni", None)],
        [("Sommet", "Jérusalem, 21–22 novembre 2018", None), ("Pays hôte", "République de Corée", None),
         ("Thème", "Responsible AI", "en")],
    ],
    "ko": [
        [("정상회의", "웰링턴, 2018년 2월 21일~22일", None), ("주최국", "영국", None)],
        [("정상회의", "Jerusalem, 2018년 11월 21일~22일", "en"), ("주최국", "대한민국", None), ("주제", "책임 있는 인공지능", None)],
    ],
}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ["findings", "reports"])
def test_each_summit_is_shown_with_its_days_place_host_and_theme(site: BuiltSite, locale: str, kind: str) -> None:
    page = site.page(f"{PREFIX[locale]}{kind}/2018/")
    assert summits(page.article) == EXPECTED[locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_findings_index_lists_every_summit_of_a_year(site: BuiltSite, locale: str) -> None:
    page = site.page(f"{PREFIX[locale]}findings/")
    row = next(tr for tr in page.article.find_all("tr") if tr.find("th") and tr.find("th").text == "2018")
    cells = row.find_all("td")
    lines = [span.text for span in cells[0].find_all("span", cls="d5-summit-line")]
    assert len(lines) == 2
    assert lines[0].startswith(EXPECTED[locale][0][0][1]) and EXPECTED[locale][0][1][1] in lines[0]
    assert lines[1].startswith(EXPECTED[locale][1][0][1]) and EXPECTED[locale][1][1][1] in lines[1]
    theme = cells[1].find_all("span", cls="d5-summit-line")
    assert [(t.text, t.get("lang")) for t in theme] == [(EXPECTED[locale][1][2][1], EXPECTED[locale][1][2][2])]


def test_a_v2_overview_still_shows_its_one_summit(site: BuiltSite) -> None:
    """The default tree's 2014 overview uses the v2 keys; its translation's place is shown in French."""
    assert summits(site.page("findings/2014/").article) == [[
        ("Summit", "London, December 10, 2014", None), ("Host", "United Kingdom", None), ("Theme", "Open markets and connectivity", None),
    ]]
    fr = summits(site.page("fr/findings/2014/").article)
    assert fr[0][0] == ("Sommet", "Londres, 10 décembre 2014", None) and fr[0][2] == ("Thème", "Open markets and connectivity", "en")


def test_open_data_carries_every_summit(site: BuiltSite) -> None:
    data = json.loads((site.dir / "data" / "findings.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(json.loads(schema_bytes("data-findings.schema.json"))).validate(data)
    years = {y["year"]: y["overview"] for y in data["years"]}
    assert years[2018]["date"] == "2018-02-21" and years[2018]["host"] == "gb"
    assert years[2018]["summits"] == [
        {"date": "2018-02-21", "end": "2018-02-22", "place": {"en": "Wellington", "fr": "Wellington", "ko": "웰링턴"}, "host": "gb",
         "theme": {}, "online": False},
        {"date": "2018-11-21", "end": "2018-11-22", "place": {"en": "Jerusalem", "fr": "Jérusalem"}, "host": "kr",
         "theme": {"en": "Responsible AI", "ko": "책임 있는 인공지능"}, "online": False},
    ]
    assert years[2014]["summits"] == [{"date": "2014-12-10", "end": None, "place": {"en": "London", "fr": "Londres"}, "host": "gb",
                                       "theme": {"en": "Open markets and connectivity"}, "online": False}]


# -- findings in the same order in every locale ----------------------------------------------------------


def finding_ids(node: Node) -> list[str]:
    """Ids of the findings of a list of findings (`li.d5-finding`, whose first link is the finding), in order."""
    return [li.find("a")["href"].rstrip("/").rsplit("/", 1)[-1] for li in node.find_all("li", cls="d5-finding")]


@pytest.mark.parametrize("locale", LOCALES)
def test_a_year_lists_its_findings_by_date_then_id_in_every_locale(site: BuiltSite, locale: str) -> None:
    assert finding_ids(site.page(f"{PREFIX[locale]}findings/2018/").article) == ORDER_2018


@pytest.mark.parametrize("locale", LOCALES)
def test_the_report_has_its_findings_in_the_same_order_in_every_locale(site: BuiltSite, locale: str) -> None:
    article = site.page(f"{PREFIX[locale]}reports/2018/").article
    ids = [node["id"] for node in article.find_all("h2", cls="d5-report-finding")]
    assert ids == ORDER_2018


# -- validation --------------------------------------------------------------------------------------------


def overview(*summit_lines: str, extra: str = "") -> str:
    return "---\ntitle: \"2018\"\n" + extra + "summits:\n" + "".join(summit_lines) + "---\nText.\n"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"findings/2018/index.md": overview("  - date: 2017-02-21\n    place: {en: Wellington}\n")},
         "findings/2018/index.md:4: summits: summit 1: date 2017-02-21 is not within 2018, the year of its folder"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    end: 2018-02-20\n    place: {en: Wellington}\n")},
         "findings/2018/index.md:5: summits: summit 1: end 2018-02-20 is before its date 2018-02-21"),
        ({"findings/2018/index.md": overview("  - date: 2018-11-21\n    place: {en: Jerusalem}\n",
                                             "  - date: 2018-02-21\n    place: {en: Wellington}\n")},
         "findings/2018/index.md:6: summits: summit 2: date 2018-02-21 is before the summit above it (2018-11-21): "
         "list summits in date order"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    place: {fr: Wellington}\n")},
         "findings/2018/index.md:5: summits: summit 1: place needs a name in the default locale (en)"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    place: {en: Wellington, de: Wellington}\n")},
         "findings/2018/index.md:5: summits: summit 1: place: 'de' is not a configured locale (configured: en, fr, ko)"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    place: {en: Wellington}\n    host: nz\n")},
         "findings/2018/index.md:6: summits: summit 1: host: unknown member 'nz'"),
        ({"findings/2014/index.md": "---\ntitle: \"2014\"\nsummits:\n  - date: 2014-12-09\n    place: {en: London}\n"
                                    "    host: ca\n---\nx\n"},
         "findings/2014/index.md:6: summits: summit 1: host: 'ca' was not a member in 2014"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    place: {en: Wellington}\n", extra="host: gb\n")},
         "findings/2018/index.md:3: host: with 'summits:', each summit carries its own host; move it into its summit"),
        ({"findings/2018/index.md": overview("  - date: 2018-02-21\n    place: {en: Wellington}\n"),
          "findings/2018/index.fr.md": "---\ntitle: x\nplace: Wellington\n---\nx\n"},
         "findings/2018/index.fr.md: place: with 'summits:' in findings/2018/index.md, a summit's place is written per locale there"),
        ({"findings/2018/index.md": overview("  - place: {en: Wellington}\n")},
         "findings/2018/index.md:"),
    ],
    ids=["outside-year", "end-before", "order", "no-default-place", "unknown-locale", "unknown-host", "host-not-yet", "v2-beside",
         "translated-place", "no-date"],
)
def test_check_refuses_bad_summits(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    root = make_site(tmp_path, files)
    checked = check_site(root)
    assert checked.returncode == 1, checked.stdout
    assert expected in checked.stdout, checked.stdout
    assert "Traceback" not in checked.stdout + checked.stderr
    built = build_site(root)
    assert built.returncode != 0 and expected.split(":", 1)[0] in built.stdout + built.stderr


def test_a_date_range_follows_the_locale() -> None:
    start, end = _dt.date(2022, 11, 1), _dt.date(2022, 11, 3)
    assert Catalog("en").date_range(start, end) == "November 1\u2009–\u20093, 2022"
    assert Catalog("fr").date_range(start, end) == "1er–3 novembre 2022"
    assert Catalog("ko").date_range(start, end) == "2022년 11월 1일~3일"
    assert Catalog("en").date_range(_dt.date(2018, 11, 30), _dt.date(2018, 12, 2)) == "November 30\u2009–\u2009December 2, 2018"
    assert Catalog("fr").date_range(_dt.date(2018, 12, 30), _dt.date(2019, 1, 2)) == "30 décembre 2018\u2009–\u20092 janvier 2019"
    assert Catalog("en").date_range(start, None) == Catalog("en").date(start) == "November 1, 2022"
