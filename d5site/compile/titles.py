"""A page's own title, found once for every engine: its front matter's `title`, else the level-1 heading it opens with."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from d5site.core.diagnostics import Diagnostic
from d5site.core.source import parse_front_matter

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(?:.*?\n)?(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
"""MkDocs' pattern of a front matter block (mkdocs.utils.meta): where an engine looks for one."""
_ATX_H1 = re.compile(r"#(?!#)(.*?)#*")
"""A level-1 heading written `# Title` (Python-Markdown needs no space after `#`)."""
_SETEXT_H1 = re.compile(r"=+[ ]*")
"""The line under a level-1 heading written `Title` / `=====`."""
_ATTR_LIST = re.compile(r"[ ]+\{\:?[ ]*[^\}\n ][^\n]*\}[ ]*$")
"""A heading's attribute list (`{ #id .class lang=fr }`), which the `attr_list` extension takes off its text."""
_PLAIN = re.compile(r"[^\W_]+(?:,? [^\W_]+)*")
"""Text no Markdown extension changes: letters and digits, single spaces, commas."""
_PUNCTUATED = re.compile(r"""(?:[^\W_]|[ ,.;:?!()'"/%$@-])+""")
"""Text Python-Markdown and `INERT_EXTENSIONS` leave as it is: letters, digits, spaces and punctuation that is no
Markdown syntax (no `\\ ` * _ [ ] < > & { } # ~ ^ = + |`). Extensions such as smarty (`--`, quotes), smartsymbols
(`(c)`, `->`) or emoji (`:smile:`) change some of it."""
INERT_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "fenced_code", "footnotes", "legacy_attrs", "md_in_html",
    "meta", "nl2br", "sane_lists", "tables", "toc", "wikilinks",
    "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.snippets",
    "d5site.render.rawhtml",
})
"""Extensions that change no `_PUNCTUATED` text of a one-line heading (their syntax needs other characters, or
several lines): with only these, such a title is taken as written, without rendering it."""
_OPENING = re.compile(r"(?:[ \t]*\n)*([^\n]*)(?:\n([^\n]*))?")
"""A body's first line that is not blank, and the line after it (without reading the rest)."""
_H1_HTML = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)


@dataclass(frozen=True)
class PageSource:
    """A page's Markdown split as engines read it: its front matter (parsed once) and its body."""

    meta: Mapping[str, Any] = field(default_factory=dict)
    """Its front matter; empty when it has none, or one that is empty or cannot be read (then `body` is the whole text,
    as MkDocs reads such a page)."""
    body: str = ""
    problem: Diagnostic | None = None
    """Why a front matter block could not be read as data (d5site's YAML, CONTRACT §1): file, line and what is wrong."""

    @property
    def has_front_matter(self) -> bool:
        """Whether the page opens with a front matter block of keys and values (which state can be added to)."""
        return bool(self.meta)


def read_page(text: str, rel: str) -> PageSource:
    """`text` (a page's Markdown: BOM and CRLF allowed) split into its front matter and body; `rel` names it in a problem.

    Only a block MkDocs takes for front matter is parsed, by the loader's own parser
    (`parse_front_matter`: no Python object, anchor or tag; a located problem, never an exception).
    """
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    if _FRONT_MATTER.match(text) is None:
        return PageSource({}, text)
    doc, problems = parse_front_matter(text, rel)
    if doc is None:
        return PageSource({}, text, problems[0] if problems else None)
    if not doc.meta:
        return PageSource({}, text)
    return PageSource(doc.meta, doc.body)


def opening_heading(body: str) -> str | None:
    """The Markdown of the level-1 heading a page's body opens with (its first block), or None.

    As MkDocs finds a page's title: only a heading that is the page's first element counts.
    """
    opening = _OPENING.match(body)
    if opening is None or not opening.group(1).strip():
        return None
    first, second = opening.group(1), opening.group(2)
    atx = _ATX_H1.fullmatch(first)
    if atx is not None:
        return atx.group(1).strip()
    if second is not None and not first.startswith((" " * 4, "\t")) and _SETEXT_H1.fullmatch(second):
        return first.strip()
    return None


def plain_text(extensions: Iterable[Any]) -> re.Pattern[str]:
    """What heading text the site's Markdown `extensions` (names or Extension objects) leave as written."""
    names = {(e if isinstance(e, str) else type(e).__module__).removeprefix("markdown.extensions.") for e in extensions}
    return _PUNCTUATED if names <= INERT_EXTENSIONS else _PLAIN


def heading_text(heading: str, render: Callable[[str], str], plain: re.Pattern[str] = _PLAIN) -> str:
    """The text of a level-1 heading's Markdown, as a reader sees it: rendered by `render` (Markdown to HTML, with
    the site's extensions and `attr_list`), tags dropped, entities read; text `plain` matches is taken as written
    (see `plain_text`), spaces collapsed as the rendered text's are."""
    bare = _ATTR_LIST.sub("", heading)
    if plain.fullmatch(bare):
        return " ".join(bare.split())
    found = _H1_HTML.search(render(f"# {heading} #"))  # closed: a `#` ending the text stays
    return " ".join(Markup(found.group(1)).striptags().split()) if found else " ".join(bare.split())


def page_title(source: PageSource, render: Callable[[str], str], plain: re.Pattern[str] = _PLAIN) -> str | None:
    """A page's own title (text): its front matter's `title`, else the text of the heading it opens with."""
    title = source.meta.get("title")
    if isinstance(title, str):
        return " ".join(title.split()) or None
    heading = opening_heading(source.body)
    if heading is None:
        return None
    return heading_text(heading, render, plain) or None


def file_title(src_uri: str) -> str:
    """The title MkDocs gives a page without one, from its file: the name (the folder's for `index.md`), `-` and `_`
    as spaces, capitalized if all lower case."""
    stem = posixpath.basename(src_uri)[: -len(".md")] if src_uri.endswith(".md") else posixpath.basename(src_uri)
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(src_uri)) or stem
    title = stem.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
