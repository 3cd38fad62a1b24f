"""Atom feeds of findings (RFC 4287), one per locale, built without MkDocs.

`/feed.xml` is the default locale's feed, `/<locale>/feed.xml` another
locale's. Every finding is one entry, newest first. Nothing in a feed depends
on the clock or on where the site is built, so two builds of the same content
give the same bytes:

- an entry's `updated` (and `published`) is the finding's `date`, else its
  year's overview date, else that year's charter edition date, else 1 January
  of its year;
- the feed's `updated` is its newest entry's, or `fallback_time` (the build's
  SOURCE_DATE_EPOCH) when there is no finding.

Each entry carries the finding's summary and, as `content type="html"`, its
full text: the body in the feed's locale (the source where untranslated, marked
with `xml:lang`), rendered and sanitized as on the site (render/bodies.py) and
with its links to the site's pages written as absolute URLs (relative to the
feed without `site_url`).

Ids: the feed's is its own URL; an entry's is a tag URI
(`tag:<host>,<year>:<path of the finding's page>`), so it never changes while
the page's URL does not. Without `site_url` there is no host: ids are then
`urn:uuid:` names derived from the site name and the page's path, and links
are relative to the feed.

The XML is built with ElementTree, which escapes every text and attribute.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from d5site.core import urls
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.model import Content, Finding
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_url
from d5site.core.urls import UrlScheme, relative_url
from d5site.render.bodies import BodyRenderer, without_permalinks
from d5site.render.charterpages import CharterPages
from d5site.render.localtext import LocaleText
from d5site.render.pagebodies import body_renderer

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GENERATOR_URI = "https://pypi.org/project/d5site/"

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """`value` as text XML 1.0 can hold: characters it forbids (most C0 controls) are dropped."""
    return _XML_INVALID.sub("", str(value))


def published_on(finding: Finding, content: Content) -> _dt.date:
    """The date a finding is filed under: its own, else its year's overview or edition date, else 1 January."""
    if finding.date is not None:
        return finding.date
    overview = content.overviews.get(finding.year)
    first = overview.first_date if overview is not None else None
    if first is not None and first.year == finding.year:
        return first
    edition = content.editions.get(finding.year)
    if edition is not None and edition.date.year == finding.year:
        return edition.date
    return _dt.date(finding.year, 1, 1)


def newest_first(content: Content) -> list[Finding]:
    """Every finding, newest first: by date, then year (both descending), then id."""
    items = list(content.findings.values())
    return sorted(items, key=lambda f: (-published_on(f, content).toordinal(), -f.year, f.id))


def _timestamp(value: _dt.date | _dt.datetime) -> str:
    if isinstance(value, _dt.datetime):
        value = value.astimezone(_dt.UTC).replace(microsecond=0, tzinfo=None)
        return value.isoformat() + "Z"
    return f"{value.isoformat()}T00:00:00Z"


@dataclass(frozen=True)
class FeedSettings:
    """What a feed needs from the site's configuration (in the feed's locale)."""

    site_name: str
    site_url: str | None = None
    site_description: str | None = None
    site_author: str | None = None
    use_directory_urls: bool = True


