"""Cross-reference rules: members in their years, principles in force, editions against revisions, lineage."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from d5site.core.charter import Charter
from d5site.core.diagnostics import Diagnostic
from d5site.core.loader import LoadResult, Part
from d5site.core.model import Accession, Content, Document, Finding, Member, Statement, YearOverview
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_problem
from d5site.core.statements import RECORD, parse_sections

RESERVED_THEME = "'index' is reserved for /findings/themes/: choose another theme id"
"""Why no theme may be called `index` (its page would be the list of themes)."""


def _suggest(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


@dataclass(frozen=True)
class CharterFiles:
    """The charter's files as diagnostics name them (relative to the site root)."""

    members: str = "charter/members.yml"
    editions: str = "charter/editions.yml"
    themes: str = "charter/themes.yml"
    statements: str = "charter/statements"

    @classmethod
    def of(cls, site: SiteConfig) -> CharterFiles:
        """The files of `site`'s charter folder."""
        charter = site.charter_path
        return cls(site.rel(charter / "members.yml"), site.rel(charter / "editions.yml"), site.rel(charter / "themes.yml"),
                   site.rel(charter / "statements"))


class Rules:
    """What every cross-reference check reads: the content, the charter's files, and which parts loaded whole.

    A part that failed to load (members.yml, editions.yml, the principles folder,
    a revision file) has its own diagnostics, so the checks that depend on it are
    skipped rather than reported again for every finding (one typo in
    members.yml must not bury itself under "unknown member" errors).
    """

    def __init__(self, loaded: LoadResult, files: CharterFiles):
        content = loaded.content
        self.content = content
        self.files = files
        self.loaded = loaded
        self.charter = Charter(content)
        self.principle_ids = sorted(content.principles)
        self.member_codes = sorted(content.members)
        self.unloaded: dict[str, list[int]] = {}
        for principle_id, year in loaded.unloaded_revisions:
            self.unloaded.setdefault(principle_id, []).append(year)

    def principle_reported(self, principle_id: str) -> bool:
        """Whether an unknown principle id is already explained by a file that failed to load."""
        return not self.loaded.loaded(Part.PRINCIPLES) or principle_id in self.unloaded


def validate(loaded: LoadResult, files: CharterFiles) -> list[Diagnostic]:
    """Every rule of the contract relating one file to another, skipping the rules that depend on a part that did not load."""
    rules = Rules(loaded, files)
    checks: tuple[Callable[[Rules], Iterator[Diagnostic]], ...] = (
        _themes, _members, _accessions, _statements, _editions, _principles, _findings, _overviews,
    )
    return [diagnostic for check in checks for diagnostic in check(rules)]


def _themes(rules: Rules) -> Iterator[Diagnostic]:
    """The theme vocabulary, and the themes findings name."""
    content, themes_rel = rules.content, rules.files.themes
    for tid, theme in content.themes.items():
        if tid == "index":
            yield Diagnostic(themes_rel, theme.line, RESERVED_THEME)
        if content.default_locale not in theme.names:
            yield Diagnostic(themes_rel, theme.line, f"{tid}: name needs a label in the default locale ({content.default_locale})")
    if rules.loaded.loaded(Part.THEMES):
        theme_ids = list(content.themes)
        for finding in content.findings.values():
            for index, tid in enumerate(finding.themes):
                line = finding.line_of("themes", index)
                if tid == "index" and tid not in content.themes:
                    yield Diagnostic(finding.path, line, f"themes: {RESERVED_THEME}")
                elif tid not in content.themes:
                    where = "add it to " + themes_rel if content.themes else f"themes are listed in {themes_rel}"
                    yield Diagnostic(finding.path, line, f"themes: unknown theme '{tid}' ({where}){_suggest(tid, theme_ids)}")
    derived = [tid for tid, theme in content.themes.items() if theme.derived]
    if derived:
        shown = ", ".join(derived[:5]) + (f" and {len(derived) - 5} more" if len(derived) > 5 else "")
        yield Diagnostic(themes_rel, 0, f"no theme vocabulary: the themes of findings ({shown}) are shown with labels made from "
                         f"their ids, the same in every locale; list them in {themes_rel} to give each a label per locale",
                         severity="warning")


def _members(rules: Rules) -> Iterator[Diagnostic]:
    """members.yml on its own: the years of each member."""
    for code, member in rules.content.members.items():
        if member.left is not None and member.joined is not None and member.left < member.joined:
            yield Diagnostic(rules.files.members, member.line, f"{code}: 'left' ({member.left}) is before 'joined' ({member.joined})")


