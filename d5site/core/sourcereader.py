"""Reading source files safely: links kept inside the site root, YAML and front matter parsed and checked, every problem a diagnostic."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from d5site.core import schema
from d5site.core.diagnostics import Diagnostic
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict, YamlError, link_problem, load_yaml, os_reason, parse_front_matter, read_text


class SourceReader:
    """Reads files and folders under a site's root; every problem is appended to `diagnostics`, in the order met."""

    def __init__(self, site: SiteConfig):
        self.site = site
        self.root = Path(os.path.realpath(site.root))
        self.diagnostics: list[Diagnostic] = []

    def error(self, rel: str, line: int, message: str) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(Diagnostic(rel, line, message))

    def readable_entry(self, path: Path, rel: str) -> bool:
        """Whether `path` may be read: not a symbolic link that leaves the site root, loops or leads nowhere; reports it if not."""
        problem = link_problem(path, self.root)
        if problem:
            self.error(rel, 0, problem)
            return False
        return True

    def scan(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of `folder` not starting with `.`, in name order; [] (reported) if it cannot be read."""
        try:
            with os.scandir(folder) as entries:
                return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            self.error(self.site.rel(folder), 0, f"cannot read folder: {os_reason(exc)}")
            return []

    def yaml_file(self, path: Path, schema_name: str) -> LineDict | None:
        """A YAML file read as a mapping and checked against `schema_name`; None (with diagnostics) if anything fails."""
        rel = self.site.rel(path)
        if not self.readable_entry(path, rel):
            return None
        if not path.is_file() and not path.exists():
            self.error(rel, 0, "file not found")
            return None
        text, problem = read_text(path, rel)
        if problem:
            self.diagnostics.append(problem)
            return None
        if not text.strip():
            self.error(rel, 1, "file is empty")
            return None
        try:
            data = load_yaml(text)
        except YamlError as exc:
            self.error(rel, exc.line, exc.message)
            return None
        if not isinstance(data, LineDict):
            self.error(rel, 1, "must be a mapping")
            return None
        problems = schema.check(schema_name, data, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return data

    def checked_markdown(self, path: Path, schema_name: str) -> tuple[str, Any] | None:
        """A Markdown file read and its front matter checked against `schema_name`; None (with diagnostics) if either fails."""
        loaded = self.markdown(path)
        if loaded is None:
            return None
        rel, doc = loaded
        problems = schema.check(schema_name, doc.meta, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return rel, doc

    def markdown(self, path: Path) -> tuple[str, Any] | None:
        """(path relative to the site, parsed document) of a Markdown file with front matter; None (with diagnostics) if it fails."""
        rel = self.site.rel(path)
        text, problem = read_text(path, rel)
        if problem:
            self.diagnostics.append(problem)
            return None
        doc, problems = parse_front_matter(text, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return rel, doc

    def folders(self, root: Path, *, missing: str, stray: str, invalid: Callable[[str], str | None]) -> list[os.DirEntry[str]] | None:
        """The subfolders of `root` in name order; reports stray files and invalid names. None (reported) if `root` cannot be read."""
        before = len(self.diagnostics)
        if not self.readable_entry(root, self.site.rel(root)):
            return None
        if not root.is_dir():
            self.error(self.site.rel(root), 0, missing)
            return None
        entries = self.scan(root)
        if len(self.diagnostics) > before:
            return None
        folders = []
        for entry in entries:
            rel = self.site.rel(Path(entry.path))
            if entry.is_symlink() and not self.readable_entry(Path(entry.path), rel):
                continue
            if not entry.is_dir():
                self.error(rel, 0, stray)
                continue
            problem = invalid(entry.name)
            if problem:
                self.error(rel, 0, problem)
                continue
            folders.append(entry)
        return folders

    def date(self, meta: LineDict, rel: str, key: str = "date") -> _dt.date | None:
        """The calendar date at `key` of `meta` (None if absent); None, reported, if it is not a date."""
        value = meta.get(key)
        if value is None or isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(rel, meta.line_of(key), f"{key}: '{value}' is not a calendar date")
            return None
