"""The content model: members, editions, principles and revisions, findings, translations."""

from __future__ import annotations

import dataclasses
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
class Accession:
    """How a member was admitted (charter 8.3): proposed, seconded, agreed by all; its statement of interest."""

    proposed_by: str | None = None
    seconded_by: str | None = None
    agreed: _dt.date | None = None
    """The date all members accepted; None while the candidacy is pending."""
    statement: str | None = None
    """Name of the statement of interest: charter/statements/<statement>.md."""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each key's value in members.yml."""

    def line_of(self, key: str) -> int:
        """The line of `key`'s value, or of the accession itself."""
        return self.lines.get(key, self.line)


@dataclass
class Member:
    """A member government (or a candidate not yet admitted), keyed by its ISO 3166-1 alpha-2 code."""

    code: str
    joined: int | None
    """Year of admission; None for a pending candidate."""
    left: int | None = None
    names: dict[str, str] = field(default_factory=dict)
    line: int = 0
    accession: Accession | None = None
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each key's value in members.yml."""

    @property
    def pending(self) -> bool:
        """Whether this is a candidate whose accession has not been agreed (and who has not joined)."""
        return self.joined is None

    def is_member_in(self, year: int) -> bool:
        """Whether the government was a member at some point of `year`."""
        return self.joined is not None and self.joined <= year and (self.left is None or year <= self.left)

    def is_member_on(self, date: _dt.date) -> bool:
        """Whether the government was a member on `date`: admitted before it (by `agreed`, else by year), not yet left."""
        if self.joined is None:
            return False
        agreed = self.accession.agreed if self.accession else None
        admitted = agreed < date if agreed is not None else self.joined <= date.year
        return admitted and (self.left is None or date.year <= self.left)

    def line_of(self, key: str) -> int:
        """The line of `key`'s value in members.yml, or of the member's entry."""
        return self.lines.get(key, self.line)


@dataclass
class Theme:
    """A theme of the vocabulary (charter/themes.yml): an id and its label per locale."""

    id: str
    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    line: int = 0
    derived: bool = False
    """No charter/themes.yml: a theme a finding names, its label made from its id (contract v2 content)."""


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
        return content_digest(self.title, self.translatable_fields(), self.body)


def content_digest(title: str, fields: dict[str, str], body: str) -> str:
    """The stamp of a document's translatable content (see Document.digest)."""
    payload = json.dumps({"title": title, "fields": fields, "body": body.strip()}, sort_keys=True, ensure_ascii=False)
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
class Code:
    """Code or a solution shared between members (`code:` of a finding): a name, a URL, an SPDX licence."""

    name: str
    url: str
    licence: str


PARTNER_KINDS = ("international-organisation", "private-sector", "academia", "civil-society")
"""The kinds of partners of the Busan Declaration, in the order they are listed."""


@dataclass
class Partner:
    """A stakeholder the members worked with on a finding."""

    name: str
    kind: str


@dataclass
class Section:
    """One `## Heading { #id }` section of a statement of interest."""

    id: str
    heading: str
    body: str
    line: int = 0


@dataclass
class Statement(Document):
    """A candidate's statement of interest (`charter/statements/<name>.md`): one section per principle, plus `record`."""

    name: str = ""
    date: _dt.date | None = None
    publish: bool | None = None
    """`publish:` as written; None when absent (then published once the accession is agreed)."""
    intro: str = ""
    """Text before the first section."""
    sections: list[Section] = field(default_factory=list)


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
    code: list[Code] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)


@dataclass
class Summit:
    """One meeting of a year (contract v3 §5a): its days, place and theme per locale, host."""

    date: _dt.date | None
    end: _dt.date | None = None
    place: dict[str, str] = field(default_factory=dict)
    """Per locale; a v2 overview's place comes from the source and each translation's `place`."""
    host: str | None = None
    theme: dict[str, str] = field(default_factory=dict)
    online: bool = False
    line: int = 0
    """Line of the summit in the overview's front matter."""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each key's value."""

    def line_of(self, key: str) -> int:
        """The line of `key`'s value, or of the summit itself."""
        return self.lines.get(key, self.line)