def _editions(rules: Rules) -> Iterator[Diagnostic]:
    """editions.yml against members.yml and the principles: dates, place, chair, each principle's revision."""
    content, editions_rel = rules.content, rules.files.editions
    members_ok = rules.loaded.loaded(Part.MEMBERS)
    for year, edition in content.editions.items():
        if edition.date.year != year:
            yield Diagnostic(editions_rel, edition.line, f"{year}: date {edition.date.isoformat()} is not within {year}")
        if edition.online and edition.place:
            yield Diagnostic(editions_rel, edition.place_line,
                             f"{year}: a review held online (online: true) has no place; remove 'place' (name the chair with 'chair:')")
        if edition.chair is not None and members_ok:
            chair = content.members.get(edition.chair)
            if chair is None:
                yield Diagnostic(editions_rel, edition.chair_line,
                                 f"{year}: chair '{edition.chair}' is not in members.yml{_suggest(edition.chair, rules.member_codes)}")
            elif not chair.is_member_in(year):
                yield Diagnostic(editions_rel, edition.chair_line, f"{year}: chair '{edition.chair}' was not a member in {year}")
        for index, pid in enumerate(edition.principles):
            line = edition.principle_lines[index] if index < len(edition.principle_lines) else edition.line
            principle = content.principles.get(pid)
            if principle is None:
                if not rules.principle_reported(pid):
                    yield Diagnostic(editions_rel, line, f"{year}: principle '{pid}' has no revision: "
                                     f"add charter/principles/{pid}/{year}.md{_suggest(pid, rules.principle_ids)}")
            elif principle.revision_at(year) is None and not any(y <= year for y in rules.unloaded.get(pid, [])):
                first = principle.revisions[0].year
                yield Diagnostic(
                    editions_rel, line, f"{year}: principle '{pid}' has no revision at or before {year} (its first is {first})"
                )


def _principles(rules: Rules) -> Iterator[Diagnostic]:
    """Each revision against editions.yml, and what it replaces."""
    content = rules.content
    editions_ok = rules.loaded.loaded(Part.EDITIONS)
    for principle in content.principles.values():
        for revision in principle.revisions:
            if editions_ok and revision.year not in content.editions:
                years = ", ".join(str(y) for y in content.editions) or "none"
                yield Diagnostic(
                    revision.path,
                    0,
                    f"no edition in {revision.year}: a revision must be adopted at a review listed in editions.yml (editions: {years})",
                )
            for index, target in enumerate(revision.replaces):
                line = revision.replaces_lines[index] if index < len(revision.replaces_lines) else 0
                if target == principle.id:
                    yield Diagnostic(revision.path, line, f"replaces: a principle cannot replace itself ('{target}')")
                elif target not in content.principles and not rules.principle_reported(target):
                    yield Diagnostic(revision.path, line, f"replaces: unknown principle '{target}'{_suggest(target, rules.principle_ids)}")
    yield from _replaces_cycles(content)


def _findings(rules: Rules) -> Iterator[Diagnostic]:
    """Each finding: its date, its members in its year, its principles in the edition in force, its licences."""
    content = rules.content
    members_ok = rules.loaded.loaded(Part.MEMBERS)
    for (year, _), finding in content.findings.items():
        yield from _check_date(finding, year)
        for index, code in enumerate(finding.members if members_ok else []):
            line = finding.line_of("members", index)
            member = content.members.get(code)
            if member is None:
                yield Diagnostic(finding.path, line, f"members: unknown member '{code}'{_suggest(code, rules.member_codes)}")
            elif member.pending:
                yield Diagnostic(finding.path, line, f"members: '{code}' is a candidate, not yet a member")
            elif not member.is_member_in(year):
                when = f"joined in {member.joined}" if year < member.joined else f"left in {member.left}"
                yield Diagnostic(finding.path, line, f"members: '{code}' was not a member in {year} ({when})")
        yield from _finding_principles(rules, finding, year)
        for index, item in enumerate(finding.code):
            problem = licence_problem(item.licence)
            if problem:
                yield Diagnostic(finding.path, _item_line(finding, "code", index, "licence"), f"code[{index}].licence: {problem}")
        problem = licence_problem(finding.licence) if isinstance(finding.licence, str) else None
        if problem:
            yield Diagnostic(finding.path, finding.line_of("licence"), f"licence: {problem}")


