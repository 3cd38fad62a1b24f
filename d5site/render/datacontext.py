"""What every open data file shares: the site's locales, page URLs, licences, each document's text per locale, and compact JSON."""

from __future__ import annotations

import json
from typing import Any

from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.model import Content, Document, Finding
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_url
from d5site.core.translations import state_of
from d5site.core.urls import UrlScheme
from d5site.render.charterpages import CharterPages
from d5site.render.localtext import LocaleText


def compact_json(data: Any) -> str:
    """`data` as JSON without spaces, non-ASCII characters kept as they are."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def dump(data: Any) -> bytes:
    """`data` as a whole open data JSON file: compact JSON, a final newline, UTF-8."""
    return (compact_json(data) + "\n").encode("utf-8")


class DataContext:
    """The loaded site as the open data files see it: its locales, names and titles per locale, URLs and licences."""

    def __init__(self, site: SiteConfig, content: Content, *, site_url: str | None = None, use_directory_urls: bool = True,
                 catalogs: dict[str, Catalog] | None = None):
        self.site = site
        self.content = content
        self.charter = Charter(content)
        self.site_url = site_url if site_url is not None else site.site_url
        self.use_directory_urls = use_directory_urls
        self.urls = UrlScheme(content.default_locale, use_directory_urls, self.site_url)
        self.default = content.default_locale
        self.locales = list(content.locales)
        catalogs = catalogs or {}
        self.text = {loc: LocaleText(site, content, loc, catalogs.get(loc) or Catalog(loc)) for loc in self.locales}
        """Each locale's labels and names (members' names, as the pages show them)."""
        self.charter_pages = {loc: CharterPages(content, self.charter, self.text[loc]) for loc in self.locales}
        """Each locale's principle titles, as the pages show them."""

    def member_name(self, code: str, locale: str) -> str:
        """A member's name in `locale`, as its pages show it."""
        return self.text[locale].member_name(code)

    def principle_title(self, principle_id: str, year: int, locale: str) -> str:
        """The title in `locale` of a principle as in force in `year`, as the pages show it."""
        return self.charter_pages[locale].principle_title(principle_id, year)

    def url(self, src_uri: str, locale: str) -> str:
        """A page's URL in `locale`: absolute with `site_url`, else relative to the site root."""
        return self.urls.public(self.urls.page(src_uri, locale))

    def page_urls(self, src_uri: str) -> dict[str, str]:
        """A page's URL in every locale (see `url`)."""
        return {loc: self.url(src_uri, loc) for loc in self.locales}

    def licence(self, finding: Finding | None = None) -> str:
        """The SPDX id of a finding's licence (its own, else the site's); the site's without a finding."""
        return (finding.licence if finding is not None else None) or self.site.options.licence

    def texts(self, document: Document, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
        """{locale: {state, title, <fields>..., body}}: what each locale has of `document`."""
        result: dict[str, dict[str, Any]] = {}
        for loc in self.locales:
            if loc == self.default:
                entry: dict[str, Any] = {"state": "source", "title": document.title}
                for name in fields:
                    entry[name] = getattr(document, name, None) or None
                entry["body"] = document.body
            else:
                translation = document.translations.get(loc)
                entry = {"state": state_of(document, loc), "title": translation.title if translation else None}
                for name in fields:
                    entry[name] = (translation.fields.get(name) or None) if translation else None
                entry["body"] = translation.body if translation else None
            result[loc] = entry
        return result

    def common(self) -> dict[str, Any]:
        """The keys every JSON file starts with: locales, site URL and the site's licence."""
        return {
            "default_locale": self.default,
            "locales": self.locales,
            "site_url": self.site_url or None,
            "licence": self.licence(),
            "licence_url": licence_url(self.licence()),
        }
