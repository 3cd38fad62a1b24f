"""Bodies rendered one at a time: Markdown to sanitized HTML once per text and locale, placed in any page.

Every body (a finding, a translation, a revision, a year overview, any
document) is converted on its own with the site's Markdown extensions, then
cleaned by the allowlist of `sanitize`. The result is balanced HTML, so no body
can close, open or swallow anything of the page around it. It is computed once
per (text, locale) and placed in each page that shows it at little cost:

- relative links are resolved to the page or file they name
  (`other-finding.md` -> that finding's page, `x.fr.md` -> its French page,
  `../../docs/guide/x.md` -> that docs page, `../../docs/img/x.png` -> the
  image) and written relative to the page that embeds the body, in the
  reader's locale; a relative link that leads nowhere is dropped (and is an
  error of `check` and the build: `d5site.core.bodylinks`);
- headings are demoted so the body's first level is at least the level the
  page asks for (a body's `# Title` never competes with the page's own h1);
- on pages that show several bodies, ids are prefixed (and the body's own
  `#fragment` links with them) so that they stay unique in the page.

The headings placed in a page are returned, so that the page's table of
contents can list them.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

import markdown as _markdown
from markupsafe import Markup

from d5site.core.bodylinks import is_relative, resolve_path, split_url
from d5site.core.model import Content, Document
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import locale_prefix, with_fragment
from d5site.render.sanitize import sanitize

DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "abbr", "admonition", "footnotes")
"""Extensions used when no site configuration is given (MkDocs' defaults plus common ones)."""

FILE_READING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "mdx_include")
"""Markdown extensions that copy files into the text (`--8<-- ".env"`): never used for bodies or generated pages.

A body is written by any contributor; with one of these, a line of it would
publish any file the build can read (`.env`, `.git/config`) in its page, feed
and search index. `check` refuses snippet lines in bodies (`d5site.core.limits`).
"""

_E = TypeVar("_E")