class FeedWriter:
    """Writes the Atom feed of one locale."""

    def __init__(self, site: SiteConfig, content: Content, locale: str, catalog: Catalog, settings: FeedSettings,
                 bodies: BodyRenderer | None = None):
        self.site = site
        self.content = content
        self.locale = locale
        self.catalog = catalog
        self.settings = settings
        self.text = LocaleText(site, content, locale, catalog)
        self.charter_pages = CharterPages(content, Charter(content), self.text)
        self.bodies = bodies if bodies is not None else body_renderer(site, content, None, settings.use_directory_urls)
        """The renderer of findings' bodies (plain Python-Markdown unless the build gave the site's)."""
        self.urls = UrlScheme(site.default_locale, settings.use_directory_urls, settings.site_url)
        self.path = self.urls.feed(locale)
        base = settings.site_url or ""
        self.host = urlsplit(base).hostname if base else None
        site_path = urlsplit(base).path if base else ""
        self.site_path = site_path.strip("/") + "/" if site_path.strip("/") else ""

    # -- addresses -------------------------------------------------------------

    def href(self, site_relative: str) -> str:
        """An absolute URL when the site has `site_url`, else a link relative to the feed."""
        if self.settings.site_url:
            return self.urls.public(site_relative)
        return relative_url(site_relative, self.path)

    def tag(self, year: int, site_relative: str) -> str:
        """A stable id for a page: a tag URI on the site's host, or a name-based UUID without one."""
        specific = self.site_path + site_relative.rstrip("/")
        if self.host:
            return f"tag:{self.host},{year}:{specific}"
        return self.name_based_id(specific)

    def name_based_id(self, specific: str) -> str:
        """`urn:uuid:` of a name made of the site name and a path (for sites without `site_url`)."""
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"d5site:{self.settings.site_name}:{specific}"))

    # -- XML -------------------------------------------------------------------

    def _text(self, parent: ET.Element, tag: str, text: object, lang: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        if lang is not None and lang != self.locale:
            element.set(XML_LANG, lang)
        element.text = xml_text(text)
        return element

    def _licence(self, parent: ET.Element, spdx_id: str) -> None:
        self._text(parent, "rights", spdx_id)
        ET.SubElement(parent, "link", {"rel": "license", "href": licence_url(spdx_id)})

    def entry(self, parent: ET.Element, finding: Finding) -> None:
        """One `<entry>` for `finding`, in this locale (the source text, marked, where untranslated)."""
        default = self.site.default_locale
        translation = finding.translations.get(self.locale) if self.locale != default else None
        title, title_lang = (translation.title, self.locale) if translation else (finding.title, default)
        summary, summary_lang = finding.summary, default
        if translation is not None and translation.fields.get("summary"):
            summary, summary_lang = translation.fields["summary"], self.locale
        page = self.urls.page(urls.finding_page(finding.year, finding.id), self.locale)
        when = _timestamp(published_on(finding, self.content))

        entry = ET.SubElement(parent, "entry")
        self._text(entry, "id", self.tag(finding.year, page))
        self._text(entry, "title", title, title_lang)
        self._text(entry, "updated", when)
        self._text(entry, "published", when)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "hreflang": title_lang, "href": self.href(page)})
        for code in finding.members:
            author = ET.SubElement(entry, "author")
            self._text(author, "name", self.text.member_name(code))
        for pid in finding.principles:
            ET.SubElement(entry, "category", {"term": pid, "label": xml_text(self.charter_pages.principle_title(pid, finding.year))})
        for theme in finding.themes:
            ET.SubElement(entry, "category", {"term": theme})
        if summary:
            self._text(entry, "summary", summary, summary_lang)
        self._content(entry, finding)
        self._licence(entry, finding.licence or self.site.options.licence)

    def _content(self, entry: ET.Element, finding: Finding) -> None:
        """`<content type="html">`: the finding's full text, sanitized, with absolute links (nothing for an empty body)."""
        localized = self.text.loc(finding)
        body = self.bodies.render(localized.path or finding.path, localized.body, self.locale)
        if body.empty:
            return
        html, _ = body.place(self.href, level=2)
        self._text(entry, "content", without_permalinks(html).strip(), localized.lang, type="html")

    def feed(self, fallback_time: _dt.datetime) -> ET.Element:
        """The `<feed>` element, with every entry."""
        findings = newest_first(self.content)
        root = self._head(findings, fallback_time)
        for finding in findings:
            self.entry(root, finding)
        return root

    def _head(self, findings: list[Finding], fallback_time: _dt.datetime) -> ET.Element:
        """The `<feed>` element without its entries."""
        settings = self.settings
        root = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: self.locale})
        self._text(root, "id", self.href(self.path) if settings.site_url else self.name_based_id(self.path))
        self._text(root, "title", f"{settings.site_name} · {self.catalog.t('findings')}")
        if settings.site_description:
            self._text(root, "subtitle", settings.site_description)
        updated = published_on(findings[0], self.content) if findings else fallback_time
        self._text(root, "updated", _timestamp(updated))
        ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml", "href": self.href(self.path)})
        findings_page = self.urls.page(urls.FINDINGS, self.locale)
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html", "hreflang": self.locale, "href": self.href(findings_page)})
        author = ET.SubElement(root, "author")
        self._text(author, "name", settings.site_author or settings.site_name)
        self._text(root, "generator", "d5site", uri=GENERATOR_URI)
        self._licence(root, self.site.options.licence)
        return root

    def write(self, out: BinaryIO, fallback_time: _dt.datetime) -> None:
        """The feed as UTF-8 XML, written one entry at a time (the whole feed is never held in memory).

        The bytes are those of the whole tree indented by `ET.indent` and
        serialized at once: the head is serialized around a marker element, and
        each entry is indented at the level it has in the tree.
        """
        findings = newest_first(self.content)
        root = self._head(findings, fallback_time)
        out.write(XML_DECLARATION)
        if not findings:
            ET.indent(root, space="  ")
            out.write((ET.tostring(root, encoding="unicode", short_empty_elements=True) + "\n").encode("utf-8"))
            return
        ET.SubElement(root, _ENTRIES)
        ET.indent(root, space="  ")
        before, found, after = ET.tostring(root, encoding="unicode", short_empty_elements=True).partition(f"<{_ENTRIES} />")
        assert found, "the feed's marker element was not serialized as expected"
        out.write(before.encode("utf-8"))
        holder = ET.Element("feed")
        for index, finding in enumerate(findings):
            self.entry(holder, finding)
            entry = holder[0]
            ET.indent(entry, space="  ", level=1)
            entry.tail = "" if index == len(findings) - 1 else "\n  "  # the marker's tail ends the last entry
            out.write(ET.tostring(entry, encoding="unicode", short_empty_elements=True).encode("utf-8"))
            holder.remove(entry)
        out.write((after + "\n").encode("utf-8"))

    def render(self, fallback_time: _dt.datetime) -> bytes:
        """The feed as UTF-8 XML."""
        out = io.BytesIO()
        self.write(out, fallback_time)
        return out.getvalue()


XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
_ENTRIES = "d5site-entries"
"""The element that marks where the entries go while the feed's head is serialized."""


def atom_feed(site: SiteConfig, content: Content, locale: str, catalog: Catalog, settings: FeedSettings,
              fallback_time: _dt.datetime, bodies: BodyRenderer | None = None) -> bytes:
    """The Atom feed of `locale` as bytes (UTF-8 XML); `bodies` renders entries' text (the site's Markdown)."""
    return FeedWriter(site, content, locale, catalog, settings, bodies).render(fallback_time)


def write_atom_feed(path: Path, site: SiteConfig, content: Content, locale: str, catalog: Catalog, settings: FeedSettings,
                    fallback_time: _dt.datetime, bodies: BodyRenderer | None = None) -> Path:
    """Write the Atom feed of `locale` to `path`, one entry at a time; returns `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        FeedWriter(site, content, locale, catalog, settings, bodies).write(out, fallback_time)
    return path
