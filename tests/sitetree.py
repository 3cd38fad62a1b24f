"""A small, valid d5site site as a dict of files, and a helper that writes it (with overrides).

Reusable by any test (unit, CLI, `mkdocs build` integration):

    from sitetree import BASE_TREE, make_site, stamp_all

    root = make_site(tmp_path, {"findings/2018/x.md": "---\\n..."})      # add or override files
    root = make_site(tmp_path, {"findings/2016/assisted-services.md": None})  # None deletes a default file
    root = make_site(tmp_path, locales=("en", "fr"))  # default-tree translations of other locales are left out
    root = make_site(tmp_path, stamp=True)            # every translation stamped (all `current`)
    root, site = build_tree(make_site(tmp_path_factory.mktemp("x")))  # built by mkdocs build --strict

The default tree has three editions of the charter:

    2014  1 user-needs          2 open-standards        3 assisted-digital
    2018  1 user-needs (amended) 2 open-standards       3 assisted-digital
    2021  1 user-needs          2 necessary-safeguards (added)
          3 open-standards (renumbered from 2)
          4 digital-inclusion (added, replaces assisted-digital; assisted-digital withdrawn)

Members: gb, kr (2014-), ee (2014-2019), ca (2018-).
Findings: 2014/shared-code (+ overview), 2016/assisted-services, 2018/responsible-ai,
2021/safeguards-for-data; a few translations in fr and ko (unstamped, i.e. `outdated`,
unless `stamp=True`). The tree passes `d5site check` and builds with `mkdocs build`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from htmlutil import BuiltSite, build_site, built_site, check_site

LOCALE_NAMES = {
    "en": "English",
    "fr": "Français",
    "ko": "한국어",
    "de": "Deutsch",
    "es": "Español",
    "he": "עברית",
    "ar": "العربية",
    "pt": "Português",
}


def mkdocs_yml(locales: Iterable[str] = ("en", "fr", "ko"), site_name: str = "Test site") -> str:
    """A minimal mkdocs.yml: Material, the i18n plugin (first locale is the default) and d5site."""
    locales = list(locales)
    languages = ""
    for index, locale in enumerate(locales):
        languages += f"        - locale: {locale}\n"
        if index == 0:
            languages += "          default: true\n"
        languages += f"          name: {LOCALE_NAMES.get(locale, locale)}\n"
        languages += "          build: true\n"
    return (
        f"site_name: {site_name}\n"
        "site_url: https://example.org/\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        "plugins:\n"
        "  - search\n"
        "  - i18n:\n"
        "      docs_structure: suffix\n"
        "      languages:\n"
        f"{languages}"
        "  - d5site\n"
    )


BASE_TREE: dict[str, str] = {
    "mkdocs.yml": mkdocs_yml(),
    "docs/index.md": "# Test site\n\nFindings and charter of a test group of governments.\n",
    "docs/index.fr.md": "# Site de test\n\nConstats et charte d'un groupe de gouvernements.\n",
    # -- charter ---------------------------------------------------------------
    "charter/members.yml": (
        "gb:\n"
        "  name: {en: United Kingdom, fr: Royaume-Uni, ko: 영국}\n"
        "  joined: 2014\n"
        "kr:\n"
        "  name: {en: Republic of Korea, fr: République de Corée, ko: 대한민국}\n"
        "  joined: 2014\n"
        "ee:\n"
        "  joined: 2014\n"
        "  left: 2019\n"
        "ca:\n"
        "  joined: 2018\n"
    ),
    "charter/themes.yml": "open-source:\n  name: {en: Open source, fr: Logiciel libre}\n",
    "charter/editions.yml": (
        "2014:\n"
        "  date: 2014-12-10\n"
        "  place: {en: London, fr: Londres, ko: 런던}\n"
        "  principles: [user-needs, open-standards, assisted-digital]\n"
        "2018:\n"
        "  date: 2018-11-22\n"
        "  place: {en: Jerusalem, fr: Jérusalem}\n"
        "  note: {en: User needs reworded., fr: Besoins des usagers reformulé.}\n"
        "  principles: [user-needs, open-standards, assisted-digital]\n"
        "2021:\n"
        "  date: 2021-11-16\n"
        "  principles: [user-needs, necessary-safeguards, open-standards, digital-inclusion]\n"
    ),
    "charter/principles/user-needs/2014.md": (
        "---\n"
        "title: User needs\n"
        "---\n"
        "Design public services for the citizen.\n"
    ),
    "charter/principles/user-needs/2014.fr.md": (
        "---\n"
        "title: Besoins des usagers\n"
        "---\n"
        "Concevoir les services publics pour le citoyen.\n"
    ),
    "charter/principles/user-needs/2014.ko.md": (
        "---\n"
        "title: 사용자 요구\n"
        "---\n"
        "시민을 위한 공공 서비스를 설계합니다.\n"
    ),
    "charter/principles/user-needs/2018.md": (
        "---\n"
        "title: User needs\n"
        "change: Reworded around people rather than citizens.\n"
        "---\n"
        "Design public services around the needs of the people who use them.\n"
    ),
    "charter/principles/user-needs/2018.fr.md": (
        "---\n"
        "title: Besoins des usagers\n"
        "change: Reformulé autour des personnes plutôt que des citoyens.\n"
        "---\n"
        "Concevoir les services publics autour des besoins des personnes qui les utilisent.\n"
    ),
    "charter/principles/open-standards/2014.md": (
        "---\n"
        "title: Open standards\n"
        "---\n"
        "A credible, royalty-free open standards policy.\n"
    ),
    "charter/principles/open-standards/2014.fr.md": (
        "---\n"
        "title: Standards ouverts\n"
        "---\n"
        "Une politique crédible de standards ouverts, sans redevance.\n"
    ),
    "charter/principles/assisted-digital/2014.md": (
        "---\n"
        "title: Assisted digital\n"
        "---\n"
        "Help every citizen to use digital services.\n"
    ),
    "charter/principles/necessary-safeguards/2021.md": (
        "---\n"
        "title: Necessary safeguards\n"
        "change: New in 2021.\n"
        "---\n"
        "Protect public trust, human rights and data when using data and AI.\n"
    ),
    "charter/principles/necessary-safeguards/2021.ko.md": (
        "---\n"
        "title: 필요한 보호 장치\n"
        "change: 2021년 신설.\n"
        "---\n"
        "데이터와 AI를 사용할 때 공공의 신뢰, 인권, 데이터를 보호합니다.\n"
    ),
    "charter/principles/digital-inclusion/2021.md": (
        "---\n"
        "title: Digital inclusion and accessibility\n"
        "change: Replaces assisted digital.\n"
        "replaces: [assisted-digital]\n"
        "---\n"
        "Make digital services inclusive and accessible to everyone.\n"
    ),
    "charter/principles/digital-inclusion/2021.fr.md": (
        "---\n"
        "title: Inclusion numérique et accessibilité\n"
        "change: Remplace l'accompagnement numérique.\n"
        "---\n"
        "Rendre les services numériques inclusifs et accessibles à tous.\n"
    ),
    # -- findings --------------------------------------------------------------
    "findings/2014/index.md": (
        "---\n"
        "title: \"2014: London\"\n"
        "date: 2014-12-10\n"
        "place: London\n"
        "host: gb\n"
        "theme: Open markets and connectivity\n"
        "---\n"
        "The first summit, where the charter was signed.\n"
    ),
    "findings/2014/index.fr.md": (
        "---\n"
        "title: \"2014 : Londres\"\n"
        "place: Londres\n"
        "---\n"
        "Le premier sommet, où la charte a été signée.\n"
    ),
    "findings/2014/shared-code.md": (
        "---\n"
        "title: Sharing code between governments\n"
        "members: [gb, ee]\n"
        "principles: [open-standards, user-needs]\n"
        "date: 2014-12-10\n"
        "summary: Members agreed to publish the code of their services.\n"
        "themes: [open-source]\n"
        "links:\n"
        "  - {title: Source code, url: \"https://example.org/repo\"}\n"
        "---\n"
        "The members agreed to share code.\n"
    ),
    "findings/2014/shared-code.fr.md": (
        "---\n"
        "title: Partager le code entre gouvernements\n"
        "summary: Les membres ont convenu de publier le code de leurs services.\n"
        "---\n"
        "Les membres ont convenu de partager leur code.\n"
    ),
    "findings/2014/shared-code.ko.md": (
        "---\n"
        "title: 정부 간 코드 공유\n"
        "---\n"
        "회원국은 코드를 공유하기로 합의했습니다.\n"
    ),
    "findings/2016/assisted-services.md": (
        "---\n"
        "title: Assisted digital services\n"
        "members: [kr, ee]\n"
        "principles: [assisted-digital]\n"
        "---\n"
        "Help for people who cannot use online services on their own.\n"
    ),
    "findings/2018/responsible-ai.md": (
        "---\n"
        "title: Responsible use of AI\n"
        "members: [ca, gb]\n"
        "principles: [user-needs]\n"
        "date: 2018-11-22\n"
        "licence: CC0-1.0\n"
        "---\n"
        "Measure impact, be transparent, explain decisions.\n"
    ),
    "findings/2018/responsible-ai.fr.md": (
        "---\n"
        "title: Usage responsable de l'IA\n"
        "---\n"
        "Mesurer l'impact, être transparent, expliquer les décisions.\n"
    ),
    "findings/2021/safeguards-for-data.md": (
        "---\n"
        "title: Safeguards for data\n"
        "members: [kr, ca]\n"
        "principles: [necessary-safeguards, digital-inclusion]\n"
        "date: 2021-11-17\n"
        "---\n"
        "Shared safeguards for the use of data.\n"
    ),
    "findings/2021/safeguards-for-data.ko.md": (
        "---\n"
        "title: 데이터 보호 장치\n"
        "---\n"
        "데이터 사용을 위한 공동 보호 장치.\n"
    ),
}
"""The default site, path -> text. Every translation is unstamped (so `outdated`)."""


def _locale_of(path: str) -> str | None:
    """`x.fr.md` -> 'fr'; `x.md` and non-Markdown files -> None."""
    name = path.rsplit("/", 1)[-1]
    if not name.endswith(".md"):
        return None
    parts = name[:-3].split(".")
    return parts[1] if len(parts) == 2 else None


def tree(
    files: Mapping[str, str | bytes | None] | None = None,
    locales: Iterable[str] = ("en", "fr", "ko"),
) -> dict[str, str | bytes]:
    """BASE_TREE for `locales` (first = default), merged with `files` (None deletes)."""
    locales = tuple(locales)
    result: dict[str, str | bytes] = {}
    for path, text in BASE_TREE.items():
        locale = _locale_of(path)
        if locale is not None and locale not in locales[1:]:
            continue
        result[path] = text
    if locales != ("en", "fr", "ko"):
        result["mkdocs.yml"] = mkdocs_yml(locales)
    for path, text in (files or {}).items():
        if text is None:
            result.pop(path, None)
        else:
            result[path] = text
    return result


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` under `root` (str as UTF-8 with the line ends given, bytes as they are)."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_bytes(text.encode("utf-8"))
    return root


def stamp_all(root: Path) -> int:
    """Stamp every existing translation of every valid source, docs/ pages included; returns how many were stamped."""
    from d5site.core.site import load_from_config_file
    from d5site.core.translations import docs_pages, write_stamp

    loaded = load_from_config_file(root / "mkdocs.yml")
    count = 0
    for document in loaded.content.documents():
        for translation in document.translations.values():
            write_stamp(root / translation.path, document.digest())
            count += 1
    for page in docs_pages(loaded.site):
        for path, _ in page.translations.values():
            write_stamp(root / path, page.digest)
            count += 1
    return count


def make_site(
    tmp_path: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    locales: Iterable[str] = ("en", "fr", "ko"),
    *,
    stamp: bool = False,
    subdir: str = "site",
) -> Path:
    """Write the default site, with `files` added/overridden (None deletes), under tmp_path/subdir.

    `locales`: configured locales, the first being the default; default-tree
    translations into other locales are left out. Returns the site root (the
    folder holding mkdocs.yml).
    """
    root = write_tree(tmp_path / subdir, tree(files, locales))
    if stamp:
        stamp_all(root)
    return root


def build_tree(root: Path, *, checked: bool = False) -> tuple[Path, BuiltSite]:
    """`mkdocs build --strict` of the site written at `root` (make_site), which must succeed: (root, the built site).

    `checked`: `d5site check` must pass first (a hostile tree that is yet valid content).
    """
    if checked:
        result = check_site(root)
        assert result.returncode == 0, result.stdout + result.stderr
    return root, built_site((root, build_site(root)))