def _finding_principles(rules: Rules, finding: Finding, year: int) -> Iterator[Diagnostic]:
    """A finding's principles: known, and in the edition in force in its year."""
    edition = rules.charter.edition_in_force(year)
    editions_ok = rules.loaded.loaded(Part.EDITIONS)
    for index, pid in enumerate(finding.principles):
        line = finding.line_of("principles", index)
        if pid not in rules.content.principles:
            if not rules.principle_reported(pid):
                yield Diagnostic(finding.path, line, f"principles: unknown principle '{pid}'{_suggest(pid, rules.principle_ids)}")
        elif not editions_ok:
            continue
        elif edition is None:
            yield Diagnostic(finding.path, line, f"principles: no edition of the charter is in force in {year}")
        elif pid not in edition.principles:
            yield Diagnostic(finding.path, line, f"principles: '{pid}' is not in the {edition.year} edition, in force in {year}"
                             f"{_suggest(pid, edition.principles)}")


def _overviews(rules: Rules) -> Iterator[Diagnostic]:
    """Each year's overview: its date, its host a member that year; its summits (contract v3 §5a)."""
    content = rules.content
    for year, overview in content.overviews.items():
        yield from _check_date(overview, year)
        yield from _host(rules, overview, overview.host, overview.line_of("host"), "host", year)
        if overview.summits:
            yield from _summits(rules, overview, year)


def _host(rules: Rules, overview: YearOverview, host: str | None, line: int, key: str, year: int) -> Iterator[Diagnostic]:
    """A summit's host: a member in that year."""
    if host is None or not rules.loaded.loaded(Part.MEMBERS):
        return
    member = rules.content.members.get(host)
    if member is None:
        yield Diagnostic(overview.path, line, f"{key}: unknown member '{host}'{_suggest(host, rules.member_codes)}")
    elif not member.is_member_in(year):
        yield Diagnostic(overview.path, line, f"{key}: '{host}' was not a member in {year}")


_ONE_SUMMIT_KEYS = ("date", "place", "host", "theme")
"""The v2 keys of an overview's one summit, which `summits:` replaces."""


def _summits(rules: Rules, overview: YearOverview, year: int) -> Iterator[Diagnostic]:
    """`summits:`: not beside the one-summit keys; each within the year, in date order, its place in the default locale."""
    content = rules.content
    for key in _ONE_SUMMIT_KEYS:
        if getattr(overview, key) is not None:
            yield Diagnostic(overview.path, overview.line_of(key),
                             f"{key}: with 'summits:', each summit carries its own {key}; move it into its summit")
    for locale, translation in sorted(overview.translations.items()):
        for key in ("place", "theme"):
            if key in translation.fields:
                yield Diagnostic(translation.path, 0, f"{key}: with 'summits:' in {overview.path}, a summit's {key} is written per locale "
                                 f"there ({key}: {{{content.default_locale}: ..., {locale}: ...}}); delete it here")
    previous = None
    for index, summit in enumerate(overview.summits, 1):
        where = f"summits: summit {index}"
        if summit.date is not None and summit.date.year != year:
            yield Diagnostic(overview.path, summit.line_of("date"),
                             f"{where}: date {summit.date.isoformat()} is not within {year}, the year of its folder")
        if summit.end is not None and summit.end.year != year:
            yield Diagnostic(overview.path, summit.line_of("end"),
                             f"{where}: end {summit.end.isoformat()} is not within {year}, the year of its folder")
        elif summit.end is not None and summit.date is not None and summit.end < summit.date:
            yield Diagnostic(overview.path, summit.line_of("end"),
                             f"{where}: end {summit.end.isoformat()} is before its date {summit.date.isoformat()}")
        if summit.date is not None and previous is not None and summit.date < previous:
            yield Diagnostic(overview.path, summit.line_of("date"),
                             f"{where}: date {summit.date.isoformat()} is before the summit above it ({previous.isoformat()}): "
                             "list summits in date order")
        previous = summit.date or previous
        if content.default_locale not in summit.place:
            yield Diagnostic(overview.path, summit.line_of("place"),
                             f"{where}: place needs a name in the default locale ({content.default_locale})")
        for key, texts in (("place", summit.place), ("theme", summit.theme)):
            for locale in texts:
                if locale not in content.locales:
                    yield Diagnostic(overview.path, summit.line_of(key), f"{where}: {key}: '{locale}' is not a configured locale "
                                     f"(configured: {', '.join(content.locales)})")
        yield from _host(rules, overview, summit.host, summit.line_of("host"), f"{where}: host", year)


