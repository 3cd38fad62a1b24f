"""Point-in-time queries on the charter: editions in force, numbers, texts, changes, lineage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from d5site.core.model import Content, Edition, Principle, Revision

ChangeKind = Literal["added", "amended", "renumbered", "withdrawn"]


@dataclass(frozen=True)
class Change:
    """One change of an edition against the previous edition."""

    kind: ChangeKind
    principle_id: str
    old_number: int | None = None
    new_number: int | None = None
    replaces: tuple[str, ...] = ()
    """For `added`: the principles it supersedes."""
    replaced_by: tuple[str, ...] = ()
    """For `withdrawn`: the principles that supersede it."""


@dataclass(frozen=True)
class Standing:
    """A principle's place in one edition."""

    edition: Edition
    number: int
    revision: Revision


@dataclass
class Charter:
    """Queries over the editions and principles of a loaded Content."""

    content: Content
    _replaced_by: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for principle in sorted(self.content.principles.values(), key=lambda p: p.id):
            for target in principle.replaces:
                self._replaced_by.setdefault(target, []).append(principle.id)

    @property
    def editions(self) -> list[Edition]:
        """Every edition, oldest first."""
        return [self.content.editions[year] for year in sorted(self.content.editions)]

    @property
    def latest(self) -> Edition | None:
        """The newest edition: the charter in force now."""
        editions = self.editions
        return editions[-1] if editions else None

    def edition_in_force(self, year: int) -> Edition | None:
        """The latest edition whose year is <= `year`."""
        found = None
        for edition in self.editions:
            if edition.year <= year:
                found = edition
        return found

    def previous(self, edition: Edition) -> Edition | None:
        """The edition before `edition`."""
        return self.edition_in_force(edition.year - 1)

    def next(self, edition: Edition) -> Edition | None:
        """The edition after `edition`."""
        for candidate in self.editions:
            if candidate.year > edition.year:
                return candidate
        return None

    def principle(self, principle_id: str) -> Principle | None:
        """A principle by id."""
        return self.content.principles.get(principle_id)

    def text_in(self, principle_id: str, edition: Edition) -> Revision | None:
        """The revision of a principle in force in `edition` (greatest year <= the edition's)."""
        principle = self.principle(principle_id)
        return principle.revision_at(edition.year) if principle else None

    def number_in(self, principle_id: str, edition: Edition) -> int | None:
        """The principle's number in `edition`, or None if it is not in it."""
        return edition.number_of(principle_id)

    def in_force(self, principle_id: str, year: int) -> tuple[Edition, int, Revision] | None:
        """(edition, number, revision) of a principle in force in `year`, or None."""
        edition = self.edition_in_force(year)
        if edition is None:
            return None
        number = edition.number_of(principle_id)
        revision = self.text_in(principle_id, edition)
        if number is None or revision is None:
            return None
        return edition, number, revision

    def standings(self, principle_id: str) -> list[Standing]:
        """Every edition the principle stood in, with its number and text there."""
        result = []
        for edition in self.editions:
            number = edition.number_of(principle_id)
            revision = self.text_in(principle_id, edition)
            if number is not None and revision is not None:
                result.append(Standing(edition, number, revision))
        return result

    def editions_of_revision(self, revision: Revision) -> list[Standing]:
        """The editions in which `revision` was the text in force."""
        return [s for s in self.standings(revision.principle_id) if s.revision is revision]

    def withdrawn_in(self, principle_id: str) -> Edition | None:
        """The edition that dropped the principle, if it is not in the latest edition."""
        latest = self.latest
        if latest is None or principle_id in latest.principles:
            return None
        dropped = None
        for edition in self.editions:
            previous = self.previous(edition)
            if previous and principle_id in previous.principles and principle_id not in edition.principles:
                dropped = edition
        return dropped

    def replaces(self, principle_id: str) -> list[str]:
        """Ids the principle supersedes."""
        principle = self.principle(principle_id)
        return principle.replaces if principle else []

    def replaced_by(self, principle_id: str) -> list[str]:
        """Ids of the principles that supersede this one."""
        return list(self._replaced_by.get(principle_id, []))

    def changes(self, edition: Edition) -> list[Change]:
        """What changed in `edition` since the previous one (all `added` for the first).

        Ordered by kind (added, amended, renumbered, withdrawn), then by number.
        """
        previous = self.previous(edition)
        before = previous.principles if previous else []
        result: list[Change] = []
        for number, pid in enumerate(edition.principles, start=1):
            if pid not in before:
                result.append(Change("added", pid, None, number, replaces=tuple(self.replaces(pid))))
                continue
            old_number = before.index(pid) + 1
            old_text = self.text_in(pid, previous) if previous else None
            new_text = self.text_in(pid, edition)
            if old_text is not new_text:
                result.append(Change("amended", pid, old_number, number))
            if old_number != number:
                result.append(Change("renumbered", pid, old_number, number))
        for old_number, pid in enumerate(before, start=1):
            if pid not in edition.principles:
                successors = tuple(p for p in self.replaced_by(pid) if p in edition.principles)
                result.append(Change("withdrawn", pid, old_number, None, replaced_by=successors))
        order = {"added": 0, "amended": 1, "renumbered": 2, "withdrawn": 3}
        return sorted(result, key=lambda c: (order[c.kind], c.new_number or c.old_number or 0))
