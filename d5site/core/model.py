"""The content model: members, editions, principles and revisions, findings, translations."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""Ids of principles, findings and themes (at most 64 characters)."""
ID_MAX_LENGTH = 64
RESERVED_PRINCIPLE_IDS = frozenset({"index"})
"""Principle ids whose page URL a generated page already uses (`charter/principles/index.md` is the list)."""
RESERVED_FINDING_IDS = frozenset({"index"})
"""Finding ids whose page URL a generated page already uses (`findings/<year>/index.md` is the year's overview)."""


@dataclass
class Member:
    """A member government, keyed by its ISO 3166-1 alpha-2 code."""

    code: str
    joined: int
    left: int | None = None
    names: dict[str, str] = field(default_factory=dict)
    line: int = 0

    def is_member_in(self, year: int) -> bool:
        """Whether the government was a member at some point of `year`."""
        return self.joined <= year and (self.left is None or year <= self.left)


@dataclass
class Theme:
    """A theme of the vocabulary (charter/themes.yml): an id and its label per locale."""

    id: str
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass
class Edition:
    """One review of the charter: the ordered list of principles adopted that year."""

    year: int
    date: _dt.date
    principles: list[str]
    place: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    line: int = 0
    principle_lines: list[int] = field(default_factory=list)
    online: bool = False
    """Held online (no place): pages word it as such ("online", "en ligne"), never "in Online"."""
    chair: str | None = None
    """Code of the member who chaired the review."""
    chair_line: int = 0
    place_line: int = 0

    def number_of(self, principle_id: str) -> int | None:
        """The 1-based number of a principle in this edition, or None."""
        try:
            return self.principles.index(principle_id) + 1
        except ValueError:
            return None


@dataclass
class Translation:
    """A translation file of a document, in one locale."""

    locale: str
    path: str
    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)
    """Translated optional fields (summary, change, place, theme)."""
    stamp: str | None = None
    """The source digest recorded when the translation was last stamped."""
    body_line: int = 0
    """Line of the file on which the body starts (for diagnostics about the body)."""


@dataclass
class Document:
    """A Markdown document in the default locale, with its translations."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()
    """Optional front-matter fields that a translation may carry besides `title`."""

    path: str
    title: str
    body: str
    translations: dict[str, Translation] = field(default_factory=dict)
    front: Any = field(default=None, repr=False, compare=False)
    """The parsed front matter, which knows the line of every value (for diagnostics)."""
    body_line: int = field(default=0, compare=False)
    """Line of the file on which the body starts (for diagnostics about the body)."""

    def line_of(self, key: str, index: int | None = None) -> int:
        """Line of a front-matter value (or of item `index` of a list value); 0 if unknown."""
        front = self.front
        if front is None:
            return 0
        if index is not None:
            value = front.get(key)
            if hasattr(value, "line_of"):
                return value.line_of(index)
        return front.line_of(key) if hasattr(front, "line_of") else 0

    def translatable_fields(self) -> dict[str, str]:
        """The source's values of the translatable optional fields that are set."""
        return {name: value for name in self.TRANSLATABLE if (value := getattr(self, name, None))}

    def digest(self) -> str:
        """A stamp of the translatable content: title, translatable fields and body.

        Structural keys (members, dates...) do not count: changing them does
        not make a translation outdated.
        """
        payload = json.dumps(
            {"title": self.title, "fields": self.translatable_fields(), "body": self.body.strip()},
            sort_keys=True,
            ensure_ascii=False,
        )
        return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


@dataclass
class Revision(Document):
    """The text of a principle as adopted at one year's review."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("change",)

    principle_id: str = ""
    year: int = 0
    change: str | None = None
    replaces: list[str] = field(default_factory=list)
    replaces_lines: list[int] = field(default_factory=list)


@dataclass
class Principle:
    """A principle id and all its revisions, oldest first."""

    id: str
    revisions: list[Revision] = field(default_factory=list)

    def revision_at(self, year: int) -> Revision | None:
        """The revision with the greatest year <= `year`."""
        found = None
        for revision in self.revisions:
            if revision.year <= year:
                found = revision
        return found

    @property
    def replaces(self) -> list[str]:
        """Ids this principle supersedes, over all its revisions, in order."""
        seen: list[str] = []
        for revision in self.revisions:
            for target in revision.replaces:
                if target not in seen:
                    seen.append(target)
        return seen

    @property
    def latest(self) -> Revision:
        """The newest revision."""
        return self.revisions[-1]


@dataclass
class Link:
    """Code or a solution shared with a finding."""

    title: str
    url: str


@dataclass
class Finding(Document):
    """One finding published for a year."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("summary",)

    id: str = ""
    year: int = 0
    members: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    date: _dt.date | None = None
    summary: str | None = None
    themes: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    licence: str | None = None


@dataclass
class YearOverview(Document):
    """The optional overview of a year (`findings/<year>/index.md`): summit, host, theme."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("place", "theme", "summary")

    year: int = 0
    date: _dt.date | None = None
    place: str | None = None
    host: str | None = None
    theme: str | None = None
    summary: str | None = None


@dataclass
class Content:
    """Everything loaded from `charter/` and `findings/`."""

    default_locale: str
    locales: list[str]
    members: dict[str, Member] = field(default_factory=dict)
    editions: dict[int, Edition] = field(default_factory=dict)
    principles: dict[str, Principle] = field(default_factory=dict)
    findings: dict[tuple[int, str], Finding] = field(default_factory=dict)
    overviews: dict[int, YearOverview] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    """The theme vocabulary (charter/themes.yml), in the file's order."""

    @property
    def years(self) -> list[int]:
        """Every year with findings or an overview, oldest first."""
        return sorted({year for year, _ in self.findings} | set(self.overviews))

    def findings_of(self, year: int) -> list[Finding]:
        """A year's findings, by date (undated last) then title."""
        items = [f for (y, _), f in self.findings.items() if y == year]
        return sorted(items, key=_finding_order)

    def documents(self) -> list[Document]:
        """Every translatable document: revisions, year overviews, findings."""
        docs: list[Document] = []
        for principle in sorted(self.principles.values(), key=lambda p: p.id):
            docs.extend(principle.revisions)
        docs.extend(self.overviews[year] for year in sorted(self.overviews))
        docs.extend(self.findings[key] for key in sorted(self.findings))
        return docs


def _finding_order(finding: Finding) -> tuple:
    return (finding.date is None, finding.date or _dt.date.min, finding.title.casefold(), finding.id)