def _item_line(document: Document, key: str, index: int, field: str) -> int:
    """The line of `key[index].field` in a document's front matter (of the item, or of `key`, if unknown)."""
    front = document.front
    items = front.get(key) if front is not None else None
    if items is not None and index < len(items) and hasattr(items[index], "line_of"):
        return items[index].line_of(field)
    return document.line_of(key, index)


def _accessions(rules: Rules) -> Iterator[Diagnostic]:
    """The accession rules of CONTRACT section 2: proposer and seconder, dates, the statement of interest each names."""
    if not rules.loaded.loaded(Part.MEMBERS):
        return
    named: dict[str, str] = {}
    for member in rules.content.members.values():
        if member.accession is not None:
            yield from _accession(rules, member, member.accession, named)


def _accession(rules: Rules, member: Member, accession: Accession, named: dict[str, str]) -> Iterator[Diagnostic]:
    """One member's accession; `named` maps the statements already named to their member."""
    content, members_rel, code = rules.content, rules.files.members, member.code
    if accession.agreed is None and member.joined is not None:
        yield Diagnostic(
            members_rel,
            member.line_of("joined"),
            f"{code}: a pending candidacy (an accession without 'agreed') has no 'joined': add 'agreed' once all members have accepted",
        )
    if accession.agreed is not None and member.joined is not None and accession.agreed.year != member.joined:
        yield Diagnostic(members_rel, accession.line_of("agreed"),
                         f"{code}.accession.agreed: {accession.agreed.isoformat()} is not in {member.joined}, the year '{code}' joined")
    for role in ("proposed_by", "seconded_by"):
        sponsor = getattr(accession, role)
        problem = _sponsor_problem(content, member, sponsor, rules.member_codes) if sponsor is not None else None
        if problem:
            yield Diagnostic(members_rel, accession.line_of(role), f"{code}.accession.{role}: {problem}")
    if accession.proposed_by is not None and accession.proposed_by == accession.seconded_by:
        yield Diagnostic(members_rel, accession.line_of("seconded_by"), f"{code}.accession.seconded_by: '{accession.seconded_by}' "
                         "also proposed the candidacy: the seconder is another member")
    name = accession.statement
    if name is None:
        return
    if name in named:
        yield Diagnostic(
            members_rel, accession.line_of("statement"), f"{code}.accession.statement: '{name}' is already the statement of '{named[name]}'"
        )
        return
    named[name] = code
    if name not in rules.loaded.statement_files:
        yield Diagnostic(
            members_rel, accession.line_of("statement"), f"{code}.accession.statement: {rules.files.statements}/{name}.md does not exist"
        )
        return
    statement = content.statements.get(name)
    if statement is not None and accession.agreed is not None and statement.date is not None and statement.date > accession.agreed:
        yield Diagnostic(
            statement.path,
            statement.line_of("date"),
            f"date: {statement.date.isoformat()} is after {accession.agreed.isoformat()}, "
            f"when the accession of '{code}' was agreed: a statement is presented before",
        )


def _statements(rules: Rules) -> Iterator[Diagnostic]:
    """Each statement of interest: named by a member (members.yml loaded), its sections those of the edition in force (charter loaded)."""
    if not rules.loaded.loaded(Part.MEMBERS):
        return
    content = rules.content
    named = {m.accession.statement for m in content.members.values() if m.accession is not None and m.accession.statement is not None}
    charter_ok = rules.loaded.loaded(Part.PRINCIPLES, Part.EDITIONS)
    for name, statement in sorted(content.statements.items()):
        if name not in named:
            yield Diagnostic(statement.path, 0, "a statement of interest belongs to a member or candidate: "
                             f"name it in members.yml (accession: {{statement: {name}}})")
        if charter_ok:
            yield from _statement_sections(content, rules.charter, statement)


