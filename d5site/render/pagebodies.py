"""Documents' bodies placed in the page being rendered: sanitized HTML, links written from the page, headings for its table of contents."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from d5site.core.model import Content, Document
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import relative_url
from d5site.render.bodies import BodyRenderer, Heading, LinkTargets, default_markdown
from d5site.render.localtext import LocaleText
from d5site.render.pagelinks import PageLinks, link_target, page_of


def body_renderer(site: SiteConfig, content: Content, markdown: Callable[[str], str] | None = None,
                  use_directory_urls: bool = True, source_links: bool = False) -> BodyRenderer:
    """Renders bodies with `markdown` (the site's extensions; plain Python-Markdown by default), links resolved.

    With `source_links`, a link to a page leads to its Markdown source (`[fr/]findings/2018/x.md`, see `link_target`).
    """
    links = LinkTargets(site, content, page_of, lambda src_uri, prefix: link_target(src_uri, prefix, use_directory_urls, source_links))
    return BodyRenderer(markdown or default_markdown(), links)


class PageBodies:
    """Places documents' bodies, in one locale, in the page being rendered, and keeps their headings for its table of contents."""

    def __init__(self, text: LocaleText, links: PageLinks, bodies: BodyRenderer | None = None) -> None:
        self.text = text
        self.links = links
        self._bodies = bodies
        self.page_headings: list[Heading] = []
        """Headings of the bodies placed in the page being rendered, in order (for its table of contents)."""

    @property
    def bodies(self) -> BodyRenderer:
        """The renderer of bodies (plain Python-Markdown unless the build gave the site's)."""
        if self._bodies is None:
            self._bodies = body_renderer(self.text.site, self.text.content, None, self.links.use_directory_urls)
        return self._bodies

    def body_html(self, document: Document, level: int = 2, prefix: str = "") -> Markup:
        """The sanitized HTML of `document`'s body in this locale (its translation, else the source), for this page.

        Rendered and sanitized once per document and locale; placed in a
        `<div class="d5-body">` (with class `d5-text` and `lang`/`dir` when the
        text's language is not the page's), its relative links written from the current page.
        `level` is the highest heading level the body may use (its headings
        move down to fit); `prefix` goes before its ids, for pages that show
        several bodies. Nothing (an empty string) for an empty body.
        """
        return self.text_html(document, "", self.text.loc(document).body, level, prefix)

    def text_html(self, document: Document, key: str, text: str, level: int = 4, prefix: str = "") -> Markup:
        """The sanitized HTML of a part of `document`'s text in this locale (a section of a statement of interest).

        The same path as `body_html` (the site's Markdown, the sanitizer, links
        resolved from the file the text comes from), for text the template has
        already cut out of the body; `key` names the part (`""`: the whole body) for templates' readers,
        while the rendering is kept under the text itself (see `BodyRenderer.render`). Headings move down
        to `level` at least, ids get `prefix`.
        """
        localized = self.text.loc(document)
        body = self.bodies.render(localized.path or document.path, text, self.text.locale)  # computed once (BodyRenderer)
        if body.empty:
            return Markup("")
        here = self.links.here
        html, headings = body.place(lambda target: relative_url(target, here), level, prefix)
        self.page_headings.extend(headings)
        lang = self.text.lang_attrs(localized.lang)
        classes = "d5-body d5-text" if lang else "d5-body"  # d5-text: text in another language than the page's
        return Markup(f'<div class="{classes}"{lang}>\n{html}\n</div>')

    def toc_heading(self, level: int, id: str, title: str) -> Markup:
        """Record a heading the template writes as HTML, so that the page's table of contents lists it; writes nothing.

        `title` is text (a statement section's heading as written): `Heading` escapes it, so the table of contents shows it as text.
        """
        self.page_headings.append(Heading(level, id, title))
        return Markup("")
