"""HTML blocks of generated pages, marked so that Markdown stores them as they are instead of parsing them twice.

A generated page is Markdown (headings, so that MkDocs' `toc` sees them) with
large blocks of finished HTML: metadata lists, tables, sanitized bodies. Without
help, Python-Markdown finds each HTML block with an HTML parser and MkDocs parses
the whole page once more for anchor ids; on a site of a thousand findings that
was a fifth of the build.

Templates mark a run of block-level HTML with `{% filter html_block %}`; the
run is written between two comment lines. `RawHtmlExtension` (added to the
site's Markdown extensions by the plugin) hands each marked run to
Python-Markdown's own HTML stash unparsed, which places it in the page exactly
as an HTML block, and records its ids for MkDocs' anchor validation.

Headings placed inside marked runs (bodies, statement sections) are invisible
to the `toc` extension; the page lists them in a last comment line
(`toc_marker`), and the extension's tree processor, run after `toc`'s, adds
them to `md.toc_tokens` where they stand in the page, nested by level, as the
table of contents of any engine reading `toc_tokens` (MkDocs, Zensical) shows.

Without the extension the markers are ordinary HTML comments and the page
comes out the same, only slower; nothing that a reader writes can produce one,
since bodies are sanitized (comments removed) and every other text is escaped.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

BEGIN = "<!-- d5site:html -->"
END = "<!-- /d5site:html -->"
_ID = re.compile(r'\sid="([^"]*)"')
_ANCHOR_NAME = re.compile(r'<a\b[^>]*?\sname="([^"]*)"')
_HEADING_ID = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"')
TOC_BEGIN = "<!-- d5site:toc "
TOC_END = " -->"
_PLACEHOLDER = re.compile("^\x02wzxhzdk:([0-9]+)\x03$")


def toc_marker(headings: Sequence[Any]) -> str:
    """The last line of a page whose marked runs hold headings: each one's level, id and title (HTML), as JSON.

    `headings` are `d5site.render.bodies.Heading`s, whose titles are escaped text;
    no `>` is written (JSON escapes), so the comment cannot end early.
    """
    if not headings:
        return ""
    data = json.dumps([[h.level, h.id, str(h.title)] for h in headings], ensure_ascii=True, separators=(",", ":"))
    return "\n" + TOC_BEGIN + data.replace(">", "\\u003e").replace("<", "\\u003c") + TOC_END + "\n"


def html_block(text: str) -> Markup:
    """`text` (block-level HTML) between the markers, on lines of their own; nothing for blank text.

    Markers already inside `text` (a marked run included in another) are dropped:
    the outer run is stored whole.
    """
    inner = str(text).replace(f"\n{BEGIN}\n", "\n").replace(f"\n{END}\n", "\n").strip("\n")
    if not inner.strip():
        return Markup("")
    return Markup(f"\n{BEGIN}\n{inner}\n{END}\n")


class _StashPreprocessor(Preprocessor):
    """Replaces each marked run by a placeholder of Python-Markdown's HTML stash."""

    def __init__(self, md: Markdown, extension: RawHtmlExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.anchor_ids = set()
        self.extension.run_headings = {}
        self.extension.toc = {}
        last = len(lines) - 1
        while last >= 0 and not lines[last].strip():
            last -= 1
        if last >= 0 and lines[last].startswith(TOC_BEGIN) and lines[last].endswith(TOC_END):
            self.extension.toc = _read_marker(lines[last][len(TOC_BEGIN):-len(TOC_END)])
            lines = lines[:last]
        if BEGIN not in lines:
            return lines
        out: list[str] = []
        ids: set[str] = set()
        index, count = 0, len(lines)
        while index < count:
            line = lines[index]
            if line != BEGIN:
                out.append(line)
                index += 1
                continue
            try:
                end = lines.index(END, index + 1)
            except ValueError:  # an unclosed run: left to Python-Markdown's own HTML parser
                out.extend(lines[index:])
                break
            run = "\n".join(lines[index + 1:end])
            ids.update(html.unescape(value) for value in _ID.findall(run))
            ids.update(html.unescape(value) for value in _ANCHOR_NAME.findall(run))
            placeholder = self.md.htmlStash.store(run)
            if self.extension.toc:
                self.extension.run_headings[placeholder] = [html.unescape(m.group(2)) for m in _HEADING_ID.finditer(run)]
            out.extend(("", placeholder, ""))
            index = end + 1
        self.extension.anchor_ids = ids
        return out


def _read_marker(data: str) -> dict[str, tuple[int, str]]:
    """id -> (level, title HTML) from a `toc_marker` line; nothing from a line d5site did not write."""
    try:
        entries = json.loads(data)
    except ValueError:
        return {}
    found: dict[str, tuple[int, str]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], int) and 1 <= entry[0] <= 6
                and isinstance(entry[1], str) and isinstance(entry[2], str)):
            found.setdefault(entry[1], (entry[0], entry[2]))
    return found


