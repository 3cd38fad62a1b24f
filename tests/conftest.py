"""Shared fixtures: a small valid site written from tests/sitetree.py, with overrides."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pytest

# Material prints a notice about MkDocs 2 on every build unless this is set; tests that read a build's log for
# WARNING lines expect it set, as scripts/test sets it, also when pytest is run directly.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

sys.path.insert(0, str(Path(__file__).parent))

from sitetree import BASE_TREE, make_site as _make_site

__all__ = ["BASE_TREE"]

pytest_plugins = ["examplesite", "i18nsite"]
"""Session fixtures defined once, for every test module: the built example site, its server and Debian's Chromium
(`browser`, `example_site`, `hebrew_site`, `page`; Playwright's sync API allows one per process) for tests/browser/ and
tests/quality/, and the four-locale site (`i18n_build`) for tests/test_i18n_*.py."""

SiteFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`mkdocs build --strict` of tests/sitetree.py's default tree, once per session: (root, result). Read only."""
    from htmlutil import build_site

    root = _make_site(tmp_path_factory.mktemp("default"))
    return root, build_site(root)


@pytest.fixture
def make_site(tmp_path: Path) -> SiteFactory:
    """`make_site(files=None, locales=("en", "fr", "ko"), stamp=False)` -> root of a written site.

    `files` maps paths to text/bytes (added or overriding the default tree) or
    None (deleting a default file). Each call in a test writes a new folder.
    """
    counter = iter(range(1_000_000))

    def factory(
        files: Mapping[str, str | bytes | None] | None = None,
        locales: Iterable[str] = ("en", "fr", "ko"),
        *,
        stamp: bool = False,
    ) -> Path:
        return _make_site(tmp_path, files, locales, stamp=stamp, subdir=f"site{next(counter)}")

    return factory


@pytest.fixture
def site(make_site: SiteFactory) -> Path:
    """The default site, unmodified."""
    return make_site()
