"""Markdown bodies cut into translation segments (paragraph, list item, heading, table cell), inline syntax protected.

`segment(body)` returns a `Template`: the literal Markdown around the segments
(list markers, `#`, table pipes, fenced code, blank lines) and the segments'
texts. `Template.fill(texts)` puts translated texts back in the same places, so a
translator never edits the Markdown structure. Inside a segment, `tokens(text)`
separates the words from inline syntax (emphasis markers, link targets, code
spans, HTML tags, attribute lists, escapes) that exchange formats carry as
protected placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Context = Literal["paragraph", "heading", "item", "cell", "quote"]
_BLANK = " \t"
"""What Markdown counts as blank around text: spaces and tabs only (a narrow no-break space U+202F is text)."""

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^([ \t]{0,3}#{1,6}[ \t]+)(.*?)((?:[ \t]+#+)?(?:[ \t]*\{[^{}\n]*\})?[ \t]*)$")
_ITEM = re.compile(r"^([ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)(\S.*)$")
_QUOTE = re.compile(r"^([ \t]*>[ \t]?)(.*)$")
_TABLE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]")
_RULE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_HTML_BLOCK = re.compile(r"^[ \t]*<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$))")


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a body."""

    text: str
    context: Context
    line: int
    """0-based line of the body on which it starts."""
    indent: str = ""
    """Indentation its continuation lines get back when filled (list items, indented paragraphs)."""


@dataclass(frozen=True)
class Template:
    """A body as literal Markdown around its segments: `literals[0] + s0 + literals[1] + s1 + ... + literals[-1]`."""

    literals: tuple[str, ...]
    segments: tuple[Segment, ...]

    def fill(self, texts: list[str]) -> str:
        """The body with each segment replaced by the text at the same index (made safe for its context)."""
        out = [self.literals[0]]
        for segment, text, literal in zip(self.segments, texts, self.literals[1:], strict=True):
            out.append(_fit(text, segment))
            out.append(literal)
        return "".join(out)


def _fit(text: str, segment: Segment) -> str:
    """`text` made to stay in its place: one line in headings and cells, `|` escaped in cells, indented continuations."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip(_BLANK + "\n")
    if segment.context in ("heading", "cell"):
        text = " ".join(text.split("\n"))
    if segment.context == "cell":
        text = re.sub(r"(?<!\\)\|", r"\\|", text)
    if segment.context == "quote":
        return "\n> ".join(text.split("\n"))
    lines = [_hard(line.lstrip(_BLANK)) for line in text.split("\n")]
    lines = [line for line in lines if line]  # a blank line would end the block and start another
    return ("\n" + segment.indent).join(lines)


def _hard(line: str) -> str:
    """A line without trailing blanks, unless it ends in a hard line break (two spaces or more)."""
    return line if line.endswith("  ") else line.rstrip(_BLANK)


def segment(body: str) -> Template:
    """Cut a Markdown body into segments; the literal parts keep everything else byte for byte (after LF line ends)."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    literals: list[str] = []
    segments: list[Segment] = []
    pending = [""]  # the literal being accumulated

    def lit(text: str) -> None:
        pending[0] += text

    def seg(text: str, context: Context, line: int, indent: str = "") -> None:
        literals.append(pending[0])
        pending[0] = ""
        segments.append(Segment(text, context, line, indent))

    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        end = "\n" if index < len(lines) - 1 else ""
        if fence is not None:
            lit(line + end)
            if line.strip(_BLANK).startswith(fence) and not line.strip(_BLANK).strip(fence[0]):
                fence = None
            index += 1
            continue
        fenced = _FENCE.match(line)
        if fenced:
            fence = fenced.group(1)
            lit(line + end)
            index += 1
            continue
        if not line.strip(_BLANK) or _RULE.match(line) or _ADMONITION.match(line) or _HTML_BLOCK.match(line) and not _inline_start(line):
            lit(line + end)
            index += 1
            continue
        heading = _HEADING.match(line)
        if heading and heading.group(2).strip(_BLANK):
            lit(heading.group(1))
            seg(heading.group(2), "heading", index)
            lit(heading.group(3) + end)
            index += 1
            continue
        if _TABLE.match(line):
            if _TABLE_RULE.match(line):
                lit(line + end)
            else:
                _cells(line, index, lit, seg)
                lit(end)
            index += 1
            continue
        quote = _QUOTE.match(line)
        if quote:
            lit(quote.group(1))
            inner = quote.group(2)
            if inner.strip(_BLANK):
                lit(inner[: len(inner) - len(inner.lstrip(_BLANK))])
                seg(inner.strip(_BLANK), "quote", index)
                lit(inner[len(inner.rstrip(_BLANK)):])
            else:
                lit(inner)
            index += 1
            lit(end)
            continue
        item = _ITEM.match(line)
        if item:
            prefix, first, context = item.group(1), item.group(2), "item"
        else:
            first = line.lstrip(_BLANK)
            prefix, context = line[: len(line) - len(first)], "paragraph"
        indent = " " * len(prefix.expandtabs(4)) if item else prefix
        texts = [_hard(first)]
        start = index
        index += 1
        while index < len(lines) and _continues(lines[index]):
            texts.append(_hard(lines[index].lstrip(_BLANK)))
            index += 1
        texts[-1] = texts[-1].rstrip(_BLANK)  # the last line's trailing blanks end the block: literal
        last = lines[index - 1]
        lit(prefix)
        seg("\n".join(texts), context, start, indent)  # type: ignore[arg-type]
        lit(last[len(last.rstrip(_BLANK)):] + ("\n" if index < len(lines) else ""))  # trailing spaces (a hard line break) kept
    literals.append(pending[0])
    return Template(tuple(literals), tuple(segments))


