"""Point-in-time queries on the charter: editions in force, numbers, texts, changes, lineage."""

from __future__ import annotations

from collections.abc import Callable
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

    def pairs(self) -> list[tuple[Edition, Edition]]:
        """Every pair of editions (older, newer): the pages `/charter/compare/<a>-<b>/`, n(n-1)/2 of them."""
        editions = self.editions
        return [(old, new) for i, old in enumerate(editions) for new in editions[i + 1:]]

    def compare(self, old: Edition, new: Edition) -> list[Comparison]:
        """Every principle's change from edition `old` to edition `new` (see `compare`)."""
        return compare(self, old, new)

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


ComparisonStatus = Literal["added", "withdrawn", "replaced", "reworded", "renumbered", "unchanged"]


@dataclass(frozen=True)
class Comparison:
    """One principle's change from an earlier edition to a later one (`/charter/compare/<a>-<b>/`)."""

    principle_id: str
    old_number: int | None
    """Its number in the earlier edition; None if it was not in it (added)."""
    new_number: int | None
    """Its number in the later edition; None if it is not in it (withdrawn or replaced)."""
    old_revision: Revision | None
    new_revision: Revision | None
    replaces: tuple[str, ...] = ()
    """For an added principle: the principles of the earlier edition it supersedes (directly or through ones in between)."""
    replaced_by: tuple[str, ...] = ()
    """For a principle dropped: the principles of the later edition that supersede it."""

    @property
    def reworded(self) -> bool:
        """Whether it stands in both editions under another revision whose title or text differs."""
        if self.old_revision is None or self.new_revision is None or self.old_revision is self.new_revision:
            return False
        return (self.old_revision.title, self.old_revision.body.strip()) != (self.new_revision.title, self.new_revision.body.strip())

    @property
    def renumbered(self) -> bool:
        """Whether it stands in both editions under another number."""
        return self.old_number is not None and self.new_number is not None and self.old_number != self.new_number

    @property
    def statuses(self) -> tuple[ComparisonStatus, ...]:
        """What happened to it: one of added, withdrawn, replaced, unchanged; or reworded and/or renumbered."""
        if self.old_number is None:
            return ("added",)
        if self.new_number is None:
            return ("replaced",) if self.replaced_by else ("withdrawn",)
        found: list[ComparisonStatus] = []
        if self.reworded:
            found.append("reworded")
        if self.renumbered:
            found.append("renumbered")
        return tuple(found) or ("unchanged",)


def compare(charter: Charter, old: Edition, new: Edition) -> list[Comparison]:
    """Every principle's change from edition `old` to edition `new` (old before new).

    The principles of `new` in its order, then those of `old` that `new` drops,
    in their old order. Replacement (`replaces:`) is followed through principles
    that stand in neither edition, so a chain a -> x -> b across an edition in
    between still reads as "a replaced by b".
    """
    if old.year >= new.year:
        raise ValueError(f"compare: edition {old.year} is not before edition {new.year}")
    rows: list[Comparison] = []
    for number, pid in enumerate(new.principles, start=1):
        old_number = old.number_of(pid)
        predecessors = () if old_number else tuple(_lineage(charter.replaces, pid, old.principles, new.principles))
        rows.append(Comparison(pid, old_number, number, charter.text_in(pid, old) if old_number else None,
                               charter.text_in(pid, new), replaces=predecessors))
    for number, pid in enumerate(old.principles, start=1):
        if pid not in new.principles:
            successors = tuple(_lineage(charter.replaced_by, pid, new.principles, old.principles))
            rows.append(Comparison(pid, number, None, charter.text_in(pid, old), None, replaced_by=successors))
    return rows


def _lineage(step: Callable[[str], list[str]], start: str, targets: list[str], stop: list[str]) -> list[str]:
    """The principles in `targets` reached from `start` by `step` (replaces or replaced_by), through principles in neither list.

    In the order of `targets`; each principle is visited once, so a cycle in the content ends.
    """
    found: set[str] = set()
    seen = {start}
    queue = list(step(start))
    while queue:
        pid = queue.pop(0)
        if pid in seen:
            continue
        seen.add(pid)
        if pid in targets:
            found.add(pid)
        elif pid not in stop:
            queue.extend(step(pid))
    return [pid for pid in targets if pid in found]
