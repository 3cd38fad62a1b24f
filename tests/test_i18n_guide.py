"""guide/translation-guide.md, "Add a locale", followed step by step for Spanish (`es`), a locale d5site
ships no catalog for: configuration and translated files only, ending in a complete, strict-clean site.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from d5site.cli.main import main
from d5site.core.catalog import Catalog
from htmlutil import SITE_URL, BuiltSite, build_site
from sitetree import mkdocs_yml

REPO = Path(__file__).resolve().parents[1]
ES_CATALOG = Path(__file__).parent / "data" / "catalogs" / "es.yml"
ENGLISH = yaml.safe_load((REPO / "d5site" / "locales" / "en.yml").read_text("utf-8"))
SPANISH = yaml.safe_load(ES_CATALOG.read_text("utf-8"))
OTHERS = ("fr/", "ko/", "es/")


def cli(root: Path, *argv: str) -> int:
    return main([*argv, "--config", str(root / "mkdocs.yml")])


def report(root: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert cli(root, "translations", "--locale", "es", "--format", "json") == 0
    return json.loads(capsys.readouterr().out)["locales"]["es"]


def strict_build(root: Path) -> BuiltSite:
    result = build_site(root)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))], output
    return BuiltSite(root / "site")


def pages(site: BuiltSite, prefix: str) -> set[str]:
    """URLs (relative to the locale's root) of every page of a locale."""
    urls = set()
    for path in site.dir.rglob("index.html"):
        url = site.url_of(path)
        if prefix:
            if url.startswith(prefix):
                urls.add(url[len(prefix) :])
        elif not url.startswith(OTHERS):
            urls.add(url)
    return urls


def es_locale(config: str) -> str:
    """Step 1: the language added to the i18n plugin's languages, nothing else."""
    return config.replace("  - d5site", "        - locale: es\n          name: Español\n          build: true\n  - d5site", 1)


def test_add_a_locale_by_following_the_guide(make_site, capsys: pytest.CaptureFixture[str]) -> None:
    guide = (REPO / "guide" / "translation-guide.md").read_text("utf-8")
    assert "## Add a locale" in guide and "catalogs_dir" in guide and "d5site translations stamp" in guide

    root = make_site(stamp=True)

    # 1. Configure it: a complete Spanish site, every page in the original with a notice.
    (root / "mkdocs.yml").write_text(es_locale(mkdocs_yml()), "utf-8")
    assert cli(root, "check") == 0
    site = strict_build(root)
    assert pages(site, "es/") == pages(site, "")
    finding = site.page("es/findings/2014/shared-code/")
    assert finding.lang == "es"
    assert finding.article.find("aside", cls="d5-notice--fallback") is not None
    assert finding.canonical == SITE_URL + "findings/2014/shared-code/"
    assert site.page("es/findings/").article.one("h1").text == "Findings"  # no catalog yet: English labels
    es = report(root, capsys)
    assert es["summary"]["current"] == 0 and es["summary"]["outdated"] == 0
    assert es["catalog_missing"] == sorted(ENGLISH)  # ... and every label reported

    # 2. Labels: a site catalog.
    (root / "catalogs").mkdir()
    shutil.copy(ES_CATALOG, root / "catalogs" / "es.yml")
    config = es_locale(mkdocs_yml()).replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    missing = report(root, capsys)["catalog_missing"]
    assert missing == sorted(set(ENGLISH) - set(SPANISH))  # tests/data/catalogs/es.yml has every key (today: none missing)

    # 3. Names and places: CLDR for names; a Spanish place in editions.yml.
    editions = root / "charter" / "editions.yml"
    editions.write_text(
        editions.read_text("utf-8").replace("{en: London, fr: Londres, ko: 런던}", "{en: London, fr: Londres, ko: 런던, es: Londres}"),
        "utf-8",
    )

    # 4. Translate, then stamp.
    translations = {
        "docs/index.es.md": "# Sitio de prueba\n\nConclusiones y carta de un grupo de gobiernos.\n",
        "findings/2014/shared-code.es.md": ("---\ntitle: Compartir código entre gobiernos\nsummary: Los miembros acordaron publicar el "
                                            "código de sus servicios.\n---\nLos miembros acordaron compartir código.\n"),
        "findings/2014/index.es.md": ('---\ntitle: "2014: Londres"\nplace: Londres\ntheme: Mercados abiertos y conectividad\n---\nLa '
                                      'primera cumbre, donde se firmó la carta.\n'),
        "charter/principles/user-needs/2014.es.md": ("---\ntitle: Necesidades de los usuarios\n---\nDiseñar los servicios públicos para el "
                                                     "ciudadano.\n"),
    }
    for rel, text in translations.items():
        (root / rel).write_text(text, "utf-8")
    assert cli(root, "check") == 0
    capsys.readouterr()
    assert cli(root, "translations", "stamp", *(str(root / rel) for rel in translations)) == 0
    assert capsys.readouterr().out.splitlines() == [f"stamped {rel}" for rel in translations]
    es = report(root, capsys)
    assert es["summary"]["current"] == 3 and es["summary"]["outdated"] == 0
    assert es["pages"]["summary"] == {"current": 1, "outdated": 0, "missing": 0}

    # 5. Build: complete and strict-clean.
    site = strict_build(root)
    assert pages(site, "es/") == pages(site, "")
    catalog = Catalog("es", root / "catalogs")
    home = site.page("es/")
    assert home.article.one("h1").text == "Sitio de prueba" and home.article.find("aside", cls="d5-notice") is None
    assert set(home.hreflang) == {"en", "fr", "es"}

    finding = site.page("es/findings/2014/shared-code/")
    assert finding.article.find("aside", cls="d5-notice") is None
    assert finding.article.one("h1").text == "Compartir código entre gobiernos"
    assert finding.canonical == SITE_URL + "es/findings/2014/shared-code/"
    meta = finding.article.one("dl", cls="d5-meta").text
    assert "10 de diciembre de 2014" in meta  # CLDR date
    assert "Reino Unido" in meta and "Estonia" in meta  # members.yml has no `es` names: CLDR
    assert SPANISH["members"] in meta and SPANISH["licence"] in meta

    untranslated = site.page("es/findings/2016/assisted-services/")
    notice = untranslated.article.one("aside", cls="d5-notice--fallback")
    assert notice.text == catalog.t("fallback_notice", language=catalog.language_name("es"), source_language=catalog.language_name("en"))
    assert notice.text.startswith("Esta página aún no se ha traducido al español.")

    year = site.page("es/findings/2014/")
    assert year.article.one("h1").text == "2014: Londres"
    assert "Londres, 10 de diciembre de 2014" in year.article.one("dl", cls="d5-meta").text

    edition = site.page("es/charter/2014/")
    assert edition.article.one("h1").text == "La carta adoptada en 2014"
    assert "Adoptada el 10 de diciembre de 2014 en Londres" in edition.article.text
    assert edition.heading("user-needs").text.startswith("1. Necesidades de los usuarios")

    status = site.page("es/translations/")
    assert status.article.one("h1").text == SPANISH["translation_status"]
    assert (status.article.find("p", cls="d5-tr-catalog") is None) == (not missing)  # listed there too, if any

    index = json.loads((site.dir / "es" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["es"]
    assert any(doc["title"] == "Compartir código entre gobiernos" for doc in index["docs"])
