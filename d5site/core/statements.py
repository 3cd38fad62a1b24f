"""Statements of interest: their sections (`## Heading { #principle-id }`), parsed and checked against the charter."""

from __future__ import annotations

import re

from d5site.core.diagnostics import Diagnostic
from d5site.core.model import Section

RECORD = "record"
"""Id of the section that gives the candidate's record in digital government."""

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_ID_ATTR = re.compile(r"^(.*?)[ \t]*\{[ \t]*#([^\s{}]*)[ \t]*\}$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")


def parse_sections(body: str, body_line: int, rel: str) -> tuple[str, list[Section], list[Diagnostic]]:
    """(text before the first section, the sections, problems) of a statement's body.

    A section starts at a level-2 heading that carries its id as an attribute
    list: `## User needs { #user-needs }`. Deeper headings belong to the section
    they are in; a level-1 heading, or a level-2 heading without an id, is an
    error (the page gives the statement its title, and each section must say
    which principle it answers). Fenced code blocks are skipped.
    """
    problems: list[Diagnostic] = []
    intro: list[str] = []
    parts: list[tuple[Section, list[str]]] = []
    current: list[str] = intro
    fence: str | None = None
    seen: dict[str, int] = {}
    for offset, line in enumerate(body.split("\n")):
        number = body_line + offset
        fenced = _FENCE.match(line)
        if fence is not None:
            if fenced and fenced.group(1)[0] == fence[0] and len(fenced.group(1)) >= len(fence):
                fence = None
            current.append(line)
            continue
        if fenced:
            fence = fenced.group(1)
            current.append(line)
            continue
        heading = _ATX.match(line)
        if heading is None or len(heading.group(1)) > 2:
            current.append(line)
            continue
        text = _CLOSING_HASHES.sub("", heading.group(2) or "").strip()
        if len(heading.group(1)) == 1:
            problems.append(
                Diagnostic(
                    rel,
                    number,
                    "a statement has no level-1 heading: its title is `title:`; use '## Heading { #principle-id }' for each section",
                )
            )
            current.append(line)
            continue
        attr = _ID_ATTR.match(text)
        if attr is None:
            problems.append(
                Diagnostic(rel, number, "a section heading names its principle: '## Heading { #principle-id }' (or { #record })")
            )
            current.append(line)
            continue
        title, section_id = attr.group(1).strip(), attr.group(2)
        if not title:
            problems.append(Diagnostic(rel, number, f"section '{section_id}' has an empty heading"))
        if section_id in seen:
            problems.append(Diagnostic(rel, number, f"section '{section_id}' appears twice (first on line {seen[section_id]})"))
            current = []
            continue
        seen[section_id] = number
        current = []
        parts.append((Section(id=section_id, heading=title, body="", line=number), current))
    sections = []
    for section, lines in parts:
        section.body = "\n".join(lines).strip("\n") + "\n"
        if not section.body.strip():
            problems.append(Diagnostic(rel, section.line, f"section '{section.id}' is empty"))
        sections.append(section)
    return "\n".join(intro).strip("\n"), sections, problems

