"""One locale's staged tree for Zensical: its configuration, its docs folder (hand-written and generated pages), its theme.

Zensical builds one language per project and runs no plugin, so d5site gives
it, for each locale, a project of its own in a fresh folder:

    <stage>/mkdocs.yml   INHERITs the site's mkdocs.yml (Zensical reads it as
                         it reads any mkdocs.yml) and sets what differs per
                         locale: site_url, theme.language, docs_dir, site_dir,
                         theme.custom_dir, the navigation, the 404 page's words
    <stage>/docs/        the locale's hand-written pages (`x.fr.md` as `x.md`,
                         the default locale's where untranslated, as
                         static-i18n falls back), every generated page's
                         Markdown, the locale's feed and (default locale) the open data
    <stage>/theme/       d5site's theme overrides, the Zensical glue (language
                         selector, sitemap), then the site's custom_dir
    <stage>/site/        what Zensical writes
    <stage>/zensical.log what it prints

A generated page is written at `<its URL>/index.md`: Zensical resolves every
relative link against the Markdown file's folder, and there that folder is the
page's URL, to which the links of generated pages are written relative.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from d5site.core.urls import page_url

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
GLUE_DIR = Path(__file__).resolve().parent / "theme"
"""Templates that adapt d5site's theme to Zensical (MiniJinja, no Python): read on top of THEME_DIR."""


@dataclass
class StagedLocale:
    """The staged project of one locale."""

    locale: str
    root: Path
    config_file: Path = field(init=False)
    docs: Path = field(init=False)
    site: Path = field(init=False)
    theme: Path = field(init=False)
    log: Path = field(init=False)
    """Where the Zensical process writes its output."""
    sources: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Each staged page (path in `docs`) -> what the reader knows it as (`docs/x.fr.md`, or a generated page's URL)
    and how many lines were added above its first (its state, as front matter)."""

    def __post_init__(self) -> None:
        self.config_file = self.root / "mkdocs.yml"
        self.docs = self.root / "docs"
        self.site = self.root / "site"
        self.theme = self.root / "theme"
        self.log = self.root / "zensical.log"
        self.docs.mkdir(parents=True, exist_ok=True)

    def write_page(self, src_uri: str, markdown: str) -> None:
        """Write a generated page's Markdown at `<its URL>/index.md` (see the module's docstring)."""
        path = self.docs / generated_path(src_uri)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, "utf-8")

    def source_of(self, rel: str, line: int) -> str:
        """`docs/x.fr.md:12` for line `line` of staged page `rel`; a generated page by its URL (its lines are d5site's)."""
        name, added = self.sources.get(rel, (f"{self.docs.name}/{rel}", 0))
        if name.startswith("/"):
            return f"generated page {name}"
        return f"{name}:{max(1, line - added)}"

    def write_config(self, site_config: Path, settings: dict[str, Any]) -> None:
        """The locale's mkdocs.yml: the site's, inherited, with `settings` over it."""
        data = {"INHERIT": str(site_config.resolve()), **settings}
        self.config_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def generated_path(src_uri: str) -> str:
    """Where a generated page's Markdown goes in the staged docs folder: `<its URL>index.md`."""
    url = page_url(src_uri, "", True)
    return f"{url}index.md"


def locale_of(name: str, locales: list[str]) -> tuple[str, str | None]:
    """`x.fr.md` -> (`x.md`, `fr`) for a configured locale; anything else -> (name, None)."""
    stem, dot, rest = name.rpartition(".")
    if not dot:
        return name, None
    base, dot2, suffix = stem.rpartition(".")
    if dot2 and suffix in locales:
        return f"{base}.{rest}", suffix
    return name, None


def copy_docs(docs_dir: Path, target: Path, locale: str, default: str, locales: list[str]) -> dict[str, tuple[Path, bool]]:
    """Copy the hand-written files of `locale` into `target` (static-i18n's suffix structure).

    Returns the pages copied: path in `target` -> (source file, whether it is the locale's own, False for a fallback).

    A file of the locale (`x.fr.md`) is copied as `x.md`; a file without a locale
    suffix is copied where the locale has none of its own (static-i18n's fallback
    to the default locale); files of other locales are left out. Only regular
    files inside `docs_dir` are read (a symbolic link leading out of it is skipped).
    """
    root = docs_dir.resolve()
    chosen: dict[str, tuple[Path, bool]] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not Path(folder, d).is_symlink())
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or not path.is_file() or not path.resolve().is_relative_to(root):
                continue
            rel_folder = path.parent.relative_to(root).as_posix()
            plain, suffix = locale_of(name, locales)
            rel = f"{rel_folder}/{plain}" if rel_folder != "." else plain
            if suffix == locale or (suffix == default and locale == default):
                chosen[rel] = (path, True)
            elif suffix is None and rel not in chosen:
                chosen[rel] = (path, False)
    pages = {}
    for rel, (path, own) in sorted(chosen.items()):
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
        if rel.endswith(".md"):
            pages[rel] = (path, own or locale == default)
    return pages


def compose_theme(target: Path, custom_dir: Path | None) -> None:
    """The staged theme folder: d5site's overrides, the Zensical glue, then the site's own custom_dir (which wins)."""
    for source in (THEME_DIR, GLUE_DIR, custom_dir):
        if source is not None and source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
