"""The charter's pages in one locale: principles' titles and numbers, editions and their spans, comparisons and word diffs."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from d5site.core.charter import Charter, Comparison
from d5site.core.diff import has_changes, word_diff
from d5site.core.model import Content, Edition, Finding, Principle, Revision
from d5site.render.localtext import LocaleText, Memo


class CharterPages:
    """What the pages of the charter, its editions and principles show in one locale (and the principles other pages cite)."""

    def __init__(self, content: Content, charter: Charter, text: LocaleText) -> None:
        self.content = content
        self.charter = charter
        self.text = text
        self._memo = Memo()

    # -- principles ------------------------------------------------------------

    def principle_title(self, principle_id: str, year: int | None = None) -> str:
        """The principle's title in force in `year`'s edition, or its latest title."""
        return self._memo.get(("title", principle_id, year), lambda: self._principle_title(principle_id, year))

    def _principle_title(self, principle_id: str, year: int | None) -> str:
        principle = self.content.principles.get(principle_id)
        if principle is None:
            return principle_id
        revision = principle.revision_at(year) if year is not None else principle.latest
        return self.text.loc(revision or principle.latest).title

    def principle_title_lang(self, principle_id: str, year: int | None = None) -> str:
        """The language of `principle_title(principle_id, year)`: this locale's, or the default's where untranslated."""
        principle = self.content.principles.get(principle_id)
        if principle is None:
            return self.text.locale
        revision = principle.revision_at(year) if year is not None else principle.latest
        return self.text.loc(revision or principle.latest).lang

    def principle_lang(self, principle_id: str, year: int | None = None) -> Markup:
        """` lang=".."` (and `dir`) for a principle's title shown untranslated; else nothing."""
        return self.text.lang_attrs(self.principle_title_lang(principle_id, year))

    def revision_title(self, revision: Revision | None) -> str:
        """A revision's title in this locale; "" for none."""
        return self.text.loc(revision).title if revision else ""

    def principle_numbered(self, principle_id: str, year: int) -> tuple[int, Revision, int] | None:
        """(number, revision, edition year) of a principle in force in `year`."""
        return self._memo.get(("numbered", principle_id, year), lambda: self._principle_numbered(principle_id, year))

    def _principle_numbered(self, principle_id: str, year: int) -> tuple[int, Revision, int] | None:
        found = self.charter.in_force(principle_id, year)
        if found is None:
            return None
        edition, number, revision = found
        return number, revision, edition.year

    def principles_of(self, finding: Finding) -> list[str]:
        """A finding's principles by their number in the edition in force in its year (unknown ones last, by title)."""
        def order(pid: str) -> tuple[Any, ...]:
            numbered = self.principle_numbered(pid, finding.year)
            return (numbered is None, numbered[0] if numbered else 0, self.text.collate(self.principle_title(pid, finding.year)), pid)

        return sorted(finding.principles, key=order)

    def principles_in_order(self) -> list[Principle]:
        """Every principle: those in force by their number in the latest edition, then withdrawn ones
        (most recently withdrawn first, by the number they last had), then any never in an edition, by title."""
        return self._memo.get(("principles-order",), self._principles_in_order)

    def _principles_in_order(self) -> list[Principle]:
        latest = self.charter.latest

        def order(principle: Principle) -> tuple[Any, ...]:
            number = latest.number_of(principle.id) if latest else None
            if number:
                return (0, 0, number, ())
            standings = self.charter.standings(principle.id)
            if standings:
                last = standings[-1]
                return (1, -last.edition.year, last.number, ())
            return (2, 0, 0, self.text.collate(self.principle_title(principle.id)))

        return sorted(self.content.principles.values(), key=lambda p: (*order(p), p.id))

    # -- editions and comparisons ----------------------------------------------------

    def comparisons_of(self, edition: Edition) -> list[Edition]:
        """The other editions, oldest first: each is compared with `edition` on a page of its own."""
        return [e for e in self.charter.editions if e.year != edition.year]

    def comparison(self, old: Edition, new: Edition) -> list[Comparison]:
        """Every principle's change from `old` to `new` (Charter.compare), computed once per page and locale."""
        return self._memo.get(("compare", old.year, new.year), lambda: self.charter.compare(old, new))

    def untranslated_edition(self, edition: Edition) -> bool:
        """Whether no principle text of `edition` is translated into this locale (one notice then says so for all)."""
        revisions = [self.charter.text_in(pid, edition) for pid in edition.principles]
        return bool(revisions) and all(r is not None and self.text.loc(r).fallback for r in revisions)

    def edition_span(self, edition: Edition) -> str:
        """When an edition was in force: "in force 2018–2020", "in force in 2014" or "in force since 2021"."""
        following = self.charter.next(edition)
        if following is None:
            return self.text.t("in_force_since", start=edition.year)
        end = following.year - 1
        if end <= edition.year:
            return self.text.t("in_force_in", year=edition.year)
        return self.text.t("in_force_span", start=edition.year, end=end)

    def adopted(self, edition: Any) -> str:
        """"Adopted on <date> in <place>", "Adopted on <date>, online (chair: <member>)", or "Adopted on <date>"."""
        text = self.text
        date = text.date(edition.date)
        if edition.online:
            if edition.chair:
                return text.t("adopted_online_chair", date=date, chair=text.member_name(edition.chair))
            return text.t("adopted_online", date=date)
        place = text.localized_map(edition.place)
        return text.t("adopted", date=date, place=place) if place else text.t("adopted_on", date=date)

    # -- revisions' word diffs ----------------------------------------------------------

    def diff(self, revision: Revision) -> dict[str, Any] | None:
        """The word diff of a revision against the previous one, in this locale's text."""
        principle: Principle = self.content.principles[revision.principle_id]
        index = principle.revisions.index(revision)
        if index == 0:
            return None
        return self.diff_between(principle.revisions[index - 1], revision)

    def diff_between(self, previous: Revision, revision: Revision) -> dict[str, Any]:
        """The word diff of `revision` against an earlier revision `previous` of the same principle, in this locale's text.

        Where one of the two is untranslated, both are compared in the default locale
        (never one language with another); `lang` is the language of the texts compared.
        """
        old, new = self.text.loc(previous), self.text.loc(revision)
        if old.lang != new.lang:
            # One of the two is untranslated: compare the source texts, never one language with another.
            old, new = self.text.source(previous), self.text.source(revision)
        title = word_diff(old.title, new.title)
        body = word_diff(old.body, new.body)
        return {"previous": previous, "title": title, "body": body, "changed": has_changes(title) or has_changes(body), "lang": new.lang}