def _inline_start(line: str) -> bool:
    """Whether a line starting with `<` is a paragraph starting with inline HTML (`<abbr>`, `<https://...>`) rather than an HTML block."""
    return bool(re.match(r"^[ \t]*<(?:abbr|a|em|strong|code|span|kbd|sub|sup|b|i|https?://)[\s>:/]", line))


def _continues(line: str) -> bool:
    """Whether `line` continues the paragraph or list item above it (lazy continuation)."""
    if not line.strip(_BLANK):
        return False
    return not (_FENCE.match(line) or _HEADING.match(line) or _ITEM.match(line) or _TABLE.match(line)
                or _QUOTE.match(line) or _RULE.match(line) or _ADMONITION.match(line)
                or (_HTML_BLOCK.match(line) and not _inline_start(line)))


def _cells(line: str, index: int, lit: Callable[[str], None], seg: Callable[[str, Context, int], None]) -> None:
    """The cells of a table row: pipes and padding literal, each non-empty cell a segment."""
    lead = line[: line.index("|") + 1]
    lit(lead)
    rest = line[len(lead):]
    trail_at = rest.rstrip(_BLANK).rfind("|")
    inner, trail = rest[:trail_at], rest[trail_at:]
    parts = re.split(r"(?<!\\)\|", inner)
    for number, cell in enumerate(parts):
        if number:
            lit("|")
        stripped = cell.strip(_BLANK)
        if not stripped:
            lit(cell)
            continue
        left = cell[: len(cell) - len(cell.lstrip(_BLANK))]
        right = cell[len(cell.rstrip(_BLANK)):]
        lit(left)
        seg(stripped, "cell", index)
        lit(right)
    lit(trail)


# -- inline syntax ----------------------------------------------------------------

_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+).+?(?P=ticks))"
    r"|(?P<target>\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:[ \t]+(?:\"[^\"]*\"|'[^']*'))?\)(?:\{[^{}\n]*\})?)"
    r"|(?P<ref>\]\[[^\]\n]*\])"
    r"|(?P<foot>\[\^[^\]\s]+\])"
    r"|(?P<open>!?\[(?=[^\]\n]*\](?:\(|\[)))"
    r"|(?P<tag><(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?|https?://[^<>\s]+|!--.*?--)>)"
    r"|(?P<attr>\{[^{}\n]*\})"
    r"|(?P<escape>\\[\\`*_{}\[\]()#+\-.!|<>~=])"
    r"|(?P<entity>&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)"
    r"|(?P<emphasis>\*{1,3}|~~|==|\^\^|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9]))"
    r"|(?P<brace>[{}])"
    r"|(?P<hardbreak>[ ]{2,}(?=\n))"
)


@dataclass(frozen=True)
class Code:
    """Inline Markdown syntax inside a segment, carried as a protected placeholder numbered from 1."""

    id: int
    raw: str


Token = str | Code


def tokens(text: str) -> list[Token]:
    """`text` as words (str) and protected inline syntax (Code), in order; joined back they give `text`."""
    result: list[Token] = []
    at = 0
    number = 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            result.append(text[at : match.start()])
        number += 1
        result.append(Code(number, match.group()))
        at = match.end()
    if at < len(text):
        result.append(text[at:])
    return result


def codes(text: str) -> dict[int, str]:
    """The protected inline syntax of `text` by placeholder number."""
    return {token.id: token.raw for token in tokens(text) if isinstance(token, Code)}


def placeheld(text: str, source: str) -> str:
    """`text` with inline syntax as `{N}` (N as in `source`; syntax the source lacks stays as it is): PO's form of a text."""
    known = {raw: number for number, raw in sorted(codes(source).items(), reverse=True)}
    out = []
    for token in tokens(text):
        if isinstance(token, Code):
            number = token.id if text == source else known.get(token.raw)
            out.append(f"{{{number}}}" if number is not None else token.raw)
        else:
            out.append(token)
    return "".join(out)