_CONTROLS = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}
"""C0 controls other than tab and line breaks: never text, and STX/ETX delimit Python-Markdown's placeholders."""
_LINK_TAG = re.compile(r"<(a|img)\b([^>]*)>")
_URL_ATTR = re.compile(r' (href|src)="([^"]*)"')
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.DOTALL)
_ID_ATTR = re.compile(r' id="([^"]*)"')
_HEADERLINK = re.compile(r'<a\b[^>]*class="headerlink"[^>]*>.*?</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_DEAD_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_EMPTY_CLASS = re.compile(r' class=""')
_PLACE = re.compile(r'\x00(\d+)\x00|<(/?)h([1-6])\b| id="([^"]*)"| href="#([^"]*)"')


def html_text(value: str) -> Markup:
    """Text as HTML: `& < >` escaped, so that it reads as written wherever HTML is expected (a Markup stays as it is).

    Quotes stay as they are, as in the titles Python-Markdown's `toc` extension
    gives MkDocs: the result is element content, never an attribute value.
    """
    if isinstance(value, Markup):
        return value
    return Markup(_html.escape(str(value), quote=False))


@dataclass(frozen=True)
class Heading:
    """A heading of a body or a template as placed in a page (for the page's table of contents)."""

    level: int
    id: str
    title: Markup
    """Its text as HTML: given as text (a `str`), it is escaped here, where every heading is made, so that
    a table of contents (MkDocs treats its titles as HTML) and the search index show it as text."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", html_text(self.title))


@dataclass(frozen=True)
class SafeBody:
    """A body's sanitized HTML, ready to be placed in pages; internal links are markers until placed."""

    html: str
    targets: tuple[str, ...]
    """Site-relative URLs of the body's internal links (marker `\\x00N\\x00` is targets[N])."""
    headings: tuple[Heading, ...]
    ids: frozenset[str]

    @property
    def empty(self) -> bool:
        """Whether there is nothing to show."""
        return not self.html.strip()

    def place(self, link: Callable[[str], str], level: int = 2, prefix: str = "") -> tuple[str, list[Heading]]:
        """The HTML for one page, and its headings as placed.

        `link` turns a site-relative URL into a link from that page; headings
        move down so that the body's highest is at least `level`; ids (and the
        body's fragment links to them) get `prefix`.
        """
        top = min((h.level for h in self.headings), default=level)
        shift = max(0, level - top)
        ids = self.ids

        def replace(match: re.Match[str]) -> str:
            index, closing, hlevel, id_value, fragment = match.groups()
            if index is not None:
                return _html.escape(link(self.targets[int(index)]), quote=True)
            if hlevel is not None:
                return f"<{closing}h{min(6, int(hlevel) + shift)}"
            if id_value is not None:
                return f' id="{prefix}{id_value}"'
            if _html.unescape(fragment) in ids:
                return f' href="#{prefix}{fragment}"'
            return match.group(0)

        if shift or prefix or self.targets:
            placed = _PLACE.sub(replace, self.html)
        else:
            placed = self.html
        headings = [Heading(min(6, h.level + shift), prefix + h.id if h.id else "", h.title) for h in self.headings]
        return placed, headings


class LinkTargets:
    """Where a relative link of a body leads: content files to their pages, docs files to their URLs."""

    def __init__(self, site: SiteConfig, content: Content, page_of: Callable[[Document], tuple[str, str] | None],
                 page_url: Callable[[str, str], str]):
        self.site = site
        self.page_url = page_url
        self.docs_prefix = site.docs_prefix
        self.files: dict[str, tuple[str, str, str | None]] = {}
        """Content file path -> (page src_uri, fragment, locale of the file or None for the source)."""
        for document in content.documents():
            page = page_of(document)
            if page is None:
                continue
            self.files[document.path] = (page[0], page[1], None)
            for locale, translation in document.translations.items():
                self.files[translation.path] = (page[0], page[1], locale)
        self._exists: dict[str, bool] = {}

    def _is_docs_file(self, target: str) -> bool:
        if not target.startswith(self.docs_prefix):
            return False
        if target not in self._exists:
            self._exists[target] = (self.site.root / target).is_file()
        return self._exists[target]

    def resolve(self, source_path: str, url: str, locale: str) -> str | None:
        """The site-relative URL that relative `url` in `source_path` names, read in `locale`; None if nowhere."""
        path, fragment = split_url(url)
        if not path:
            return None
        target = resolve_path(source_path, path)
        if target is None:
            return None
        if target.endswith(".md"):
            known = self.files.get(target)
            if known is not None:
                src_uri, own_fragment, file_locale = known
                result = self.page_url(src_uri, locale_prefix(file_locale or locale, self.site.default_locale))
                fragment = fragment or own_fragment
            elif self._is_docs_file(target):
                uri = target[len(self.docs_prefix):]
                stem, dot, suffix = uri[:-3].rpartition(".")
                if dot and suffix in self.site.locales and "/" not in suffix:
                    uri, locale = f"{stem}.md", suffix
                result = self.page_url(uri, locale_prefix(locale, self.site.default_locale))
            else:
                return None
        elif self._is_docs_file(target):
            result = target[len(self.docs_prefix):]
        else:
            return None
        return with_fragment(result, fragment)


class BodyRenderer:
    """Converts bodies to `SafeBody`: the site's Markdown, then the sanitizer, then link resolution."""

    def __init__(self, markdown: Callable[[str], str] | None = None, links: LinkTargets | None = None):
        self.markdown = markdown or default_markdown()
        self.links = links
        self._done: dict[tuple[str, str, str], SafeBody] = {}
        """Bodies already rendered, by (file, locale, text): the pages and the feed of a locale share them."""

    def render(self, source_path: str, text: str, locale: str) -> SafeBody:
        """The body `text` of the file `source_path`, with its links read in `locale` (computed once)."""
        key = (source_path, locale, text)
        body = self._done.get(key)
        if body is None:
            body = self._done[key] = self._render(source_path, text, locale)
        return body

    def _render(self, source_path: str, text: str, locale: str) -> SafeBody:
        clean = sanitize(self.markdown(text.translate(_CONTROLS)))
        clean = _EMPTY_CLASS.sub("", clean)
        targets: list[str] = []

        def link_tag(match: re.Match[str]) -> str:
            def attr(found: re.Match[str]) -> str:
                value = found.group(2)
                if not is_relative(value):
                    return found.group(0)
                resolved = self.links.resolve(source_path, value, locale) if self.links else None
                if resolved is None:
                    return ""
                targets.append(resolved)
                return f' {found.group(1)}="\x00{len(targets) - 1}\x00"'

            return f"<{match.group(1)}{_URL_ATTR.sub(attr, match.group(2))}>"

        clean = _LINK_TAG.sub(link_tag, clean)
        clean = _DEAD_LINK.sub(_unwrap_dead_link, clean)
        headings: list[Heading] = []
        ids: set[str] = set(_html.unescape(v) for v in _ID_ATTR.findall(clean))
        for match in _HEADING.finditer(clean):
            found = _ID_ATTR.search(match.group(2))
            title = _html.unescape(_TAG.sub("", _HEADERLINK.sub("", match.group(3)))).strip()
            headings.append(Heading(int(match.group(1)), _html.unescape(found.group(1)) if found else "", title))
        return SafeBody(clean, tuple(targets), tuple(headings), frozenset(ids))


def without_permalinks(html: str) -> str:
    """`html` without the permalink signs the `toc` extension adds to headings (for a feed entry, read out of the page)."""
    return _HEADERLINK.sub("", html)


def _unwrap_dead_link(match: re.Match[str]) -> str:
    """A link left with no address (its URL was refused) becomes its text; an anchor with an id stays."""
    attrs = match.group(1)
    if " href=" in attrs or " id=" in attrs:
        return match.group(0)
    return match.group(2)


def without_file_includes(extensions: Iterable[_E]) -> list[_E]:
    """`extensions` (names or Extension objects, as in MkDocs' `markdown_extensions`) without FILE_READING_EXTENSIONS."""

    def module(extension: _E) -> str:
        return extension if isinstance(extension, str) else type(extension).__module__

    return [e for e in extensions if not module(e).split(":")[0].startswith(FILE_READING_EXTENSIONS)]


def default_markdown(extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> Callable[[str], str]:
    """Plain Python-Markdown with `extensions` (for use outside a MkDocs build)."""
    md = _markdown.Markdown(extensions=without_file_includes(extensions))

    def convert(text: str) -> str:
        return md.reset().convert(text)

    return convert
