"""Structural limits of content: what `check` and the build refuse alike, counted in the source without building.

A body (the Markdown of a finding, translation, revision, year overview or
statement) is converted by Python-Markdown and cleaned by nh3; a few shapes of
input make that work grow much faster than the text (each unclosed `[x](`
scans the rest of its paragraph; nested HTML elements, character references
and headings by the tens of thousands took minutes). A year far from the
others multiplies pages: `/charter/<year>/` exists for every year from the
first edition to the latest content. Each limit below is far above any real
finding yet keeps the worst body it admits built in a fraction of a second.
They are counts, never timings, so that `check` and the build agree on every
machine. The build loads content through `d5site.core.site.load`, which
calls `check_limits`: what `check` refuses here, the build refuses, naming the
same file and line.

Bodies never include files: snippet lines (`--8<--`) are not expanded in
bodies (the build removes `pymdownx.snippets` from the extensions it converts
bodies with), and a body holding one is refused here so that its author
learns it at `check` rather than seeing the line published as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from d5site.core.bodylinks import bodies, code_free_lines
from d5site.core.diagnostics import Diagnostic
from d5site.core.model import Content

MAX_HTML_DEPTH = 100
"""HTML elements a body may open without closing them (real bodies: under 10)."""
MAX_MARKDOWN_DEPTH = 32
"""Block quote (`>`) and indentation (4 spaces or a tab) levels at the start of a line."""
MAX_BRACKET_WORK = 10_000_000
"""Summed over the blocks (lines between blank lines) of a body: the number of `[` times the block's length in characters."""
MAX_ENTITIES = 10_000
"""Character references (`&amp;`, `&#233;`) in one body."""
MAX_HEADINGS = 500
"""Headings (`#`, underlined or `<h1>`..`<h6>`) in one body."""
YEAR_WINDOW = 100
"""Editions, findings and year overviews lie at most this many years after the first edition."""

SNIPPET = re.compile(r"[ \t]*;*-+8<-+")
"""The start of a `pymdownx.snippets` line (`--8<-- "file"`, or `--8<--` opening a block of file names)."""
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)(?:[^<>]*?(/)>)?")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_HEADING_TAG = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embedding, override and isolate controls: refused in headings, which are titles in every table
of contents (as in YAML titles, see `source.NOT_TEXT`); the marks U+200E and U+200F stay allowed."""
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
"""Elements without an end tag: they open nothing."""


def check_limits(content: Content, editions_rel: str) -> list[Diagnostic]:
    """An error for every body beyond a limit above, every snippet line, and every year out of the window."""
    out: list[Diagnostic] = []
    for path, line, body in bodies(content):
        out.extend(Diagnostic(path, line + offset if line else 0, message) for offset, message in body_problems(body))
    out.extend(_years(content, editions_rel))
    return out


def body_problems(body: str) -> Iterator[tuple[int, str]]:
    """(0-based line in `body`, message) of each limit `body` passes (once per limit) and of each snippet line."""
    depth = 0
    deepest_reported = False
    entities = headings = 0
    block_start, block_brackets, block_chars, work = 0, 0, 0, 0
    reported: set[str] = set()
    previous_blank = True

    def end_block() -> Iterator[tuple[int, str]]:
        nonlocal work
        work += block_brackets * block_chars
        if work > MAX_BRACKET_WORK and "brackets" not in reported:
            reported.add("brackets")
            yield block_start, (f"too many '[' in long paragraphs: summed over the body's paragraphs, '[' times "
                                f"characters reaches {work:,} here, at most {MAX_BRACKET_WORK:,} (split long paragraphs "
                                "with blank lines or write fewer links)")

    for index, line in code_free_lines(body):
        if not line.strip():
            yield from end_block()
            block_brackets = block_chars = 0
            previous_blank = True
            continue
        if previous_blank:
            block_start = index
        block_brackets += line.count("[")
        block_chars += len(line) + 1
        if SNIPPET.match(line):
            yield index, ("a snippet line (--8<--) cannot include a file in a body: it would be published as text; "
                          "remove it, or put it in a code block to show it")
        lead = line[: len(line) - len(line.lstrip(" \t>"))]  # its spaces, tabs and quote markers
        quoted, marker, indent = lead.rpartition(">")
        indent = indent[1:] if marker and indent.startswith(" ") else indent  # the space after `>` is not indentation
        levels = quoted.count(">") + len(marker) + len(indent.expandtabs(4)) // 4
        if levels > MAX_MARKDOWN_DEPTH and "markdown" not in reported:
            reported.add("markdown")
            yield index, f"nested {levels} levels deep (block quotes and indentation): at most {MAX_MARKDOWN_DEPTH}"
        if _ATX.match(line) or (not previous_blank and _SETEXT.match(line)):
            headings += 1
        if (_ATX.match(line) or _HEADING_TAG.search(line)) and (bidi := _BIDI_CONTROL.search(line)):
            yield index, (f"bidirectional control U+{ord(bidi.group()):04X} in a heading: a heading is a title in the "
                          "table of contents, where it would reorder the text around it; remove it (the marks U+200E "
                          "and U+200F are allowed)")
        if "<" in line:
            for match in _TAG.finditer(line):
                closing, name, self_closing = match.groups()
                name = name.lower()
                if name in VOID or self_closing:
                    continue
                if closing:
                    depth = max(0, depth - 1)
                    continue
                depth += 1
                if re.fullmatch(r"h[1-6]", name):
                    headings += 1
                if depth > MAX_HTML_DEPTH and not deepest_reported:
                    deepest_reported = True
                    yield index, f"HTML elements nested more than {MAX_HTML_DEPTH} deep: close them"
        if "&" in line:
            entities += len(_ENTITY.findall(line))
            if entities > MAX_ENTITIES and "entities" not in reported:
                reported.add("entities")
                yield index, f"more than {MAX_ENTITIES:,} character references (&...;) in one body: write the characters themselves"
        if headings > MAX_HEADINGS and "headings" not in reported:
            reported.add("headings")
            yield index, f"more than {MAX_HEADINGS} headings in one body: split it into several findings"
        previous_blank = False
    yield from end_block()


def _years(content: Content, editions_rel: str) -> Iterator[Diagnostic]:
    """Editions, findings and overviews more than YEAR_WINDOW years after the first edition."""
    if not content.editions:
        return
    first = min(content.editions)
    last = first + YEAR_WINDOW

    def problem(year: int) -> str:
        return f"{year} is more than {YEAR_WINDOW} years after the first edition of the charter ({first}): check the year"

    for year, edition in content.editions.items():
        if year > last:
            yield Diagnostic(editions_rel, edition.line, problem(year))
    for (year, _), finding in content.findings.items():
        if year > last:
            yield Diagnostic(finding.path, 0, problem(year))
    for year, overview in content.overviews.items():
        if year > last:
            yield Diagnostic(overview.path, 0, problem(year))