def _sponsor_problem(content: Content, candidate: Member, sponsor: str, codes: list[str]) -> str | None:
    """Why `sponsor` cannot have proposed or seconded `candidate`, or None."""
    if sponsor == candidate.code:
        return f"'{sponsor}' is the candidate itself"
    member = content.members.get(sponsor)
    if member is None:
        return f"unknown member '{sponsor}'{_suggest(sponsor, codes)}"
    agreed = candidate.accession.agreed if candidate.accession else None
    if member.pending:
        return f"'{sponsor}' is a candidate, not a member"
    if agreed is not None and not member.is_member_on(agreed):
        if member.left is not None and agreed.year > member.left:
            return f"'{sponsor}' was not a member on {agreed.isoformat()} (left in {member.left})"
        return f"'{sponsor}' was not yet a member on {agreed.isoformat()}"
    if agreed is None and member.left is not None:
        return f"'{sponsor}' is no longer a member (left in {member.left})"
    return None


def _statement_sections(content: Content, charter: Charter, statement: Statement) -> list[Diagnostic]:
    """A statement answers every principle in force at its date, plus `record`, and nothing else; so do its translations."""
    out: list[Diagnostic] = []
    date = statement.date
    if date is None:
        return out
    edition = charter.edition_in_force(date.year)
    date_line = statement.line_of("date")
    if edition is None:
        return [Diagnostic(statement.path, date_line, f"date: no edition of the charter is in force in {date.year}")]
    expected = [*edition.principles, RECORD]
    ids = [section.id for section in statement.sections]
    for section in statement.sections:
        if section.id in expected:
            continue
        if section.id in content.principles:
            problem = f"section '{section.id}': the principle is not in the {edition.year} edition, in force on {date.isoformat()}"
        else:
            problem = f"section '{section.id}': unknown principle{_suggest(section.id, expected)}"
        out.append(Diagnostic(statement.path, section.line, problem))
    for pid in expected:
        if pid not in ids:
            what = (
                "the record in digital government: add '## Record in digital government { #record }'"
                if pid == RECORD
                else f"principle '{pid}' of the {edition.year} edition, in force on {date.isoformat()}: add a section '## ... {{ #{pid} }}'"
            )
            out.append(Diagnostic(statement.path, date_line, f"the statement does not address {what}"))
    for _locale, translation in sorted(statement.translations.items()):
        _, sections, problems = parse_sections(translation.body, translation.body_line, translation.path)
        out.extend(problems)
        theirs = [section.id for section in sections]
        for section in sections:
            if section.id not in ids:
                out.append(Diagnostic(translation.path, section.line, f"section '{section.id}' is not in the source ({statement.path})"))
        for sid in ids:
            if sid not in theirs:
                out.append(
                    Diagnostic(translation.path, 0, f"section '{sid}' of the source is missing: a translation has the same sections")
                )
    return out


def _check_date(document: Document, year: int) -> Iterator[Diagnostic]:
    """A finding's or overview's date within the year of its folder."""
    date = getattr(document, "date", None)
    if date is not None and date.year != year:
        yield Diagnostic(document.path, document.line_of("date"), f"date: {date.isoformat()} is not within {year}, the year of its folder")


def _replaces_cycles(content: Content) -> list[Diagnostic]:
    """One diagnostic per group of principles that replace one another in a circle.

    Linear in principles plus `replaces` entries: strongly connected components
    (Tarjan's algorithm, without recursion), then for each one the shortest
    cycle through its first id, found breadth first.
    """
    graph = {pid: sorted({t for t in p.replaces if t in content.principles and t != pid}) for pid, p in sorted(content.principles.items())}
    out: list[Diagnostic] = []
    for component in _strongly_connected(graph):
        if len(component) < 2:
            continue
        first = min(component)
        path = _shortest_cycle(graph, first, component)
        target = path[1]
        revision, line = next(
            (r, r.replaces_lines[i] if i < len(r.replaces_lines) else 0)
            for r in content.principles[first].revisions
            for i, t in enumerate(r.replaces)
            if t == target
        )
        out.append(Diagnostic(revision.path, line, f"replaces: cycle {' → '.join(path)}"))
    return out


def _strongly_connected(graph: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components of `graph`, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for position in range(child, len(graph[node])):
                target = graph[node][position]
                if target not in index:
                    work.append((node, position + 1))
                    work.append((target, 0))
                    recurse = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recurse:
                continue
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def _shortest_cycle(graph: dict[str, list[str]], start: str, within: set[str]) -> list[str]:
    """The shortest path start → ... → start inside one strongly connected component."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in graph[node]:
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if target in within and target not in previous:
                previous[target] = node
                queue.append(target)
    return [start, start]  # not reached: a component of two or more ids has a cycle through each