@dataclass
class YearOverview(Document):
    """The optional overview of a year (`findings/<year>/index.md`): its summits (v3 `summits:`, or v2's one summit)."""

    TRANSLATABLE: ClassVar[tuple[str, ...]] = ("place", "theme", "summary")

    year: int = 0
    date: _dt.date | None = None
    place: str | None = None
    host: str | None = None
    theme: str | None = None
    summary: str | None = None
    summits: list[Summit] = field(default_factory=list)
    """`summits:` as written (contract v3); empty for a v2 overview (see `meetings`)."""

    def meetings(self, default_locale: str) -> list[Summit]:
        """The year's summits: `summits:`, or the one summit of the v2 keys (its place and theme per locale from the translations)."""
        if self.summits:
            return self.summits
        if self.date is None and not self.place and not self.host and not self.theme:
            return []

        def per_locale(key: str, value: str | None) -> dict[str, str]:
            if not value:
                return {}
            texts = {default_locale: value}
            texts.update((locale, t.fields[key]) for locale, t in self.translations.items() if t.fields.get(key))
            return texts

        lines = {k: self.line_of(k) for k in ("date", "place", "host", "theme")}
        return [Summit(date=self.date, place=per_locale("place", self.place), host=self.host, theme=per_locale("theme", self.theme),
                       line=lines["date"] or lines["place"], lines=lines)]

    @property
    def first_date(self) -> _dt.date | None:
        """The first day of the year's first summit (the v2 `date`)."""
        dates = [s.date for s in self.summits if s.date is not None]
        return min(dates) if dates else self.date


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
    """The theme vocabulary (charter/themes.yml), in the file's order; without that file, the themes findings name (`derived`)."""
    statements: dict[str, Statement] = field(default_factory=dict)
    """Statements of interest by name (the file's name without `.md`)."""

    @property
    def years(self) -> list[int]:
        """Every year with findings or an overview, oldest first."""
        return sorted({year for year, _ in self.findings} | set(self.overviews))

    def dates(self) -> set[_dt.date]:
        """Every date the content holds (findings, summits, accessions, statements, editions...), for warming catalogs."""
        found: set[_dt.date] = set()
        seen: set[int] = set()
        stack: list[Any] = [self]
        while stack:
            value = stack.pop()
            if isinstance(value, _dt.date):
                found.add(value)
            elif isinstance(value, (str, bytes, int, float, bool)) or value is None or id(value) in seen:
                continue
            elif isinstance(value, dict):
                seen.add(id(value))
                stack.extend(value.values())
            elif isinstance(value, (list, tuple, set, frozenset)):
                seen.add(id(value))
                stack.extend(value)
            elif dataclasses.is_dataclass(value):
                seen.add(id(value))
                stack.extend(getattr(value, f.name) for f in dataclasses.fields(value))
        return found

    def date_ranges(self) -> list[tuple[_dt.date, _dt.date]]:
        """(first day, last day) of every summit that lasted more than a day, for warming catalogs."""
        summits = [s for o in self.overviews.values() for s in o.summits]
        return [(s.date, s.end) for s in summits if s.date is not None and s.end is not None and s.end > s.date]

    def findings_of(self, year: int) -> list[Finding]:
        """A year's findings, the same order in every locale (contract §5a): by date (undated last), then by id."""
        items = [f for (y, _), f in self.findings.items() if y == year]
        return sorted(items, key=finding_order)

    def documents(self) -> list[Document]:
        """Every translatable document: revisions, year overviews, findings, statements of interest."""
        docs: list[Document] = []
        for principle in sorted(self.principles.values(), key=lambda p: p.id):
            docs.extend(principle.revisions)
        docs.extend(self.overviews[year] for year in sorted(self.overviews))
        docs.extend(self.findings[key] for key in sorted(self.findings))
        docs.extend(self.statements[name] for name in sorted(self.statements))
        return docs

    def owner_of(self, statement: Statement) -> Member | None:
        """The member or candidate whose accession names `statement`."""
        for member in self.members.values():
            if member.accession is not None and member.accession.statement == statement.name:
                return member
        return None

    def is_published(self, statement: Statement) -> bool:
        """Whether a statement of interest is published (CONTRACT section 2).

        Published once its member's accession is agreed, or when it sets
        `publish: true`; an explicit `publish: false` is never overridden. A
        statement that no member names is never published.
        """
        owner = self.owner_of(statement)
        if owner is None or owner.accession is None:
            return False
        if statement.publish is not None:
            return statement.publish
        return owner.accession.agreed is not None

    def published_statement(self, code: str) -> Statement | None:
        """The published statement of interest of member `code`, if any."""
        member = self.members.get(code)
        name = member.accession.statement if member and member.accession else None
        statement = self.statements.get(name) if name else None
        return statement if statement is not None and self.is_published(statement) else None

    def is_public(self, code: str) -> bool:
        """Whether a member appears on the site: every admitted member; a candidate only with a published statement."""
        member = self.members.get(code)
        if member is None:
            return False
        return not member.pending or self.published_statement(code) is not None

    def public_members(self) -> list[Member]:
        """Members shown on the site, in members.yml order (pending candidates without a published statement left out)."""
        return [m for m in self.members.values() if self.is_public(m.code)]


def finding_order(finding: Finding) -> tuple[bool, _dt.date, str]:
    """The sort key of findings in one year: by date (undated last), then by id; no locale's title enters it."""
    return (finding.date is None, finding.date or _dt.date.min, finding.id)
