"""The generated pages: which exist, where they live, and their Markdown from Jinja templates."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown as _markdown
from markupsafe import Markup, escape

from d5site.core import urls
from d5site.core.catalog import Catalog
from d5site.core.charter import Charter, Comparison
from d5site.core.collation import sort_key
from d5site.core.diff import has_changes, word_diff
from d5site.core.model import (
    PARTNER_KINDS,
    Code,
    Content,
    Document,
    Edition,
    Finding,
    Member,
    Principle,
    Revision,
    Statement,
    YearOverview,
    finding_order,
)
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_name, licence_url
from d5site.core.statements import RECORD, parse_sections
from d5site.core.translations import ItemStatus, catalog_missing, page_statuses, page_title, state_of, statuses
from d5site.core.urls import locale_prefix, page_url, relative_url, with_fragment
from d5site.render import report
from d5site.render.bodies import BodyRenderer, Heading, LinkTargets, default_markdown
from d5site.render.rawhtml import html_block
from d5site.render.report import ReportFacts
from d5site.render.sanitize import sanitize

_MD_SPECIAL = {c: "\\" + c for c in "\\`*_[]{}#+!|~"}
_MD_TEXT = str.maketrans({**_MD_SPECIAL, "&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md_text(value: Any) -> Markup:
    """Plain text made safe inside Markdown: Markdown punctuation backslash-escaped, `& < >` as entities.

    One pass, so an entity is never itself escaped: `'` and `"` stay as they are
    (harmless in Markdown text), since `html.escape` would turn them into `&#39;`,
    whose `#` the Markdown escaping then broke into a visible "&#39;" in the
    page title and header.
    """
    return Markup(str(value).translate(_MD_TEXT))


@dataclass(frozen=True)
class PageSpec:
    """One generated page, independent of locale."""

    src_uri: str
    """Its path as if it were a docs/ file (default locale), e.g. findings/2018/x.md."""
    template: str
    """Template name under d5site/pages/."""
    in_nav: bool = False
    document: Document | None = None
    """For pages that show one document: the page is a fallback where it is untranslated."""
    searchable: bool = True
    """False for pages that only repeat what other pages say (reports, member lists, status):
    they stay out of the search index, so results lead to the finding itself."""
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def page_specs(content: Content) -> list[PageSpec]:
    """Every generated page, in navigation order."""
    charter = Charter(content)
    specs = [PageSpec(urls.FINDINGS, "findings.md", in_nav=True)]
    for year in sorted(content.years, reverse=True):
        specs.append(PageSpec(urls.year_page(year), "year.md", in_nav=True, args={"year": year}))
    for (year, fid), finding in sorted(content.findings.items()):
        specs.append(PageSpec(urls.finding_page(year, fid), "finding.md", document=finding, args={"finding": finding}))
    for year in sorted(content.years):
        specs.append(PageSpec(urls.report_page(year), "report.md", searchable=False, args={"year": year}))
    if content.themes:
        specs.append(PageSpec(urls.THEMES, "themes.md", searchable=False))
        for tid, theme in content.themes.items():
            specs.append(PageSpec(urls.theme_page(tid), "theme.md", searchable=False, args={"theme": theme}))
    specs.append(PageSpec(urls.CHARTER, "edition.md", in_nav=True, args={"current": True}))
    for year in sorted(content.editions, reverse=True):
        specs.append(PageSpec(urls.charter_page(year), "edition.md", in_nav=True, args={"edition": content.editions[year]}))
    for old, new in charter.pairs():
        # Every pair of editions, n(n-1)/2 pages: not in the navigation (linked from each edition page),
        # and out of the search index: they repeat the editions' texts, and their number grows with the square of the editions'.
        specs.append(PageSpec(urls.compare_page(old.year, new.year), "compare.md", searchable=False, args={"old": old, "new": new}))
    for year in charter_years(content):
        if year not in content.editions:
            # The charter as in force in a year without an edition: not in the navigation
            # (editions are), linked from that year's findings page.
            # Its text is that edition's: out of the search index, so that results lead to the edition.
            specs.append(PageSpec(urls.charter_page(year), "edition.md", searchable=False,
                                  args={"edition": charter.edition_in_force(year), "in_force_year": year}))
    specs.append(PageSpec(urls.PRINCIPLES, "principles.md", in_nav=True))
    for pid in sorted(content.principles):
        specs.append(PageSpec(urls.principle_page(pid), "principle.md", args={"principle": content.principles[pid]}))
    specs.append(PageSpec(urls.MEMBERS, "members.md", in_nav=True))
    for member in sorted(content.public_members(), key=lambda m: m.code):
        # A member page is searchable when it carries a published statement of interest, text no other page has.
        searchable = content.published_statement(member.code) is not None
        specs.append(PageSpec(urls.member_page(member.code), "member.md", searchable=searchable, args={"member": member}))
    specs.append(PageSpec(urls.CODE, "code.md", in_nav=True, searchable=False))
    specs.append(PageSpec(urls.TRANSLATIONS, "translations.md", searchable=False))
    return specs


def page_of(document: Document) -> tuple[str, str] | None:
    """(src_uri, fragment) of the page that shows `document` as its own: where a link to its file leads."""
    if isinstance(document, Finding):
        return urls.finding_page(document.year, document.id), ""
    if isinstance(document, YearOverview):
        return urls.year_page(document.year), ""
    if isinstance(document, Revision):
        return urls.principle_page(document.principle_id), urls.revision_fragment(document.year)
    return None


def body_renderer(site: SiteConfig, content: Content, markdown: Callable[[str], str] | None = None,
                  use_directory_urls: bool = True, source_links: bool = False) -> BodyRenderer:
    """Renders bodies with `markdown` (the site's extensions; plain Python-Markdown by default), links resolved.

    With `source_links`, a link to a page leads to its Markdown source (`[fr/]findings/2018/x.md`, see `link_target`).
    """
    links = LinkTargets(site, content, page_of, lambda src_uri, prefix: link_target(src_uri, prefix, use_directory_urls, source_links))
    return BodyRenderer(markdown or default_markdown(), links)


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


class Fields(dict):
    """Translatable fields; a field that is not set reads as None in templates."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


@dataclass
class Localized:
    """A document's text in a locale: the translation, or the source when there is none."""

    title: str
    body: str
    fields: dict[str, str]
    lang: str
    state: str
    """'source', 'current', 'outdated' or 'missing'."""
    source_fields: frozenset[str] = frozenset()
    """Fields shown from the source because the translation lacks them (in the default locale's language)."""
    source_lang: str = ""
    path: str = ""
    """The file the title and body come from: the translation's, or the source's."""

    def lang_of(self, name: str) -> str:
        """The language of field `name`: the translation's, or the source's where the translation lacks it."""
        return self.source_lang if name in self.source_fields else self.lang

    @property
    def fallback(self) -> bool:
        """Whether this is the default-locale text shown in another locale."""
        return self.state == "missing"


class View:
    """What templates see of the site in one locale, with links relative to one page."""

    def __init__(self, site: SiteConfig, content: Content, charter: Charter, locale: str, catalog: Catalog, use_directory_urls: bool = True,
                 bodies: BodyRenderer | None = None, site_name: str = "", source_links: bool = False):
        self.site = site
        self.site_name = site_name
        """The organisation publishing the site (mkdocs.yml's `site_name`, as static-i18n gives it for this locale)."""
        self.content = content
        self.charter = charter
        self.locale = locale
        self.catalog = catalog
        self.use_directory_urls = use_directory_urls
        self.source_links = source_links
        """Links to pages lead to their Markdown sources, relative to the page's source (see `link_target`)."""
        self.prefix = locale_prefix(locale, site.default_locale)
        self.here = ""
        self.rtl = site.is_rtl(locale)
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._bodies = bodies
        self.page_headings: list[Heading] = []
        """Headings of the bodies placed in the page being rendered, in order (for its table of contents)."""

    def _cached(self, key: tuple[Any, ...], compute: Any) -> Any:
        """Memoise a value that depends only on the content and the locale (not on the current page)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = compute()
            return value

    # -- links ---------------------------------------------------------------

    def url(self, src_uri: str, fragment: str = "") -> str:
        """Relative link from the current page to a generated or docs page."""
        return self.link(src_uri, self.prefix, fragment)

    def link(self, src_uri: str, prefix: str, fragment: str = "") -> str:
        """Relative link from the current page to page `src_uri` under locale prefix `prefix`."""
        target = link_target(src_uri, prefix, self.use_directory_urls, self.source_links)
        return relative_url(with_fragment(target, fragment), self.here)

    def asset(self, path: str) -> str:
        """Relative link to a file at the site root (feeds, data), outside the locale prefix."""
        return relative_url(path, self.here)

    def year_url(self, year: int) -> str:
        return self.url(urls.year_page(year))

    def report_pdfs(self) -> list[tuple[int, ReportFacts]]:
        """Each year with a PDF report, newest first, with its facts."""
        facts = [(year, self.report(year)) for year in sorted(self.content.years, reverse=True)]
        return [(year, r) for year, r in facts if r.pdf_href]

    def report(self, year: int) -> ReportFacts:
        """The cover's and colophon's facts of `year`'s report, its PDF linked from the current page."""
        options = self.site.options
        pdf = report.pdf_path(options, self.site_name, year, self.locale, self.prefix, self.use_directory_urls)
        target = page_url(urls.report_page(year), self.prefix, self.use_directory_urls)
        return ReportFacts(
            published=report.published(self.content, options, year),
            reference=report.reference(options, year),
            pdf_href=relative_url(pdf, self.here) if options.pdf and self.findings_of(year) else None,
            pdf_name=pdf.rpartition("/")[2],
            url=urls.absolute_url(self.site.site_url, target) if self.site.site_url else None,
            licence=options.licence,
            licence_url=licence_url(options.licence),
        )

    def finding_url(self, finding: Finding) -> str:
        return self.url(urls.finding_page(finding.year, finding.id))

    def member_url(self, code: str, fragment: str = "") -> str:
        return self.url(urls.member_page(code), fragment)

    def theme_url(self, theme_id: str) -> str:
        """The page of a theme: /findings/themes/<id>/."""
        return self.url(urls.theme_page(theme_id))

    def theme_name(self, theme_id: str) -> str:
        """A theme's label in this locale, else in the default locale, else its id."""
        theme = self.content.themes.get(theme_id)
        names = theme.names if theme else {}
        return names.get(self.locale) or names.get(self.site.default_locale) or theme_id

    def theme_lang(self, theme_id: str) -> Markup:
        """` lang=".."` for a theme label shown in the default locale's language; else nothing."""
        theme = self.content.themes.get(theme_id)
        names = theme.names if theme else {}
        return self.lang_attrs(self.locale if self.locale in names else self.site.default_locale)

    def theme_description(self, theme_id: str) -> tuple[str, str]:
        """(description, its language) of a theme, this locale's or the default locale's; ("", locale) if none."""
        theme = self.content.themes.get(theme_id)
        texts = theme.descriptions if theme else {}
        if self.locale in texts:
            return texts[self.locale], self.locale
        return texts.get(self.site.default_locale, ""), self.site.default_locale

    def themes_in_order(self) -> list[str]:
        """Theme ids by their label in this locale."""
        return sorted(self.content.themes, key=lambda tid: (self.collate(self.theme_name(tid)), tid))

    def findings_of_theme(self, theme_id: str) -> list[Finding]:
        """A theme's findings, newest year first, then by date and id (the same in every locale)."""
        items = [f for f in self.content.findings.values() if theme_id in f.themes]
        return sorted(items, key=lambda f: (-f.year, *self._finding_order(f)))

    def edition_url(self, year: int, principle_id: str = "") -> str:
        return self.url(urls.charter_page(year), principle_id)

    def principle_url(self, principle_id: str, fragment: str = "") -> str:
        return self.url(urls.principle_page(principle_id), fragment)

    def charter_year_url(self, year: int, fragment: str = "") -> str | None:
        """`/charter/<year>/`: the edition adopted in `year`, or the charter as in force then; None outside the range."""
        if year not in charter_years(self.content):
            return None
        return self.url(urls.charter_page(year), fragment)

    def compare_url(self, old_year: int, new_year: int, fragment: str = "") -> str:
        """`/charter/compare/<a>-<b>/` for two edition years in either order."""
        return self.url(urls.compare_page(min(old_year, new_year), max(old_year, new_year)), fragment)

    def comparisons_of(self, edition: Edition) -> list[Edition]:
        """The other editions, oldest first: each is compared with `edition` on a page of its own."""
        return [e for e in self.charter.editions if e.year != edition.year]

    def comparison(self, old: Edition, new: Edition) -> list[Comparison]:
        """Every principle's change from `old` to `new` (Charter.compare), computed once per page and locale."""
        return self._cached(("compare", old.year, new.year), lambda: self.charter.compare(old, new))

    def untranslated_edition(self, edition: Edition) -> bool:
        """Whether no principle text of `edition` is translated into this locale (one notice then says so for all)."""
        revisions = [self.charter.text_in(pid, edition) for pid in edition.principles]
        return bool(revisions) and all(r is not None and self.loc(r).fallback for r in revisions)

    def edition_span(self, edition: Edition) -> str:
        """When an edition was in force: "in force 2018–2020", "in force in 2014" or "in force since 2021"."""
        following = self.charter.next(edition)
        if following is None:
            return self.t("in_force_since", start=edition.year)
        end = following.year - 1
        if end <= edition.year:
            return self.t("in_force_in", year=edition.year)
        return self.t("in_force_span", start=edition.year, end=end)

    # -- text ----------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """A label from the catalog."""
        return self.catalog.t(key, **values)

    def date(self, value: Any) -> str:
        """A date in the locale's format."""
        return self.catalog.date(value)

    def loc(self, document: Document) -> Localized:
        """`document` in this locale."""
        return self._cached(("loc", id(document)), lambda: self._loc(document))

    def _loc(self, document: Document) -> Localized:
        default = self.site.default_locale
        if self.locale == default:
            return Localized(document.title, document.body, Fields(document.translatable_fields()), default, "source", path=document.path)
        translation = document.translations.get(self.locale)
        if translation is None:
            return Localized(document.title, document.body, Fields(document.translatable_fields()), default, "missing", path=document.path)
        fields = Fields(document.translatable_fields())
        untranslated = frozenset(name for name in fields if not translation.fields.get(name))
        fields.update(translation.fields)
        return Localized(translation.title, translation.body, fields, self.locale, state_of(document, self.locale), untranslated, default,
                         path=translation.path)

    def body_html(self, document: Document, level: int = 2, prefix: str = "") -> Markup:
        """The sanitized HTML of `document`'s body in this locale (its translation, else the source), for this page.

        Rendered and sanitized once per document and locale; placed in a
        `<div class="d5-body">` (with class `d5-text` and `lang`/`dir` when the
        text's language is not the page's), its relative links written from the current page.
        `level` is the highest heading level the body may use (its headings
        move down to fit); `prefix` goes before its ids, for pages that show
        several bodies. Nothing (an empty string) for an empty body.
        """
        return self.text_html(document, "", self.loc(document).body, level, prefix)

    def text_html(self, document: Document, key: str, text: str, level: int = 4, prefix: str = "") -> Markup:
        """The sanitized HTML of a part of `document`'s text in this locale (a section of a statement of interest).

        The same path as `body_html` (the site's Markdown, the sanitizer, links
        resolved from the file the text comes from), for text the template has
        already cut out of the body; `key` names the part (`""`: the whole body) for templates' readers,
        while the rendering is kept under the text itself (see `BodyRenderer.render`). Headings move down
        to `level` at least, ids get `prefix`.
        """
        localized = self.loc(document)
        body = self.bodies.render(localized.path or document.path, text, self.locale)  # computed once (BodyRenderer)
        if body.empty:
            return Markup("")
        here = self.here
        html, headings = body.place(lambda target: relative_url(target, here), level, prefix)
        self.page_headings.extend(headings)
        lang = self.lang_attrs(localized.lang)
        classes = "d5-body d5-text" if lang else "d5-body"  # d5-text: text in another language than the page's
        return Markup(f'<div class="{classes}"{lang}>\n{html}\n</div>')

    def toc_heading(self, level: int, id: str, title: str) -> Markup:
        """Record a heading the template writes as HTML, so that the page's table of contents lists it; writes nothing.

        `title` is text (a statement section's heading as written): `Heading` escapes it, so the table of contents shows it as text.
        """
        self.page_headings.append(Heading(level, id, title))
        return Markup("")

    @property
    def bodies(self) -> BodyRenderer:
        """The renderer of bodies (plain Python-Markdown unless the build gave the site's)."""
        if self._bodies is None:
            self._bodies = body_renderer(self.site, self.content, None, self.use_directory_urls)
        return self._bodies

    def lang_attrs(self, lang: str) -> Markup:
        """` lang="en"` (and `dir`) for text whose language differs from the page's; else nothing."""
        if lang == self.locale:
            return Markup("")
        attrs = f' lang="{escape(lang)}"'
        if self.site.is_rtl(lang) != self.rtl:
            attrs += f' dir="{"rtl" if self.site.is_rtl(lang) else "ltr"}"'
        return Markup(attrs)

    def member_name(self, code: str) -> str:
        """A member's name: members.yml for this locale, then CLDR, then the default locale's name."""
        return self._cached(("member", code), lambda: self._member_name(code))

    def _member_name(self, code: str) -> str:
        member: Member | None = self.content.members.get(code)
        names = member.names if member else {}
        return names.get(self.locale) or self.catalog.territory(code) or names.get(self.site.default_locale) or code.upper()

    def localized_map(self, values: dict[str, str]) -> str:
        """A per-locale value (place, note): this locale, then the default locale."""
        return values.get(self.locale) or values.get(self.site.default_locale) or ""

    def map_lang(self, values: dict[str, str]) -> Markup:
        """` lang=".."` (and `dir`) for `localized_map(values)` shown in the default locale's language; else nothing."""
        return self.lang_attrs(self.locale if values.get(self.locale) else self.site.default_locale)

    def summits(self, overview: YearOverview | None) -> list[dict[str, Any]]:
        """A year's summits in this locale: place and theme (with their `lang` attributes), days, host (contract v3 §5a)."""
        if overview is None:
            return []
        return self._cached(("summits", overview.year), lambda: [
            {
                "place": self.localized_map(s.place), "place_attrs": self.map_lang(s.place),
                "theme": self.localized_map(s.theme), "theme_attrs": self.map_lang(s.theme),
                "date": s.date, "days": self.catalog.date_range(s.date, s.end), "host": s.host, "online": s.online,
            }
            for s in overview.meetings(self.site.default_locale)
        ])

    def adopted(self, edition: Any) -> str:
        """"Adopted on <date> in <place>", "Adopted on <date>, online (chair: <member>)", or "Adopted on <date>"."""
        date = self.date(edition.date)
        if edition.online:
            if edition.chair:
                return self.t("adopted_online_chair", date=date, chair=self.member_name(edition.chair))
            return self.t("adopted_online", date=date)
        place = self.localized_map(edition.place)
        return self.t("adopted", date=date, place=place) if place else self.t("adopted_on", date=date)

    def language_name(self, locale: str) -> str:
        return self.catalog.language_name(locale)

    def revision_title(self, revision: Revision | None) -> str:
        return self.loc(revision).title if revision else ""

    def principle_title(self, principle_id: str, year: int | None = None) -> str:
        """The principle's title in force in `year`'s edition, or its latest title."""
        return self._cached(("title", principle_id, year), lambda: self._principle_title(principle_id, year))

    def _principle_title(self, principle_id: str, year: int | None) -> str:
        principle = self.content.principles.get(principle_id)
        if principle is None:
            return principle_id
        revision = principle.revision_at(year) if year is not None else principle.latest
        return self.loc(revision or principle.latest).title

    def principle_title_lang(self, principle_id: str, year: int | None = None) -> str:
        """The language of `principle_title(principle_id, year)`: this locale's, or the default's where untranslated."""
        principle = self.content.principles.get(principle_id)
        if principle is None:
            return self.locale
        revision = principle.revision_at(year) if year is not None else principle.latest
        return self.loc(revision or principle.latest).lang

    def principle_lang(self, principle_id: str, year: int | None = None) -> Markup:
        """` lang=".."` (and `dir`) for a principle's title shown untranslated; else nothing."""
        return self.lang_attrs(self.principle_title_lang(principle_id, year))

    def attr_list(self, lang: str) -> Markup:
        """An attr_list ` { lang=".." dir=".." }` for a Markdown heading in another language than the page's."""
        attrs = str(self.lang_attrs(lang)).strip()
        return Markup(f" {{ {attrs} }}") if attrs else Markup("")

    # -- members, accession, statements of interest ----------------------------

    def public_members(self) -> list[Member]:
        """Members shown on the site (pending candidates only with a published statement)."""
        return self.content.public_members()

    def candidates(self) -> list[Member]:
        """Pending candidates whose statement of interest is published, by name."""
        return sorted((m for m in self.public_members() if m.pending), key=lambda m: self.member_name(m.code).casefold())

    def growth(self) -> list[dict[str, Any]]:
        """Admitted members in order of admission, each with the size of the group once it was admitted.

        Order: year joined, then date agreed (an unknown date counts as the
        start of the year), then name. The size counts the members admitted
        up to that row who had not left before that year.
        """
        return self._cached(("growth",), self._growth)

    def _growth(self) -> list[dict[str, Any]]:
        members = [m for m in self.public_members() if not m.pending]

        def admitted(m: Member) -> tuple[int, Any]:
            agreed = m.accession.agreed if m.accession else None
            return (m.joined or 0, agreed.isoformat() if agreed else "")

        ordered = sorted(members, key=lambda m: (*admitted(m), self.collate(self.member_name(m.code)), m.code))
        rows = []
        for member in ordered:
            when = admitted(member)
            size = sum(1 for m in members if admitted(m) <= when and (m.left is None or m.left >= when[0]))
            rows.append({"member": member, "size": size})
        return rows

    def is_founder(self, member: Member) -> bool:
        """Whether a member without an accession record joined in the group's first year."""
        years = [m.joined for m in self.content.members.values() if m.joined is not None]
        return member.accession is None and member.joined is not None and bool(years) and member.joined == min(years)

    def statement(self, code: str) -> dict[str, Any] | None:
        """The published statement of interest of `code` in this locale: title, date, intro, sections with their principle.

        Each section: id, heading, body (Markdown), and for a principle its
        number, edition year and title in the edition in force at the
        statement's date (the `record` section has none).
        """
        statement = self.content.published_statement(code)
        if statement is None:
            return None
        return self._cached(("statement", code), lambda: self._statement(statement))

    def _statement(self, statement: Statement) -> dict[str, Any]:
        loc = self.loc(statement)
        sections = statement.sections
        intro = statement.intro
        if loc.state not in ("source", "missing"):
            translation = statement.translations[self.locale]
            intro, sections, _ = parse_sections(translation.body, translation.body_line, translation.path)
        edition = self.charter.edition_in_force(statement.date.year) if statement.date else None
        items = []
        for section in sections:
            item: dict[str, Any] = {
                "id": section.id,
                "heading": section.heading,
                "body": section.body,
                "record": section.id == RECORD,
                "number": None,
            }
            number = edition.number_of(section.id) if edition is not None else None
            if number is not None and edition is not None:
                item.update(number=number, edition=edition.year, title=self.principle_title(section.id, edition.year),
                            title_attrs=self.principle_lang(section.id, edition.year))
            items.append(item)
        return {"document": statement, "title": loc.title, "date": statement.date, "intro": intro, "sections": items,
                "lang": loc.lang, "state": loc.state, "fallback": loc.fallback, "edition": edition.year if edition else None}

    def findings_by_principle(self, code: str) -> list[tuple[str, list[Finding]]]:
        """A member's findings grouped by the principles they cite: (principle id, findings newest first), by principle title."""
        groups: dict[str, list[Finding]] = {}
        for finding in self.findings_of_member(code):
            for pid in finding.principles:
                groups.setdefault(pid, []).append(finding)
        return sorted(groups.items(), key=lambda item: (self.principle_title(item[0]).casefold(), item[0]))

    # -- shared code and partners --------------------------------------------------

    def shared_code(self) -> list[tuple[Finding, Code]]:
        """Every `code:` entry of every finding: (finding, code), by year (newest first), then finding order."""
        return self._cached(
            ("code",),
            lambda: [(f, c) for year in sorted(self.content.years, reverse=True) for f in self.content.findings_of(year) for c in f.code],
        )

    def code_by_member(self) -> list[tuple[str, list[tuple[Finding, Code]]]]:
        """Shared code grouped by member (each finding's members), by member name."""
        groups: dict[str, list[tuple[Finding, Code]]] = {}
        for finding, code in self.shared_code():
            for member in finding.members:
                groups.setdefault(member, []).append((finding, code))
        return sorted(groups.items(), key=lambda item: self.member_name(item[0]).casefold())

    def code_by_licence(self) -> list[tuple[str, list[tuple[Finding, Code]]]]:
        """Shared code grouped by SPDX licence id, by id."""
        groups: dict[str, list[tuple[Finding, Code]]] = {}
        for finding, code in self.shared_code():
            groups.setdefault(code.licence, []).append((finding, code))
        return sorted(groups.items(), key=lambda item: item[0].casefold())

    def licence_name(self, licence: str) -> str:
        """The full name of an SPDX licence."""
        return licence_name(licence)

    def partner_kinds(self) -> tuple[str, ...]:
        """The kinds of partners, in their fixed order."""
        return PARTNER_KINDS

    # -- queries for templates ----------------------------------------------

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
        if item.state != "missing" and locale == self.locale:
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
        return self.link(src, locale_prefix(locale, self.site.default_locale), fragment)

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

    def findings_of(self, year: int) -> list[Finding]:
        """A year's findings in the same order in every locale: by date (undated last), then by id (contract §5a)."""
        return self.content.findings_of(year)

    @staticmethod
    def _finding_order(finding: Finding) -> tuple[Any, ...]:
        """Findings' order on every page, the same in every locale (see `Content.findings_of`)."""
        return finding_order(finding)

    def collate(self, text: str) -> tuple[Any, ...]:
        """A sort key for `text` in this locale's alphabetical order (d5site.core.collation)."""
        return sort_key(text, self.locale)

    def members_by_name(self, codes: Any = None) -> list[str]:
        """Member codes (all members, or `codes`) in the alphabetical order of their names in this locale."""
        codes = list(self.content.members) if codes is None else list(codes)
        return sorted(codes, key=lambda code: (self.collate(self.member_name(code)), code))

    def principles_of(self, finding: Finding) -> list[str]:
        """A finding's principles by their number in the edition in force in its year (unknown ones last, by title)."""
        def order(pid: str) -> tuple[Any, ...]:
            numbered = self.principle_numbered(pid, finding.year)
            return (numbered is None, numbered[0] if numbered else 0, self.collate(self.principle_title(pid, finding.year)), pid)

        return sorted(finding.principles, key=order)

    def principles_in_order(self) -> list[Principle]:
        """Every principle: those in force by their number in the latest edition, then withdrawn ones
        (most recently withdrawn first, by the number they last had), then any never in an edition, by title."""
        return self._cached(("principles-order",), self._principles_in_order)

    def _principles_in_order(self) -> list[Principle]:
        latest = self.charter.latest

        def order(principle: Principle) -> tuple[Any, ...]:
            number = latest.number_of(principle.id) if latest else None
            if number:
                return (0, 0, number, ())
            standings = self.charter.standings(principle.id)
            if standings:
                last = standings[-1]
                return (1, -last.edition.year, last.number, ())
            return (2, 0, 0, self.collate(self.principle_title(principle.id)))

        return sorted(self.content.principles.values(), key=lambda p: (*order(p), p.id))

    def findings_of_member(self, code: str) -> list[Finding]:
        """A member's findings, newest year first."""
        return self._cached(("of-member", code), lambda: self._findings_of_member(code))

    def _findings_of_member(self, code: str) -> list[Finding]:
        items = [f for f in self.content.findings.values() if code in f.members]
        return sorted(items, key=lambda f: (-f.year, *self._finding_order(f)))

    def principle_numbered(self, principle_id: str, year: int) -> tuple[int, Revision, int] | None:
        """(number, revision, edition year) of a principle in force in `year`."""
        return self._cached(("numbered", principle_id, year), lambda: self._principle_numbered(principle_id, year))

    def _principle_numbered(self, principle_id: str, year: int) -> tuple[int, Revision, int] | None:
        found = self.charter.in_force(principle_id, year)
        if found is None:
            return None
        edition, number, revision = found
        return number, revision, edition.year

    def diff(self, revision: Revision) -> dict[str, Any] | None:
        """The word diff of a revision against the previous one, in this locale's text."""
        principle: Principle = self.content.principles[revision.principle_id]
        index = principle.revisions.index(revision)
        if index == 0:
            return None
        return self.diff_between(principle.revisions[index - 1], revision)

    def diff_between(self, previous: Revision, revision: Revision) -> dict[str, Any]:
        """The word diff of `revision` against an earlier revision `previous` of the same principle, in this locale's text.

        Where one of the two is untranslated, both are compared in the default locale
        (never one language with another); `lang` is the language of the texts compared.
        """
        old, new = self.loc(previous), self.loc(revision)
        if old.lang != new.lang:
            # One of the two is untranslated: compare the source texts, never one language with another.
            old, new = self._source(previous), self._source(revision)
        title = word_diff(old.title, new.title)
        body = word_diff(old.body, new.body)
        return {"previous": previous, "title": title, "body": body, "changed": has_changes(title) or has_changes(body), "lang": new.lang}

    def _source(self, document: Document) -> Localized:
        """`document` in the default locale, whatever this view's locale."""
        default = self.site.default_locale
        return Localized(
            document.title,
            document.body,
            Fields(document.translatable_fields()),
            default,
            "source" if self.locale == default else "missing",
        )


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled page templates kept for the life of the process, keyed by name and source checksum.

    Each build makes a fresh environment; `mkdocs serve` rebuilds in the same
    process, and compiling the templates again was a tenth of a preview rebuild.
    An edited template has another checksum, so it is compiled again.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _MemoryBytecodeCache()


def environment(custom_dir: Path | None = None, markdown: Callable[[str], str] | None = None) -> jinja2.Environment:
    """The autoescaped Jinja environment of page templates; a site overrides them in custom_dir/d5site/.

    `markdown` renders Markdown to HTML for the `markdown` filter (`{{ text | markdown }}`,
    sanitized like bodies); by default plain Python-Markdown. Bodies themselves go
    through `View.body_html` (or the `body` filter: `{{ finding | body }}`).
    """
    loaders: list[jinja2.BaseLoader] = []
    if custom_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(custom_dir)))
    loaders.append(jinja2.PackageLoader("d5site", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per build: no need to stat each template at every include
        bytecode_cache=_BYTECODE,
    )
    env.filters["md"] = md_text
    render = markdown or (lambda text: _markdown.markdown(text))
    env.filters["markdown"] = lambda text: Markup(sanitize(render(text)))
    env.filters["body"] = jinja2.pass_context(lambda context, document, **kw: context["v"].body_html(document, **kw))
    env.filters["html_block"] = html_block
    env.tests["contains"] = lambda container, item: item in container
    return env


class Renderer:
    """Renders generated pages' Markdown for one locale."""

    def __init__(self, env: jinja2.Environment, view: View):
        self.env = env
        self.view = view

    def render(self, spec: PageSpec) -> str:
        """The Markdown of `spec` in this renderer's locale."""
        view = self.view
        view.here = link_base(spec.src_uri, view.prefix, view.use_directory_urls, view.source_links)
        view.page_headings = []
        template = self.env.get_template(f"d5site/pages/{spec.template}")
        markdown = template.render(v=view, t=view.t, spec=spec, **spec.args)
        if not spec.searchable:
            markdown = "---\nsearch:\n  exclude: true\n---\n" + markdown
        return markdown
