"""Checks of a site's loaded configuration (`SiteConfig`): the licence, and folders d5site reads from or publishes to.

`check` and the build both run `config_problems` (d5site.core.site.load); the
checks of mkdocs.yml's raw shape, which run before a SiteConfig exists, are in
d5site.core.configcheck.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from d5site.core.configcheck import _CONTROL, FOLDER_CONTROL
from d5site.core.diagnostics import Diagnostic, escape
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_problem


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def config_problems(site: SiteConfig) -> list[Diagnostic]:
    """The licence option, folders outside the site's folder, and a site_dir whose publishing would delete sources."""
    rel, lines = site.config_rel, site.config_lines
    out: list[Diagnostic] = []
    problem = licence_problem(site.options.licence)
    if problem:
        out.append(Diagnostic(rel, lines.get("d5site.licence", lines.get("d5site", 0)), f"d5site: option 'licence': {problem}"))
    out += footer_problems(site)
    unusable = [
        (key, value) for key, value in (("docs_dir", site.docs_dir), ("site_dir", site.site_dir)) if value and _CONTROL.search(value)
    ]
    for key, _ in unusable:  # `check` refuses these earlier, in shape_problems; the build, here
        out.append(Diagnostic(rel, lines.get(key, 0), f"{key}: {FOLDER_CONTROL}"))
    if unusable:
        return out
    root = _real(site.root)
    folders = _source_folders(site)
    for key, path in folders:
        if key != "the site's folder" and not _within(_real(path), root):
            out.append(Diagnostic(rel, lines.get(key, lines.get(f"d5site.{key}", 0)),
                                  f"{key} '{_shown(site, path)}' is outside the site's folder (where {rel} is): "
                                  "d5site reads and publishes only what is inside it; move the folder inside"))
    if site.site_dir is not None:
        out += _site_dir_problems(site, folders)
    if site.options.pdf:
        out += _pdf_cache_problems(site, root)
    return out


def _pdf_cache_problems(site: SiteConfig, root: Path) -> list[Diagnostic]:
    """The PDF cache must be inside the site's folder, and neither in docs_dir (published as is) nor in site_dir."""
    cache = _real(site.root / site.options.pdf_cache_dir)
    line = site.config_lines.get("d5site.pdf_cache_dir", site.config_lines.get("d5site", 0))
    shown = f"d5site: option 'pdf_cache_dir' '{site.options.pdf_cache_dir}'"
    if not _within(cache, root) or cache == root:
        return [Diagnostic(site.config_rel, line, f"{shown} must be a folder inside the site's folder (where {site.config_rel} is)")]
    for key, folder in (("docs_dir", site.docs_path), ("site_dir", site.root / site.site_dir if site.site_dir else None)):
        if folder is not None and (_within(cache, _real(folder)) or _within(_real(folder), cache)):
            return [Diagnostic(site.config_rel, line, f"{shown} must not be {key} or in it: it would be published or deleted")]
    return []


FOOTER_OPTIONS = ("contact", "accessibility", "privacy")
"""Options naming a footer link: a page of docs/ or an address."""
_ADDRESS = re.compile(r"(https?://[^\s<>\"']+|mailto:[^\s<>\"']+)\Z")


def footer_link(site: SiteConfig, key: str) -> str | None:
    """Option `key`'s footer link: a docs/ page's path (`x.md`), an address, or None when unset or unusable."""
    value = getattr(site.options, key)
    if not isinstance(value, str) or not value or _CONTROL.search(value):
        return None
    if _ADDRESS.match(value):
        return value
    page = value.lstrip("/")
    parts = page.split("/")
    if page.endswith(".md") and ".." not in parts and (site.docs_path / page).is_file():
        return page
    return None


def footer_problems(site: SiteConfig) -> list[Diagnostic]:
    """Footer options that are neither an existing page of docs/ nor an http(s) or mailto: address."""
    rel, lines = site.config_rel, site.config_lines
    out = []
    for key in FOOTER_OPTIONS:
        value = getattr(site.options, key)
        if value is not None and footer_link(site, key) is None:
            out.append(Diagnostic(rel, lines.get(f"d5site.{key}", lines.get("d5site", 0)),
                                  f"d5site: option '{key}': '{escape(str(value))}' is neither a page of {site.docs_prefix} "
                                  "(such as accessibility.md) nor an https://, http:// or mailto: address"))
    return out


def _source_folders(site: SiteConfig) -> list[tuple[str, Path]]:
    """(setting, folder) of everything the site is built from."""
    folders = [("the site's folder", site.root), ("docs_dir", site.docs_path), ("findings_dir", site.findings_path),
               ("charter_dir", site.charter_path)]
    if site.options.catalogs_dir:
        folders.append(("catalogs_dir", site.root / site.options.catalogs_dir))
    return folders


def _shown(site: SiteConfig, path: Path) -> str:
    """A folder as the user wrote it, relative to the site's folder when it is inside it."""
    return site.rel(Path(os.path.normpath(path)))


def _site_dir_problems(site: SiteConfig, folders: list[tuple[str, Path]]) -> list[Diagnostic]:
    """A site_dir that is, contains or is inside a source folder: publishing replaces site_dir whole."""
    assert site.site_dir is not None
    target = _real(site.root / site.site_dir)
    written = os.path.normpath(site.root / site.site_dir)
    shown = _shown(site, Path(written))
    line = 0 if site.site_dir_given else site.config_lines.get("site_dir", 0)
    origin = " (given on the command line)" if site.site_dir_given else ""
    for key, path in folders:
        source = _real(path)
        if target == source:
            how = "is"
        elif _within(source, target):
            how = "contains"
        elif key != "the site's folder" and _within(target, source):
            how = "is inside"
        else:
            continue
        what = key if key == "the site's folder" else f"the {key} folder '{_shown(site, path)}'"
        if str(target) != written and how == "is":
            what += f" (through {shown})"
        return [Diagnostic(site.config_rel, line,
                           f"site_dir '{shown}'{origin} {how} {what}: a build replaces site_dir whole and would delete "
                           "the site's sources; choose a folder of its own (e.g. site)")]
    return []
