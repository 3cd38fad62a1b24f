"""Links between pages: which page shows a document, what a page's links are relative to, links from the page being rendered."""

from __future__ import annotations

import posixpath

from d5site.core import urls
from d5site.core.model import Content, Document, Finding, Revision, YearOverview
from d5site.core.urls import page_url, relative_url, with_fragment


def page_of(document: Document) -> tuple[str, str] | None:
    """(src_uri, fragment) of the page that shows `document` as its own: where a link to its file leads."""
    if isinstance(document, Finding):
        return urls.finding_page(document.year, document.id), ""
    if isinstance(document, YearOverview):
        return urls.year_page(document.year), ""
    if isinstance(document, Revision):
        return urls.principle_page(document.principle_id), urls.revision_fragment(document.year)
    return None


def link_target(src_uri: str, locale_prefix: str, use_directory_urls: bool, source_links: bool) -> str:
    """The site-relative target of a link to a page: its URL, or (`source_links`) its Markdown source's path.

    Engines resolve a link to a `.md` source against the page's own source
    file (MkDocs in Markdown links, Zensical in every `href`); a link to a URL is
    resolved by the browser against the page's URL.
    """
    return f"{locale_prefix}{src_uri}" if source_links else page_url(src_uri, locale_prefix, use_directory_urls)


def link_base(src_uri: str, locale_prefix: str, use_directory_urls: bool, source_links: bool) -> str:
    """What a page's relative links are relative to: its URL, or (`source_links`) its source's folder."""
    if source_links:
        folder = posixpath.dirname(src_uri)
        return locale_prefix + (folder + "/" if folder else "")
    return page_url(src_uri, locale_prefix, use_directory_urls)


def charter_years(content: Content) -> list[int]:
    """Every year with a page `/charter/<year>/`: from the first edition to the latest year with content."""
    if not content.editions:
        return []
    last = max([*content.editions, *content.years])
    return list(range(min(content.editions), last + 1))


class PageLinks:
    """Links from the page being rendered to the site's pages (in one locale, or another) and files."""

    def __init__(self, content: Content, prefix: str, use_directory_urls: bool = True, source_links: bool = False) -> None:
        self.content = content
        self.prefix = prefix
        """Where this locale's pages live below the site's root: "" or `<locale>/`."""
        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        """Links to pages lead to their Markdown sources, relative to the page's source (see `link_target`)."""
        self._here = ""
        self._links: dict[tuple[str, str, str], str] = {}
        """The current page's links so far, by (src_uri, prefix, fragment): a listing page repeats the same links
        (each finding of a year links its members and principles), and working one out is most of the cost."""

    @property
    def here(self) -> str:
        """What the current page's links are relative to (`link_base`)."""
        return self._here

    @here.setter
    def here(self, value: str) -> None:
        self._here = value
        self._links = {}

    def open(self, src_uri: str) -> None:
        """Make page `src_uri` (in this locale) the one whose links are written from now on."""
        self.here = link_base(src_uri, self.prefix, self.use_directory_urls, self.source_links)

    def url(self, src_uri: str, fragment: str = "") -> str:
        """Relative link from the current page to a generated or docs page."""
        return self.link(src_uri, self.prefix, fragment)

    def link(self, src_uri: str, prefix: str, fragment: str = "") -> str:
        """Relative link from the current page to page `src_uri` under locale prefix `prefix`."""
        key = (src_uri, prefix, fragment)
        found = self._links.get(key)
        if found is None:
            target = link_target(src_uri, prefix, self.use_directory_urls, self.source_links)
            found = self._links[key] = relative_url(with_fragment(target, fragment), self._here)
        return found

    def asset(self, path: str) -> str:
        """Relative link to a file at the site root (feeds, data), outside the locale prefix."""
        return relative_url(path, self.here)

    def year_url(self, year: int) -> str:
        """The findings page of a year: /findings/<year>/."""
        return self.url(urls.year_page(year))

    def finding_url(self, finding: Finding) -> str:
        """The page of a finding: /findings/<year>/<id>/."""
        return self.url(urls.finding_page(finding.year, finding.id))

    def member_url(self, code: str, fragment: str = "") -> str:
        """The page of a member: /members/<code>/."""
        return self.url(urls.member_page(code), fragment)

    def theme_url(self, theme_id: str) -> str:
        """The page of a theme: /findings/themes/<id>/."""
        return self.url(urls.theme_page(theme_id))

    def edition_url(self, year: int, principle_id: str = "") -> str:
        """The page of the charter at `year` (`/charter/<year>/`), at a principle's anchor if given."""
        return self.url(urls.charter_page(year), principle_id)

    def principle_url(self, principle_id: str, fragment: str = "") -> str:
        """The page of a principle: /charter/principles/<id>/."""
        return self.url(urls.principle_page(principle_id), fragment)

    def charter_year_url(self, year: int, fragment: str = "") -> str | None:
        """`/charter/<year>/`: the edition adopted in `year`, or the charter as in force then; None outside the range."""
        if year not in charter_years(self.content):
            return None
        return self.url(urls.charter_page(year), fragment)

    def compare_url(self, old_year: int, new_year: int, fragment: str = "") -> str:
        """`/charter/compare/<a>-<b>/` for two edition years in either order."""
        return self.url(urls.compare_page(min(old_year, new_year), max(old_year, new_year)), fragment)
