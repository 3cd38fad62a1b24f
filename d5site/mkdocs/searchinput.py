"""What Material's search reads of a generated page: the page without the run of excluded sections that ends it.

A year page ends with its findings listed three ways (`## Findings of 2018 { data-search-exclude="true" }`,
by principle, by member): nine tenths of its HTML, which Material's search plugin parses tag by tag
(a pure-Python `HTMLParser`) only to drop it, so that results lead to the findings themselves. On a
site of a thousand findings in three languages that was a third of a second of every build.

`split` cuts such a page before the first heading of that run, where the cut is exact: the heading
stands outside any element (checked with the same parser Material uses, on the part before it) and
every heading after it is excluded too, so Material's sections before the cut are the same and none
after it would have been indexed. The search plugin reads the part before (`PageBuffer.unpark`, at
the start of `on_page_context`); the rest is put back right after it (`rejoin`), with the
`data-search-*` attributes removed as Material removes them from what it read. The page's HTML is
the same, byte for byte, as without the cut. Only with Material's search plugin: MkDocs' own does not
honour `data-search-exclude`, and would lose the lists.

In between (priority 100 to -1 of `on_page_context`), another plugin's `on_page_context` at the default
priority, listed after the search plugin, would read a year page without its lists; none of MkDocs',
Material's or static-i18n's reads `page.content` there.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mkdocs.config.defaults import MkDocsConfig

from d5site.mkdocs import i18n_bridge

_ATTRIBUTE = r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_HEADING_START = re.compile(r"<h[1-6](?=[\s/>])", re.IGNORECASE)
_HEADING = re.compile(r"<h[1-6]((?:" + _ATTRIBUTE + r")*)\s*/?>", re.IGNORECASE)
_ATTRIBUTE_NAME = re.compile(_ATTRIBUTE)
_EXCLUDE = "data-search-exclude"
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
"""The attributes Material's search plugin removes from a page's HTML once it has read it (its own expression)."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


class _OpenElements(HTMLParser):
    """The elements still open at the end of some HTML, counted as Material's search parser counts its context."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()


def reads_exclusions(config: MkDocsConfig) -> bool:
    """Whether the site's search plugin is Material's, which leaves sections marked `data-search-exclude` out."""
    plugin = i18n_bridge.search_plugin(config)
    return plugin is not None and type(plugin).__module__.startswith("material.")


def split(html: str) -> tuple[str, str]:
    """`html` as (what search reads, the excluded sections that end it), or (html, "") where no cut is exact or worth it.

    A cut is made only where it saves parsing: the part after it is longer than the part
    before, which is parsed once more here to check that the cut stands outside any element.
    A heading whose tag this does not read (no `_HEADING`) counts as one search reads.
    """
    cut = len(html)
    for start in reversed([m.start() for m in _HEADING_START.finditer(html)]):
        match = _HEADING.match(html, start)
        names = {name.lower() for name in _ATTRIBUTE_NAME.findall(match.group(1))} if match else set()
        if _EXCLUDE not in names:
            break
        if "id" in names:  # only a heading with an id starts a section of Material's (one without is part of the one before)
            cut = start
    if cut == len(html) or cut == 0 or len(html) - cut <= cut:
        return html, ""
    head = html[:cut]
    parser = _OpenElements()
    parser.feed(head)
    parser.close()
    if parser.open:
        return html, ""
    return head, html[cut:]


def rejoin(read: str, rest: str) -> str:
    """The page again, once the search plugin has read (and stripped) its first part: `rest` stripped the same way."""
    return read + _SEARCH_ATTRIBUTES.sub("", rest) if rest else read