class _TocTreeprocessor(Treeprocessor):
    """Adds the headings of marked runs (listed by `toc_marker`) to `md.toc_tokens`, in page order, nested by level."""

    def __init__(self, md: Markdown, extension: RawHtmlExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: Element) -> None:
        toc, runs = self.extension.toc, self.extension.run_headings
        tokens = getattr(self.md, "toc_tokens", None)
        if not toc or not runs or tokens is None:
            return
        position: dict[str, int] = {}
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and element.get("id"):
                position[element.get("id", "")] = len(position)
            elif element.tag == "p" and element.text and _PLACEHOLDER.match(element.text.strip()):
                for heading_id in runs.get(element.text.strip(), ()):
                    position[heading_id] = len(position)
        toc_processor = self.md.treeprocessors["toc"] if "toc" in self.md.treeprocessors else None  # noqa: SIM401 (a Registry has no get)
        bottom = getattr(toc_processor, "toc_bottom", 6)
        entries: list[tuple[int, int, dict[str, Any]]] = []
        last = -1

        def flatten(items: list[dict[str, Any]]) -> None:
            nonlocal last
            for item in items:
                last = position.get(item["id"], last)
                entries.append((last, len(entries), item))
                flatten(item["children"])
                item["children"] = []

        flatten(list(tokens))
        known = {item["id"] for _, _, item in entries}
        for heading_id, (level, title) in toc.items():
            if heading_id not in known and heading_id in position and level <= bottom:
                entries.append((position[heading_id], len(entries),
                                {"level": level, "id": heading_id, "name": title, "html": title, "data-toc-label": "", "children": []}))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        roots: list[dict[str, Any]] = []
        stack: list[dict[str, Any]] = []
        for _, _, item in entries:
            while stack and stack[-1]["level"] >= item["level"]:
                stack.pop()
            (stack[-1]["children"] if stack else roots).append(item)
            stack.append(item)
        self.md.toc_tokens = roots  # type: ignore[attr-defined]


class RawHtmlExtension(Extension):
    """Python-Markdown extension: marked HTML runs go to the HTML stash unparsed; their headings join the toc."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.anchor_ids: set[str] = set()
        """Ids in the marked runs of the last conversion (for MkDocs' anchor validation)."""
        self.toc: dict[str, tuple[int, str]] = {}
        """The last conversion's `toc_marker`: id -> (level, title HTML)."""
        self.run_headings: dict[str, list[str]] = {}
        """The ids of the headings in each stored run, by its placeholder."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After normalize_whitespace (30), before fenced_code (25), MkDocs' raw HTML scan (21) and html_block (20).
        md.preprocessors.register(_StashPreprocessor(md, self), "d5site_html", 27)
        # After the toc extension's (5), which sets md.toc_tokens.
        md.treeprocessors.register(_TocTreeprocessor(md, self), "d5site_toc", 4)


def makeExtension(**kwargs: Any) -> RawHtmlExtension:  # Python-Markdown's name
    """The extension by name, `d5site.render.rawhtml` in an engine's `markdown_extensions` (Zensical, MkDocs without the plugin)."""
    return RawHtmlExtension(**kwargs)
