"""Members' pages in one locale: who is shown and in what order, the group's growth, statements of interest, each member's findings."""

from __future__ import annotations

from typing import Any

from d5site.core.model import Content, Finding, Member, Statement, finding_order
from d5site.core.statements import RECORD, parse_sections
from d5site.render.charterpages import CharterPages
from d5site.render.localtext import LocaleText, Memo


class MemberPages:
    """What the members' list and each member's page show in one locale."""

    def __init__(self, content: Content, text: LocaleText, charter_pages: CharterPages) -> None:
        self.content = content
        self.text = text
        self.charter_pages = charter_pages
        """For the principles a statement of interest or a member's findings cite."""
        self._memo = Memo()

    def members_by_name(self, codes: Any = None) -> list[str]:
        """Member codes (all members, or `codes`) in the alphabetical order of their names in this locale."""
        codes = list(self.content.members) if codes is None else list(codes)
        return sorted(codes, key=lambda code: (self.text.collate(self.text.member_name(code)), code))

    def public_members(self) -> list[Member]:
        """Members shown on the site (pending candidates only with a published statement)."""
        return self.content.public_members()

    def candidates(self) -> list[Member]:
        """Pending candidates whose statement of interest is published, by name."""
        return sorted((m for m in self.public_members() if m.pending), key=lambda m: self.text.member_name(m.code).casefold())

    def growth(self) -> list[dict[str, Any]]:
        """Admitted members in order of admission, each with the size of the group once it was admitted.

        Order: year joined, then date agreed (an unknown date counts as the
        start of the year), then name. The size counts the members admitted
        up to that row who had not left before that year.
        """
        return self._memo.get(("growth",), self._growth)

    def _growth(self) -> list[dict[str, Any]]:
        members = [m for m in self.public_members() if not m.pending]

        def admitted(m: Member) -> tuple[int, Any]:
            agreed = m.accession.agreed if m.accession else None
            return (m.joined or 0, agreed.isoformat() if agreed else "")

        ordered = sorted(members, key=lambda m: (*admitted(m), self.text.collate(self.text.member_name(m.code)), m.code))
        rows = []
        for member in ordered:
            when = admitted(member)
            size = sum(1 for m in members if admitted(m) <= when and (m.left is None or m.left >= when[0]))
            rows.append({"member": member, "size": size})
        return rows

    def is_founder(self, member: Member) -> bool:
        """Whether a member without an accession record joined in the group's first year."""
        years = [m.joined for m in self.content.members.values() if m.joined is not None]
        return member.accession is None and member.joined is not None and bool(years) and member.joined == min(years)

    def statement(self, code: str) -> dict[str, Any] | None:
        """The published statement of interest of `code` in this locale: title, date, intro, sections with their principle.

        Each section: id, heading, body (Markdown), and for a principle its
        number, edition year and title in the edition in force at the
        statement's date (the `record` section has none).
        """
        statement = self.content.published_statement(code)
        if statement is None:
            return None
        return self._memo.get(("statement", code), lambda: self._statement(statement))

    def _statement(self, statement: Statement) -> dict[str, Any]:
        loc = self.text.loc(statement)
        sections = statement.sections
        intro = statement.intro
        if loc.state not in ("source", "missing"):
            translation = statement.translations[self.text.locale]
            intro, sections, _ = parse_sections(translation.body, translation.body_line, translation.path)
        edition = self.charter_pages.charter.edition_in_force(statement.date.year) if statement.date else None
        items = []
        for section in sections:
            item: dict[str, Any] = {
                "id": section.id,
                "heading": section.heading,
                "body": section.body,
                "record": section.id == RECORD,
                "number": None,
            }
            number = edition.number_of(section.id) if edition is not None else None
            if number is not None and edition is not None:
                item.update(number=number, edition=edition.year, title=self.charter_pages.principle_title(section.id, edition.year),
                            title_attrs=self.charter_pages.principle_lang(section.id, edition.year))
            items.append(item)
        return {"document": statement, "title": loc.title, "date": statement.date, "intro": intro, "sections": items,
                "lang": loc.lang, "state": loc.state, "fallback": loc.fallback, "edition": edition.year if edition else None}

    def findings_of_member(self, code: str) -> list[Finding]:
        """A member's findings, newest year first."""
        return self._memo.get(("of-member", code), lambda: self._findings_of_member(code))

    def _findings_of_member(self, code: str) -> list[Finding]:
        items = [f for f in self.content.findings.values() if code in f.members]
        return sorted(items, key=lambda f: (-f.year, *finding_order(f)))

    def findings_by_principle(self, code: str) -> list[tuple[str, list[Finding]]]:
        """A member's findings grouped by the principles they cite: (principle id, findings newest first), by principle title."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings_of_member(code):
            for pid in finding.principles:
                groups.setdefault(pid, []).append(finding)
        return sorted(groups.items(), key=lambda item: (self.charter_pages.principle_title(item[0]).casefold(), item[0]))
