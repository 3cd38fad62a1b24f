"""A four-locale site (en, fr, ko and right-to-left he) for the tests/test_i18n_*.py modules, built once per session.

    def test_x(i18n_build):                            # the fixture is registered in tests/conftest.py
        root, site, result = i18n_build                # site root, htmlutil.BuiltSite, the build's CompletedProcess

The tree is tests/sitetree.py's default with `he` added, a hand-written page
`docs/about.md` (translated into fr, then changed: `outdated` in fr, a fallback in
ko and he), a Korean home page, a site catalog overriding one French label, and
every translation stamped (so `current`) except docs/about.fr.md.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from htmlutil import BuiltSite, build_site
from sitetree import make_site, mkdocs_yml

LOCALES = ("en", "fr", "ko", "he")
PREFIX = {"en": "", "fr": "fr/", "ko": "ko/", "he": "he/"}

ABOUT_V1 = "---\ntitle: About\n---\n# About\n\nAbout this group of governments.\n"
ABOUT_V2 = "---\ntitle: About\n---\n# About\n\nAbout this group of governments and its charter.\n"

I18N_SITE_FILES: dict[str, str] = {
    "mkdocs.yml": mkdocs_yml(LOCALES).replace("  - d5site\n", "  - d5site:\n      catalogs_dir: catalogs\n"),
    "catalogs/fr.yml": "findings: Les constats\n",
    "docs/about.md": ABOUT_V1,
    "docs/about.fr.md": "---\ntitle: À propos\n---\n# À propos\n\nÀ propos de ce groupe de gouvernements.\n",
    "docs/index.ko.md": "# 테스트 사이트\n\n정부 그룹의 결과와 헌장.\n",
}


def make_i18n_site(tmp_path: Path) -> Path:
    """Write the site (every translation stamped, then docs/about.md changed) and return its root."""
    root = make_site(tmp_path, I18N_SITE_FILES, LOCALES, stamp=True, subdir="i18n")
    (root / "docs/about.md").write_text(ABOUT_V2, "utf-8")
    return root


@pytest.fixture(scope="session")
def i18n_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuiltSite, subprocess.CompletedProcess[str]]:
    """(root, built site, the `mkdocs build --strict` result) of the four-locale site."""
    root = make_i18n_site(tmp_path_factory.mktemp("i18n"))
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, BuiltSite(root / "site"), result
