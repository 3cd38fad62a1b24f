"""Catalogs (shipped and a site's `catalogs_dir`), English fallback and its report, and locale data
(dates, member names, places) from CLDR where members.yml / editions.yml give none.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from d5site.cli.main import main
from d5site.core.catalog import Catalog, check_catalogs, shipped_locales
from d5site.core.charter import Charter
from d5site.core.site import load_from_config_file
from d5site.core.siteconfig import RTL_LANGUAGES
from d5site.render.pages import View
from i18nsite import PREFIX
from sitetree import mkdocs_yml

LOCALES_DIR = Path(__file__).resolve().parents[1] / "d5site" / "locales"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def english() -> dict[str, str]:
    return yaml.safe_load((LOCALES_DIR / "en.yml").read_text("utf-8"))


def cli(root: Path, *argv: str) -> int:
    return main([*argv, "--config", str(root / "mkdocs.yml")])


def with_catalogs(locales: tuple[str, ...], folder: str = "catalogs") -> str:
    return mkdocs_yml(locales).replace("  - d5site\n", f"  - d5site:\n      catalogs_dir: {folder}\n")


# -- shipped catalogs -----------------------------------------------------------------------


def test_shipped_locales() -> None:
    assert {"en", "fr", "ko", "he"} <= set(shipped_locales())


@pytest.mark.parametrize("locale", ["fr", "ko", "he"])
def test_shipped_catalog_is_complete_with_the_same_placeholders(locale: str) -> None:
    messages = yaml.safe_load((LOCALES_DIR / f"{locale}.yml").read_text("utf-8"))
    reference = english()
    assert sorted(set(reference) - set(messages)) == []
    assert sorted(set(messages) - set(reference)) == []
    for key, text in reference.items():
        assert set(PLACEHOLDER.findall(str(messages[key]))) == set(PLACEHOLDER.findall(str(text))), key
    assert Catalog(locale).missing() == []


# -- fallback to English, a site's catalogs -----------------------------------------------------


def test_a_locale_without_catalog_falls_back_to_english() -> None:
    catalog = Catalog("de")
    assert catalog.t("findings") == "Findings"
    assert catalog.t("findings_of_year", year=2018) == "Findings of 2018"
    assert catalog.missing() == sorted(english())
    assert catalog.is_fallback("findings")
    # dates and names still follow the locale
    assert catalog.date(dt.date(2014, 12, 10)) == "10. Dezember 2014"
    assert catalog.territory("ee") == "Estland"


def test_site_catalog_adds_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "fr.yml").write_text("findings: Les constats\nmy_label: Mon libellé\n", "utf-8")
    (tmp_path / "de.yml").write_text("findings: Erkenntnisse\n", "utf-8")
    (tmp_path / "en.yml").write_text("subscribe: Follow (Atom)\n", "utf-8")
    fr = Catalog("fr", tmp_path)
    assert fr.t("findings") == "Les constats"  # overridden
    assert fr.t("members") == "Membres"  # shipped
    assert fr.t("my_label") == "Mon libellé"  # added, for a site's own templates
    assert fr.missing() == []
    de = Catalog("de", tmp_path)
    assert de.t("findings") == "Erkenntnisse"
    assert de.t("subscribe") == "Follow (Atom)"  # the site's English, for what German lacks
    assert "findings" not in de.missing() and "subscribe" in de.missing()
    assert Catalog("en", tmp_path).t("subscribe") == "Follow (Atom)"


def test_report_lists_missing_catalog_messages(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({"mkdocs.yml": with_catalogs(("en", "fr", "de")), "catalogs/de.yml": "findings: Erkenntnisse\nmembers: Mitglieder\n"},
                     locales=("en", "fr", "de"))
    assert cli(root, "translations", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["locales"]["fr"]["catalog_missing"] == []
    assert data["locales"]["de"]["catalog_missing"] == sorted(set(english()) - {"findings", "members"})
    assert cli(root, "translations", "--locale", "de") == 0
    out = capsys.readouterr().out.splitlines()
    assert "  missing   catalog message 'charter' (falls back to English)" in out
    assert not any("'findings'" in line for line in out)


# -- checking a site's catalogs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("findings: [a, b]\n", "catalogs/fr.yml:1: findings: a message is text"),
        ("findings: Constats\nfindings_of_year: \"Constats de {annee}\"\n",
         "catalogs/fr.yml:2: findings_of_year: unknown placeholder {annee} (this message has: {year})"),
        ("findings: Constats\nmembers: x\n  bad: indent\n", "catalogs/fr.yml:3: invalid YAML: mapping values are not allowed"),
        ("- findings\n", "catalogs/fr.yml:1: a catalog is a mapping of message keys to text"),
    ],
)
def test_check_reports_a_bad_site_catalog(make_site, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    root = make_site({"mkdocs.yml": with_catalogs(("en", "fr", "ko")), "catalogs/fr.yml": text})
    assert cli(root, "check") == 1
    out = capsys.readouterr().out
    assert expected in out, out


def test_check_accepts_a_good_site_catalog_and_reports_a_missing_folder(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site({"mkdocs.yml": with_catalogs(("en", "fr", "ko")), "catalogs/fr.yml": "findings: Constats\nmine: \"{anything}\"\n",
                      "catalogs/xx.yml": "not: [checked"})  # not a configured locale: not read
    assert cli(root, "check") == 0
    assert check_catalogs(root, "nowhere", ["en", "fr"])[0].text() == "nowhere: catalogs_dir: folder not found"


def test_build_fails_on_a_bad_site_catalog(make_site) -> None:
    from htmlutil import build_site

    root = make_site({"mkdocs.yml": with_catalogs(("en", "fr", "ko")), "catalogs/fr.yml": "findings: [a]\n"})
    result = build_site(root)
    assert result.returncode != 0
    assert "catalogs/fr.yml:1: findings: a message is text" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# -- names, places and dates follow the locale ---------------------------------------------------


def view(root: Path, locale: str) -> View:
    loaded = load_from_config_file(root / "mkdocs.yml")
    return View(loaded.site, loaded.content, Charter(loaded.content), locale, Catalog(locale))


@pytest.mark.parametrize(
    ("locale", "ee", "gb", "date"),
    [
        ("en", "Estonia", "United Kingdom", "December 10, 2014"),
        ("fr", "Estonie", "Royaume-Uni", "10 décembre 2014"),
        ("ko", "에스토니아", "영국", "2014년 12월 10일"),
        ("he", "אסטוניה", "בריטניה", "10 בדצמבר 2014"),
    ],
)
def test_member_names_and_dates(site: Path, locale: str, ee: str, gb: str, date: str) -> None:
    v = view(site, locale)
    assert v.member_name("ee") == ee  # members.yml gives ee no name: CLDR
    assert v.member_name("gb") == gb  # members.yml's name for en, fr, ko; CLDR for he (none given)
    assert v.date(dt.date(2014, 12, 10)) == date


def test_member_name_members_yml_wins_over_cldr(site: Path) -> None:
    assert view(site, "ko").member_name("kr") == "대한민국"  # members.yml
    assert view(site, "fr").member_name("kr") == "République de Corée"  # members.yml, not CLDR's "Corée du Sud"
    assert view(site, "he").member_name("kr") == "קוריאה הדרומית"  # CLDR


def test_places_fall_back_to_the_default_locale(site: Path) -> None:
    content = load_from_config_file(site / "mkdocs.yml").content
    assert view(site, "fr").localized_map(content.editions[2018].place) == "Jérusalem"
    assert view(site, "ko").localized_map(content.editions[2018].place) == "Jerusalem"
    assert view(site, "ko").localized_map(content.editions[2014].place) == "런던"


def test_rtl_locales() -> None:
    assert {"he", "ar"} <= RTL_LANGUAGES


# -- on the built pages --------------------------------------------------------------------------


@pytest.mark.parametrize(("locale", "name"), [("en", "Estonia"), ("fr", "Estonie"), ("ko", "에스토니아"), ("he", "אסטוניה")])
def test_member_page_names_the_member_in_the_locale(i18n_build, locale: str, name: str) -> None:
    _, site, _ = i18n_build
    page = site.page(PREFIX[locale] + "members/ee/")
    assert page.article.one("h1").text == name
    assert page.lang == locale


def test_labels_dates_and_places_on_pages(i18n_build) -> None:
    _, site, _ = i18n_build
    fr = site.page("fr/charter/2018/")
    assert "Adoptée le 22 novembre 2018 à Jérusalem" in fr.article.text
    ko = site.page("ko/charter/2018/")
    assert "2018년 11월 22일" in ko.article.text and "Jerusalem" in ko.article.text
    he = site.page("he/findings/2014/shared-code/")
    assert "10 בדצמבר 2014" in he.article.text
    # the site catalog overrides one French label, the others are shipped
    assert site.page("fr/findings/").article.one("h1").text == "Les constats"
    assert site.page("ko/findings/").article.one("h1").text == Catalog("ko").t("findings")


def test_a_warmed_catalog_gives_the_same_dates_and_names_without_babels_data() -> None:
    """A build computes every date and name its content shows, then lets Babel's locale data go; later asks still work."""
    import datetime as dt

    import babel.core
    from babel import localedata

    from d5site.core.catalog import Catalog, release_cldr

    summit, first = dt.date(2018, 11, 22), dt.date(2021, 11, 1)
    fresh = {loc: (Catalog(loc).date(summit), Catalog(loc).date(first), Catalog(loc).territory("gb"), Catalog(loc).language_name("ko"))
             for loc in ("en", "fr", "ko")}
    assert fresh["fr"][:2] == ("22 novembre 2018", "1er novembre 2021")
    catalogs = [Catalog(loc) for loc in ("en", "fr", "ko")]
    for catalog in catalogs:
        catalog.warm([summit, first], ["gb"], ["ko"])
    release_cldr(catalogs)
    assert localedata._cache == {}
    assert babel.core._global_data is None  # Babel's global data went too
    for catalog in catalogs:
        assert (catalog.date(summit), catalog.date(first), catalog.territory("gb"), catalog.language_name("ko")) == fresh[catalog.locale]
    assert localedata._cache == {}  # all of it was computed before: nothing loaded again
    assert catalogs[1].date(dt.date(2019, 3, 1)) == "1er mars 2019"  # a date not warmed loads the locale again
    assert "fr" in localedata._cache
    assert Catalog("ko").date(dt.date(2019, 3, 1)) == "2019년 3월 1일"  # and Babel's global data is read again
    assert babel.core._global_data is not None


def test_content_dates_are_every_date_of_the_content() -> None:
    from d5site.core.site import load_from_config_file

    loaded = load_from_config_file(Path(__file__).resolve().parent.parent / "mkdocs.yml")  # the example site
    assert loaded.ok, loaded.diagnostics
    dates = loaded.content.dates()
    findings = {f.date for f in loaded.content.findings.values() if f.date}
    agreed = {m.accession.agreed for m in loaded.content.members.values() if m.accession and m.accession.agreed}
    summits = {d for o in loaded.content.overviews.values() for s in o.meetings("en") for d in (s.date, s.end) if d}
    assert findings and agreed and summits
    assert findings | agreed | summits <= dates
