"""Loading `charter/` and `findings/` into the content model, collecting every structural error.

`Loader` runs the parts in a fixed order and records what loaded whole; each job has its own collaborator:
`SourceReader` (reading files safely, every problem a diagnostic), `SourceGroups` (a folder's sources and their
translations), `RegisterLoader` (members, editions, themes), `CharterTextLoader` (principles' revisions, statements)
and `FindingLoader` (year overviews with their summits, findings).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from d5site.core.diagnostics import Diagnostic
from d5site.core.loadcharter import CharterTextLoader
from d5site.core.loadfindings import FindingLoader
from d5site.core.loadregisters import RegisterLoader
from d5site.core.model import Content
from d5site.core.siteconfig import SiteConfig
from d5site.core.sourcegroups import STRUCTURAL_KEYS, SourceGroups
from d5site.core.sourcenames import is_id, label_from_id
from d5site.core.sourcereader import SourceReader

__all__ = ["STRUCTURAL_KEYS", "LoadResult", "Loader", "Part", "is_id", "label_from_id"]
"""The loader, what it returns, and the names other modules have always imported from here."""


class Part(enum.Enum):
    """A part of `charter/` that other files refer to: when it cannot be loaded whole, the checks that depend on it are skipped."""

    MEMBERS = "members.yml"
    EDITIONS = "editions.yml"
    PRINCIPLES = "principles/"
    THEMES = "themes.yml"


@dataclass
class LoadResult:
    """What `Loader.load` read: the content, its structural diagnostics, and what loaded whole."""

    content: Content
    diagnostics: list[Diagnostic]
    whole: set[Part] = field(default_factory=set)
    """The parts that loaded without a diagnostic (for the principles: whose folder could be read)."""
    unloaded_revisions: set[tuple[str, int]] = field(default_factory=set)
    """(principle id, year) of revision source files that exist but could not be loaded."""
    statement_files: set[str] = field(default_factory=set)
    """Names of the statement source files that exist (loaded or not), for `accession.statement`."""

    def loaded(self, *parts: Part) -> bool:
        """Whether every one of `parts` loaded whole."""
        return all(part in self.whole for part in parts)


class Loader:
    """Reads a site's content; `load()` returns the model, every structural diagnostic and what loaded whole."""

    def __init__(self, site: SiteConfig):
        self.site = site
        self.content = Content(default_locale=site.default_locale, locales=list(site.locales))
        self.reader = SourceReader(site)
        self.diagnostics: list[Diagnostic] = self.reader.diagnostics
        """Every diagnostic, in the order met (the reader's list, shared by every collaborator)."""
        groups = SourceGroups(site, self.reader)
        self.registers = RegisterLoader(site, self.reader, self.content)
        self.charter_texts = CharterTextLoader(site, self.reader, groups, self.content)
        self.findings = FindingLoader(site, self.reader, groups, self.content)
        self.whole: set[Part] = set()

    def load(self) -> LoadResult:
        """Load everything; diagnostics are structural only (see validate for the rest)."""
        charter_path = self.site.charter_path
        if not self.reader.readable_entry(charter_path, self.site.rel(charter_path)):
            pass
        elif not charter_path.is_dir():
            self.reader.error(self.site.rel(charter_path), 0,
                              "folder not found: a site needs charter/members.yml, charter/editions.yml and charter/principles/")
        else:
            self._load_whole(Part.MEMBERS, self.registers.load_members)
            self._load_whole(Part.EDITIONS, self.registers.load_editions)
            if self.charter_texts.load_principles():
                self.whole.add(Part.PRINCIPLES)
            self._load_whole(Part.THEMES, self.registers.load_themes)
            self.charter_texts.load_statements()
        self.findings.load_findings()
        if self.registers.themes_derived:
            self.registers.derive_themes()
        return LoadResult(self.content, self.diagnostics, set(self.whole), set(self.charter_texts.unloaded_revisions),
                          set(self.charter_texts.statement_files))

    def _load_whole(self, part: Part, load: Callable[[], None]) -> None:
        """Run `load` (which reads one file and reports only at that file); record `part` as whole if it reported nothing."""
        before = len(self.diagnostics)
        load()
        if len(self.diagnostics) == before:
            self.whole.add(part)
