"""The translation status page in one locale: every item's state in each locale, its title and where it is read."""

from __future__ import annotations

from d5site.core import urls
from d5site.core.model import Content, Document
from d5site.core.siteconfig import SiteConfig
from d5site.core.translations import ItemStatus, catalog_missing, page_statuses, page_title, statuses
from d5site.core.urls import locale_prefix
from d5site.render.localtext import LocaleText
from d5site.render.pagelinks import PageLinks


class TranslationStatus:
    """What the translation status page shows, written in one locale, of the translations into every locale."""

    def __init__(self, site: SiteConfig, content: Content, text: LocaleText, links: PageLinks) -> None:
        self.site = site
        self.content = content
        self.text = text
        self.links = links

    def statuses(self, locale: str) -> list[ItemStatus]:
        """Translation state of every item in `locale`: findings, revisions, overviews, then docs/ pages.

        The same data as `d5site translations` (translations.report), less the
        statements of interest that are not published.
        """
        return statuses(self.content, [locale], published_only=True) + page_statuses(self.site, [locale])

    def catalog_missing(self, locale: str) -> list[str]:
        """Keys of the labels shown in English in `locale` (its catalog lacks them)."""
        return catalog_missing(self.site, locale)

    def status_title(self, item: ItemStatus, locale: str) -> tuple[str, str]:
        """(title, its language) of an item of the translation status page: the translation's where it exists."""
        if item.state != "missing" and locale == self.text.locale:
            document: Document | None = None
            if item.kind == "finding":
                year, fid = item.key.split("/", 1)
                document = self.content.findings.get((int(year), fid))
            elif item.kind == "overview":
                document = self.content.overviews.get(int(item.key))
            elif item.kind == "revision":
                pid, year = item.key.split("/")
                principle = self.content.principles.get(pid)
                document = next((r for r in principle.revisions if r.year == int(year)), None) if principle else None
            if document is not None and locale in document.translations:
                return document.translations[locale].title, locale
            if item.kind == "page":
                title = page_title(self.site.root / item.path)
                if title:
                    return title, locale
        return item.title, self.site.default_locale

    def status_url(self, item: ItemStatus, locale: str) -> str:
        """Where an item of the translation status page is read, in `locale`."""
        src, fragment = self._status_page(item)
        return self.links.link(src, locale_prefix(locale, self.site.default_locale), fragment)

    def _status_page(self, item: ItemStatus) -> tuple[str, str]:
        """(src_uri, fragment) of the page where an item of the translation status page is read."""
        if item.kind == "finding":
            year, fid = item.key.split("/", 1)
            return urls.finding_page(int(year), fid), ""
        if item.kind == "overview":
            return urls.year_page(int(item.key)), ""
        if item.kind == "page":
            return f"{item.key}.md", ""
        if item.kind == "statement":
            statement = self.content.statements.get(item.key)
            owner = self.content.owner_of(statement) if statement is not None else None
            return (urls.member_page(owner.code) if owner else urls.MEMBERS), urls.STATEMENT_FRAGMENT
        pid, year = item.key.split("/")
        return urls.principle_page(pid), urls.revision_fragment(int(year))
