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

Without the extension the markers are ordinary HTML comments and the page
comes out the same, only slower; nothing that a reader writes can produce one,
since bodies are sanitized (comments removed) and every other text is escaped.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

BEGIN = "<!-- d5site:html -->"
END = "<!-- /d5site:html -->"
_ID = re.compile(r'\sid="([^"]*)"')
_ANCHOR_NAME = re.compile(r'<a\b[^>]*?\sname="([^"]*)"')


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
            out.extend(("", self.md.htmlStash.store(run), ""))
            index = end + 1
        self.extension.anchor_ids = ids
        return out


class RawHtmlExtension(Extension):
    """Python-Markdown extension: marked HTML runs go to the HTML stash unparsed."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.anchor_ids: set[str] = set()
        """Ids in the marked runs of the last conversion (for MkDocs' anchor validation)."""

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        # After normalize_whitespace (30), before fenced_code (25), MkDocs' raw HTML scan (21) and html_block (20).
        md.preprocessors.register(_StashPreprocessor(md, self), "d5site_html", 27)
