"""Cross-reference rules: members in their years, principles in force, editions against revisions, lineage."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Collection

from d5site.core.charter import Charter
from d5site.core.diagnostics import Diagnostic
from d5site.core.model import Content, Document, Member, Statement
from d5site.core.spdx import licence_problem
from d5site.core.statements import RECORD, parse_sections


RESERVED_THEME = "'index' is reserved for /findings/themes/: choose another theme id"
"""Why no theme may be called `index` (its page would be the list of themes)."""


def _suggest(value: str, choices: list[str]) -> str:
    match = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def validate(
    content: Content,
    editions_rel: str,
    members_rel: str,
    *,
    members_ok: bool = True,
    editions_ok: bool = True,
    principles_ok: bool = True,
    unloaded_revisions: Collection[tuple[str, int]] = frozenset(),
    themes_rel: str = "charter/themes.yml",
    themes_ok: bool = True,
    statement_files: Collection[str] | None = None,
    statements_dir: str = "charter/statements",
) -> list[Diagnostic]:
    """Every rule of the contract that relates one file to another.

    `members_ok` / `editions_ok` / `principles_ok` are False when members.yml /
    editions.yml / the principles folder could not be loaded, and
    `unloaded_revisions` lists (principle id, year) of revision files that exist
    but could not be loaded. Those files have their own diagnostics, so the checks
    that depend on them are skipped rather than reported again for every finding
    (one typo in members.yml must not bury itself under "unknown member" errors).
    `statement_files` names the statement source files that exist in
    `statements_dir`, loaded or not (None: every loaded statement).
    """
    out: list[Diagnostic] = []
    unloaded: dict[str, list[int]] = {}
    for unloaded_id, unloaded_year in unloaded_revisions:
        unloaded.setdefault(unloaded_id, []).append(unloaded_year)

    def unknown_principle_is_reported(pid: str) -> bool:
        """Whether an unknown principle id is already explained by a file that failed to load."""
        return not principles_ok or pid in unloaded

    charter = Charter(content)
    principle_ids = sorted(content.principles)
    member_codes = sorted(content.members)

    theme_ids = list(content.themes)
    for tid, theme in content.themes.items():
        if tid == "index":
            out.append(Diagnostic(themes_rel, theme.line, RESERVED_THEME))
        if content.default_locale not in theme.names:
            out.append(Diagnostic(themes_rel, theme.line, f"{tid}: name needs a label in the default locale ({content.default_locale})"))
    if themes_ok:
        for finding in content.findings.values():
            for index, tid in enumerate(finding.themes):
                if tid == "index" and tid not in content.themes:
                    out.append(Diagnostic(finding.path, finding.line_of("themes", index), f"themes: {RESERVED_THEME}"))
                elif tid not in content.themes:
                    where = "add it to " + themes_rel if content.themes else f"themes are listed in {themes_rel}"
                    out.append(Diagnostic(finding.path, finding.line_of("themes", index), f"themes: unknown theme '{tid}' ({where}){_suggest(tid, theme_ids)}"))
    derived = [tid for tid, theme in content.themes.items() if theme.derived]
    if derived:
        shown = ", ".join(derived[:5]) + (f" and {len(derived) - 5} more" if len(derived) > 5 else "")
        out.append(Diagnostic(themes_rel, 0, f"no theme vocabulary: the themes of findings ({shown}) are shown with labels made from "
                              f"their ids, the same in every locale; list them in {themes_rel} to give each a label per locale",
                              severity="warning"))

    for code, member in content.members.items():
        if member.left is not None and member.joined is not None and member.left < member.joined:
            out.append(Diagnostic(members_rel, member.line, f"{code}: 'left' ({member.left}) is before 'joined' ({member.joined})"))
    if members_ok:
        files = set(content.statements) if statement_files is None else set(statement_files)
        out.extend(_accessions(content, charter, members_rel, files, statements_dir, principles_ok and editions_ok))

    for year, edition in content.editions.items():
        if edition.date.year != year:
            out.append(Diagnostic(editions_rel, edition.line, f"{year}: date {edition.date.isoformat()} is not within {year}"))
        if edition.online and edition.place:
            out.append(Diagnostic(editions_rel, edition.place_line, f"{year}: a review held online (online: true) has no place; remove 'place' (name the chair with 'chair:')"))
        if edition.chair is not None and members_ok:
            chair = content.members.get(edition.chair)
            if chair is None:
                out.append(Diagnostic(editions_rel, edition.chair_line, f"{year}: chair '{edition.chair}' is not in members.yml{_suggest(edition.chair, member_codes)}"))
            elif not chair.is_member_in(year):
                out.append(Diagnostic(editions_rel, edition.chair_line, f"{year}: chair '{edition.chair}' was not a member in {year}"))
        for index, pid in enumerate(edition.principles):
            line = edition.principle_lines[index] if index < len(edition.principle_lines) else edition.line
            principle = content.principles.get(pid)
            if principle is None:
                if unknown_principle_is_reported(pid):
                    continue
                out.append(Diagnostic(editions_rel, line, f"{year}: principle '{pid}' has no revision: add charter/principles/{pid}/{year}.md{_suggest(pid, principle_ids)}"))
            elif principle.revision_at(year) is None:
                if any(y <= year for y in unloaded.get(pid, [])):
                    continue
                first = principle.revisions[0].year
                out.append(Diagnostic(editions_rel, line, f"{year}: principle '{pid}' has no revision at or before {year} (its first is {first})"))

    for principle in content.principles.values():
        for revision in principle.revisions:
            if editions_ok and revision.year not in content.editions:
                years = ", ".join(str(y) for y in content.editions) or "none"
                out.append(Diagnostic(revision.path, 0, f"no edition in {revision.year}: a revision must be adopted at a review listed in editions.yml (editions: {years})"))
            for index, target in enumerate(revision.replaces):
                line = revision.replaces_lines[index] if index < len(revision.replaces_lines) else 0
                if target == principle.id:
                    out.append(Diagnostic(revision.path, line, f"replaces: a principle cannot replace itself ('{target}')"))
                elif target not in content.principles and not unknown_principle_is_reported(target):
                    out.append(Diagnostic(revision.path, line, f"replaces: unknown principle '{target}'{_suggest(target, principle_ids)}"))
    out.extend(_replaces_cycles(content))

    for (year, fid), finding in content.findings.items():
        _check_date(out, finding, year)
        for index, code in enumerate(finding.members if members_ok else []):
            line = finding.line_of("members", index)
            member = content.members.get(code)
            if member is None:
                out.append(Diagnostic(finding.path, line, f"members: unknown member '{code}'{_suggest(code, member_codes)}"))
            elif member.pending:
                out.append(Diagnostic(finding.path, line, f"members: '{code}' is a candidate, not yet a member"))
            elif not member.is_member_in(year):
                when = f"joined in {member.joined}" if year < member.joined else f"left in {member.left}"
                out.append(Diagnostic(finding.path, line, f"members: '{code}' was not a member in {year} ({when})"))
        edition = charter.edition_in_force(year)
        for index, pid in enumerate(finding.principles):
            line = finding.line_of("principles", index)
            if pid not in content.principles:
                if unknown_principle_is_reported(pid):
                    continue
                out.append(Diagnostic(finding.path, line, f"principles: unknown principle '{pid}'{_suggest(pid, principle_ids)}"))
            elif not editions_ok:
                continue
            elif edition is None:
                out.append(Diagnostic(finding.path, line, f"principles: no edition of the charter is in force in {year}"))
            elif pid not in edition.principles:
                out.append(Diagnostic(finding.path, line, f"principles: '{pid}' is not in the {edition.year} edition, in force in {year}{_suggest(pid, edition.principles)}"))
        for index, item in enumerate(finding.code):
            problem = licence_problem(item.licence)
            if problem:
                out.append(Diagnostic(finding.path, _item_line(finding, "code", index, "licence"), f"code[{index}].licence: {problem}"))
        problem = licence_problem(finding.licence) if isinstance(finding.licence, str) else None
        if problem:
            out.append(Diagnostic(finding.path, finding.line_of("licence"), f"licence: {problem}"))

    for year, overview in content.overviews.items():
        _check_date(out, overview, year)
        if overview.host is not None and members_ok:
            member = content.members.get(overview.host)
            line = overview.line_of("host")
            if member is None:
                out.append(Diagnostic(overview.path, line, f"host: unknown member '{overview.host}'{_suggest(overview.host, member_codes)}"))
            elif not member.is_member_in(year):
                out.append(Diagnostic(overview.path, line, f"host: '{overview.host}' was not a member in {year}"))
    return out


def _item_line(document: Document, key: str, index: int, field: str) -> int:
    """The line of `key[index].field` in a document's front matter (of the item, or of `key`, if unknown)."""
    front = document.front
    items = front.get(key) if front is not None else None
    if items is not None and index < len(items) and hasattr(items[index], "line_of"):
        return items[index].line_of(field)
    return document.line_of(key, index)


