"""Search per locale: each locale's pages load an index of that locale's pages only.

static-i18n merges every locale into one search/search_index.json; d5site writes
/search/search_index.json (default locale) and /<locale>/search/search_index.json, and
points `base` in Material's `__config` of a locale's pages at /<locale>/ (Material loads
`search/search_index.json` relative to it and resolves results against it).

The last tests run Material's own search worker (the site's copy) in Node, when Node is
installed; browser-level search tests live in tests/browser/.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from htmlutil import SITE_URL, BuiltSite, Page, build_site, material_search
from i18nsite import LOCALES, PREFIX
from sitetree import mkdocs_yml


def index_of(site: BuiltSite, locale: str) -> dict:
    return json.loads((site.dir / PREFIX[locale] / "search" / "search_index.json").read_text("utf-8"))


def material_config(page: Page) -> dict:
    return json.loads(page.doc.one("script", id="__config").raw_text)


def page_of(site: BuiltSite, locale: str, location: str) -> Path:
    """The HTML file a result's location leads to (locations are relative to the locale's root)."""
    url = PREFIX[locale] + location.split("#", 1)[0]
    return site.dir / (url + "index.html" if url == "" or url.endswith("/") else url)


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_has_an_index_of_its_own_pages(i18n_build, locale: str) -> None:
    _, site, _ = i18n_build
    docs = index_of(site, locale)["docs"]
    assert len(docs) > 40
    others = [other for other in LOCALES if other not in ("en", locale)]
    for doc in docs:
        assert not doc["location"].startswith(tuple(f"{o}/" for o in [*others, locale])), doc["location"]
        assert page_of(site, locale, doc["location"]).is_file(), doc["location"]
        page_lang = site.page(PREFIX[locale] + doc["location"].split("#", 1)[0]).lang
        assert page_lang == locale, doc["location"]


def test_korean_index_has_the_korean_text(i18n_build) -> None:
    _, site, _ = i18n_build
    ko = index_of(site, "ko")
    by_location = {doc["location"]: doc for doc in ko["docs"]}
    assert by_location["findings/2021/safeguards-for-data/"]["title"] == "데이터 보호 장치"
    assert "데이터 사용을 위한 공동 보호 장치" in by_location["findings/2021/safeguards-for-data/"]["text"]
    # an untranslated page of the Korean site is in its index too (with its notice and the original text)
    assert "Help for people who cannot use online services" in by_location["findings/2016/assisted-services/"]["text"]
    assert not any("데이터 보호 장치" in doc["title"] for doc in index_of(site, "en")["docs"])
    assert not any("데이터 보호 장치" in doc["title"] for doc in index_of(site, "fr")["docs"])


@pytest.mark.parametrize(
    ("locale", "lang", "pipeline"),
    [
        ("en", ["en"], ["stopWordFilter"]),
        ("fr", ["fr"], ["stopWordFilter"]),
        # Material's own settings for Korean and Hebrew: no lunr language, an empty pipeline, so a
        # Hangul or Hebrew word is indexed whole (lunr's English trimmer would strip it away)
        ("ko", ["en"], []),
        ("he", ["en"], []),
    ],
)
def test_index_config_is_materials_for_the_language(i18n_build, locale: str, lang: list[str], pipeline: list[str]) -> None:
    _, site, _ = i18n_build
    config = index_of(site, locale)["config"]
    assert config["lang"] == lang
    assert config["pipeline"] == pipeline
    assert config["separator"] == r"[\s\-]+"
    # Material's fields, and the forms of the title's and text's words readers type (d5site.core.searchterms)
    assert set(config["fields"]) == {"title", "text", "tags", "title_forms", "text_forms"}


@pytest.mark.parametrize("url", ["", "findings/2014/shared-code/", "about/", "charter/principles/user-needs/", "translations/"])
def test_pages_load_their_locales_index(i18n_build, url: str) -> None:
    _, site, _ = i18n_build
    for locale in LOCALES:
        page = site.page(PREFIX[locale] + url)
        config = material_config(page)
        base = urljoin(SITE_URL + page.url, config["base"].rstrip("/") + "/")
        assert base == SITE_URL + PREFIX[locale]
        assert urljoin(base, "search/search_index.json") == SITE_URL + PREFIX[locale] + "search/search_index.json"
        # assets are not affected: the worker still comes from the site's root
        assert urljoin(SITE_URL + page.url, config["search"]).startswith(SITE_URL + "assets/javascripts/workers/search.")


def test_site_search_settings_apply_to_every_locale(make_site) -> None:
    config = mkdocs_yml(("en", "ko")).replace("  - search\n", "  - search:\n      separator: '[\\s\\-,.]+'\n      pipeline: [trimmer]\n")
    root = make_site({"mkdocs.yml": config}, locales=("en", "ko"))
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    for locale in ("en", "ko"):
        index = json.loads((site.dir / PREFIX[locale] / "search" / "search_index.json").read_text("utf-8"))
        assert index["config"]["separator"] == r"[\s\-,.]+"
        assert index["config"]["pipeline"] == ["trimmer"]


def test_single_locale_site_keeps_materials_index(make_site) -> None:
    root = make_site(locales=("en",))
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = BuiltSite(root / "site")
    index = json.loads((site.dir / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["en"] and index["docs"]
    assert material_config(site.page(""))["base"] == "."


def test_a_site_without_static_i18n_indexes_the_forms_of_its_words(make_site) -> None:
    config = mkdocs_yml(("en",)).split("  - i18n:")[0] + "  - d5site\n"
    config = config.replace("  name: material\n", "  name: material\n  language: fr\n")
    root = make_site({"mkdocs.yml": config, "docs/about.md": "# À propos\n\nL'IA à Jérusalem.\n"}, locales=("en",))
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    index = json.loads((root / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["fields"]["text_forms"] == index["config"]["fields"]["text"]
    about = next(doc for doc in index["docs"] if doc["location"] == "about/")
    assert about["text_forms"].split() == ["ia", "a", "jerusalem"]


# -- Material's search worker on these indexes (Node) -------------------------------------------


@pytest.fixture(scope="module")
def search(i18n_build):
    _, site, _ = i18n_build

    def run(locale: str, *queries: str) -> dict[str, list[str]]:
        return material_search(site.dir, site.dir / PREFIX[locale] / "search" / "search_index.json", *queries)

    return run


def test_a_korean_word_finds_the_korean_page(search) -> None:
    found = search("ko", "데이터", "코드", "공유")
    assert found["데이터"][0] == "findings/2021/safeguards-for-data/"  # 데이터 (data), indexed as 데이터와 too
    assert found["코드"][0] == "findings/2014/shared-code/"
    assert "findings/2014/shared-code/" in found["공유"]


def test_a_reader_finds_pages_of_their_locale(search) -> None:
    assert search("fr", "partager")["partager"][0] == "findings/2014/shared-code/"  # the French page, under /fr/
    assert search("en", "sharing")["sharing"][0] == "findings/2014/shared-code/"
    assert search("en", "데이터")["데이터"] == []  # Korean text is not in the English index
    assert search("ko", "Sharing")["Sharing"] == []  # the Korean page is translated: no English text
    assert "findings/2014/shared-code/" in search("he", "sharing")["sharing"]  # untranslated in he: the original
