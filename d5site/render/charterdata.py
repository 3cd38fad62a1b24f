"""data/charter.json: members, editions (numbered, with their changes), principles with their lineage and every revision in every locale."""

from __future__ import annotations

from typing import Any

from d5site.core import urls
from d5site.core.model import Member, Principle, Revision
from d5site.core.statements import RECORD
from d5site.render.datacontext import DataContext


class CharterData:
    """Builds charter.json from the loaded charter."""

    def __init__(self, context: DataContext):
        self.context = context

    def json(self) -> dict[str, Any]:
        """charter.json as one document."""
        content = self.context.content
        latest = self.context.charter.latest
        return {
            **self.context.common(),
            "current_edition": latest.year if latest else None,
            "members": [self.member(m) for m in sorted(content.public_members(), key=lambda m: m.code)],
            "editions": [self.edition(year) for year in sorted(content.editions)],
            "principles": [self.principle(content.principles[pid]) for pid in sorted(content.principles)],
        }

    def revision(self, revision: Revision) -> dict[str, Any]:
        """One revision of a principle: what it replaces, the editions that carry it, its text per locale."""
        return {
            "year": revision.year,
            "source": revision.path,
            "replaces": list(revision.replaces),
            "editions": [s.edition.year for s in self.context.charter.editions_of_revision(revision)],
            "text": self.context.texts(revision, ("change",)),
        }

    def principle(self, principle: Principle) -> dict[str, Any]:
        """One principle: its standing now and in every edition, its lineage, URLs and revisions."""
        charter = self.context.charter
        latest = charter.latest
        withdrawn = charter.withdrawn_in(principle.id)
        return {
            "id": principle.id,
            "in_force": bool(latest and principle.id in latest.principles),
            "number": latest.number_of(principle.id) if latest else None,
            "withdrawn_in": withdrawn.year if withdrawn else None,
            "replaces": charter.replaces(principle.id),
            "replaced_by": charter.replaced_by(principle.id),
            "standings": [
                {"edition": s.edition.year, "number": s.number, "revision": s.revision.year}
                for s in charter.standings(principle.id)
            ],
            "urls": self.context.page_urls(urls.principle_page(principle.id)),
            "revisions": [self.revision(r) for r in principle.revisions],
        }

    def edition(self, year: int) -> dict[str, Any]:
        """One edition of the charter: its facts, numbered principles and changes from the edition before."""
        context = self.context
        charter = context.charter
        edition = context.content.editions[year]
        following = charter.next(edition)
        return {
            "year": edition.year,
            "date": edition.date.isoformat(),
            "place": {loc: edition.place[loc] for loc in context.locales if loc in edition.place},
            "note": {loc: edition.note[loc] for loc in context.locales if loc in edition.note},
            "online": edition.online,
            "chair": edition.chair,
            "in_force_until": following.year - 1 if following else None,
            "principles": [
                {"number": number, "id": pid,
                 "revision": (rev.year if (rev := charter.text_in(pid, edition)) else None)}
                for number, pid in enumerate(edition.principles, start=1)
            ],
            "changes": [
                {"kind": c.kind, "principle": c.principle_id, "old_number": c.old_number, "new_number": c.new_number,
                 "replaces": list(c.replaces), "replaced_by": list(c.replaced_by)}
                for c in charter.changes(edition)
            ],
            "urls": context.page_urls(urls.charter_page(edition.year)),
        }

    def member(self, member: Member) -> dict[str, Any]:
        """A member (or a candidate with a published statement): admission, and the statement of interest if published."""
        context = self.context
        code = member.code
        accession = None
        if member.accession is not None:
            a = member.accession
            statement = context.content.published_statement(code)
            accession = {
                "proposed_by": a.proposed_by,
                "seconded_by": a.seconded_by,
                "agreed": a.agreed.isoformat() if a.agreed else None,
                "statement": None if statement is None else {
                    "name": statement.name,
                    "date": statement.date.isoformat() if statement.date else None,
                    "source": statement.path,
                    "principles": [s.id for s in statement.sections if s.id != RECORD],
                    "text": context.texts(statement, ()),
                },
            }
        return {
            "code": code,
            "status": "candidate" if member.pending else "member",
            "joined": member.joined,
            "left": member.left,
            "names": {loc: context.member_name(code, loc) for loc in context.locales},
            "accession": accession,
            "urls": context.page_urls(urls.member_page(code)),
        }