def _accessions(content: Content, charter: Charter, members_rel: str, statement_files: set[str], statements_dir: str, charter_ok: bool) -> list[Diagnostic]:
    """The accession rules of CONTRACT section 2: proposer and seconder, dates, statements of interest."""
    out: list[Diagnostic] = []
    codes = sorted(content.members)
    named: dict[str, str] = {}
    for code, member in content.members.items():
        accession = member.accession
        if accession is None:
            continue
        if accession.agreed is None and member.joined is not None:
            out.append(Diagnostic(members_rel, member.line_of("joined"), f"{code}: a pending candidacy (an accession without 'agreed') has no 'joined': add 'agreed' once all members have accepted"))
        if accession.agreed is not None and member.joined is not None and accession.agreed.year != member.joined:
            out.append(Diagnostic(members_rel, accession.line_of("agreed"), f"{code}.accession.agreed: {accession.agreed.isoformat()} is not in {member.joined}, the year '{code}' joined"))
        for role in ("proposed_by", "seconded_by"):
            sponsor = getattr(accession, role)
            if sponsor is None:
                continue
            problem = _sponsor_problem(content, member, sponsor, codes)
            if problem:
                out.append(Diagnostic(members_rel, accession.line_of(role), f"{code}.accession.{role}: {problem}"))
        if accession.proposed_by is not None and accession.proposed_by == accession.seconded_by:
            out.append(Diagnostic(members_rel, accession.line_of("seconded_by"), f"{code}.accession.seconded_by: '{accession.seconded_by}' also proposed the candidacy: the seconder is another member"))
        name = accession.statement
        if name is None:
            continue
        if name in named:
            out.append(Diagnostic(members_rel, accession.line_of("statement"), f"{code}.accession.statement: '{name}' is already the statement of '{named[name]}'"))
            continue
        named[name] = code
        if name not in statement_files:
            out.append(Diagnostic(members_rel, accession.line_of("statement"), f"{code}.accession.statement: {statements_dir}/{name}.md does not exist"))
            continue
        statement = content.statements.get(name)
        if statement is not None and accession.agreed is not None and statement.date is not None and statement.date > accession.agreed:
            out.append(Diagnostic(statement.path, statement.line_of("date"), f"date: {statement.date.isoformat()} is after {accession.agreed.isoformat()}, when the accession of '{code}' was agreed: a statement is presented before"))
    for name, statement in sorted(content.statements.items()):
        if name not in named:
            out.append(Diagnostic(statement.path, 0, f"a statement of interest belongs to a member or candidate: name it in members.yml (accession: {{statement: {name}}})"))
        if charter_ok:
            out.extend(_statement_sections(content, charter, statement))
    return out


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
            what = "the record in digital government: add '## Record in digital government { #record }'" if pid == RECORD else f"principle '{pid}' of the {edition.year} edition, in force on {date.isoformat()}: add a section '## ... {{ #{pid} }}'"
            out.append(Diagnostic(statement.path, date_line, f"the statement does not address {what}"))
    for locale, translation in sorted(statement.translations.items()):
        _, sections, problems = parse_sections(translation.body, translation.body_line, translation.path)
        out.extend(problems)
        theirs = [section.id for section in sections]
        for section in sections:
            if section.id not in ids:
                out.append(Diagnostic(translation.path, section.line, f"section '{section.id}' is not in the source ({statement.path})"))
        for sid in ids:
            if sid not in theirs:
                out.append(Diagnostic(translation.path, 0, f"section '{sid}' of the source is missing: a translation has the same sections"))
    return out


def _check_date(out: list[Diagnostic], document: Document, year: int) -> None:
    date = getattr(document, "date", None)
    if date is not None and date.year != year:
        out.append(Diagnostic(document.path, document.line_of("date"), f"date: {date.isoformat()} is not within {year}, the year of its folder"))


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
