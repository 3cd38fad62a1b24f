"""Typography and wording: French spacing and ordinals, a review held online, in every locale."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources

import pytest
import yaml

from d5site.cli.main import main
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.site import load
from d5site.core.siteconfig import load_site_config
from d5site.render.pages import View
from htmlutil import BuiltSite, build_site
from sitetree import BASE_TREE

FRENCH = yaml.safe_load(resources.files("d5site.locales").joinpath("fr.yml").read_text("utf-8"))


@pytest.mark.parametrize("key", sorted(FRENCH))
def test_french_labels_have_a_narrow_no_break_space_before_double_punctuation(key: str) -> None:
    text = re.sub(r"\{[^{}]*\}", "", str(FRENCH[key]))
    for match in re.finditer(r"[:;?!]", text):
        before = text[match.start() - 1] if match.start() else ""
        assert before == "\u202f", f"fr.yml {key}: {text!r} needs U+202F before {match.group()!r}"


def test_french_numbers_keep_their_sign() -> None:
    assert Catalog("fr").t("in_force_as", number=9) == "En vigueur, n°\u00a09"


def test_the_first_of_the_month_in_french_is_an_ordinal() -> None:
    fr = Catalog("fr")
    assert fr.date(dt.date(2022, 11, 1)) == "1er novembre 2022"
    assert fr.date(dt.date(2022, 11, 11)) == "11 novembre 2022"
    assert fr.date(dt.date(2021, 1, 10)) == "10 janvier 2021"
    assert Catalog("en").date(dt.date(2022, 11, 1)) == "November 1, 2022"
    assert Catalog("ko").date(dt.date(2022, 11, 1)) == "2022년 11월 1일"


ONLINE = BASE_TREE["charter/editions.yml"].replace(
    "2021:\n  date: 2021-11-16\n", "2021:\n  date: 2021-11-16\n  online: true\n  chair: gb\n"
)


def test_a_review_held_online_is_worded_as_such_in_every_locale(make_site) -> None:
    root = make_site({"charter/editions.yml": ONLINE})
    site = load(load_site_config(root / "mkdocs.yml"))
    assert not site.diagnostics
    edition = site.content.editions[2021]
    expected = {
        "en": "Adopted on November 16, 2021, online (chair: United Kingdom)",
        "fr": "Adoptée le 16 novembre 2021, en ligne (présidence\u202f: Royaume-Uni)",
        "ko": "2021년 11월 16일 온라인으로 채택(의장국: 영국)",
        "he": "אומצה ב־16 בנובמבר 2021, באופן מקוון (יו״ר: בריטניה)",
    }
    for locale, text in expected.items():
        view = View(site.site, site.content, Charter(site.content), locale, Catalog(locale))
        assert view.adopted(edition) == text
    without_chair = dict(vars(edition), chair=None)
    view = View(site.site, site.content, Charter(site.content), "fr", Catalog("fr"))
    assert view.adopted(type(edition)(**without_chair)) == "Adoptée le 16 novembre 2021, en ligne"


def test_the_online_edition_page_never_says_in_online(make_site) -> None:
    root = make_site({"charter/editions.yml": ONLINE})
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    en = site.page("charter/2021/").article.one("p", cls="d5-edition-meta").text
    fr = site.page("fr/charter/2021/").article.one("p", cls="d5-edition-meta").text
    assert en.startswith("Adopted on November 16, 2021, online (chair: United Kingdom).")
    assert fr.startswith("Adoptée le 16 novembre 2021, en ligne (présidence : Royaume-Uni).")  # .text folds spaces
    assert "en ligne (présidence\u202f: Royaume-Uni)." in (root / "site" / "fr" / "charter" / "2021" / "index.html").read_text("utf-8")
    assert site.page("charter/2014/").article.one("p", cls="d5-edition-meta").text.startswith("Adopted on December 10, 2014 in London.")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  online: true\n  place: {en: Online}\n", "charter/editions.yml:13: 2021: a review held online (online: true) has no place"),
        ("  online: true\n  chair: xx\n", "charter/editions.yml:13: 2021: chair 'xx' is not in members.yml"),
        ("  online: yes please\n", "charter/editions.yml:12: 2021.online must be true or false"),
    ],
    ids=["online-with-place", "unknown-chair", "online-not-boolean"],
)
def test_online_and_chair_are_checked(make_site, capsys, entry: str, message: str) -> None:
    editions = BASE_TREE["charter/editions.yml"].replace("2021:\n  date: 2021-11-16\n", "2021:\n  date: 2021-11-16\n" + entry)
    root = make_site({"charter/editions.yml": editions})
    capsys.readouterr()
    assert main(["check", "--config", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    assert message in out, out


def test_a_chair_must_be_a_member_that_year(make_site, capsys) -> None:
    members = BASE_TREE["charter/members.yml"]
    newest = re.findall(r"^([a-z]{2}):\n(?:  .*\n)*?  joined: (\d{4})", members, flags=re.M)
    late = [code for code, year in newest if int(year) > 2021]
    assert not late  # the test tree has no member joined after 2021: use one with `left`
    editions = BASE_TREE["charter/editions.yml"].replace(
        "2021:\n  date: 2021-11-16\n", "2021:\n  date: 2021-11-16\n  online: true\n  chair: gb\n"
    )
    root = make_site({"charter/editions.yml": editions, "charter/members.yml": members.replace("gb:\n", "gb:\n  left: 2019\n", 1)})
    capsys.readouterr()
    assert main(["check", "--config", str(root / "mkdocs.yml")]) == 1
    assert "charter/editions.yml:13: 2021: chair 'gb' was not a member in 2021" in capsys.readouterr().out
