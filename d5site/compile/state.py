"""What the theme shows about a page's language: notices, `lang`/`dir`, hreflang, feed link, print CSS."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NotRequired, TypedDict
from urllib.parse import quote, urlsplit

from d5site.core import urls
from d5site.core.catalog import Catalog
from d5site.core.sitecheck import FOOTER_OPTIONS, footer_link
from d5site.core.siteconfig import SiteConfig
from d5site.core.translations import DocsPage, docs_pages, state_of
from d5site.core.urls import page_url, relative_url
from d5site.render.pages import PageSpec


class PageState(TypedDict):
    """A page's state, read by the theme's templates from `page.meta.d5site` (every URL relative to the page's URL)."""

    locale: str
    state: str
    """'source' (default locale), 'current', 'outdated' or 'missing' (a fallback: the default locale's text)."""
    generated: bool
    text_lang: str
    text_dir: str | None
    source_url: str
    source_lang: str
    hreflang: list[dict[str, str]]
    """`{"lang", "href"}` for each locale the page is translated into (fallbacks are no alternates)."""
    feed_url: str
    fallback_notice: str
    outdated_notice: str
    outdated_link: str
    translations_url: str | None
    translation_status: str
    print_css: str | None
    made_with: str
    home: NotRequired[dict[str, Any]]
    """On a home page with the front-door layout (`template: d5site/home.html`): its blocks (`LocaleCompiler.home`)."""
    head_title: NotRequired[str]
    """The page's `<title>`: set by the engine adapter once the page's own title is known (`LocaleCompiler.head_title`)."""
    canonical_url: str | None
    """For a fallback on a site with a `site_url`: the source page's URL (the engine sets the canonical link)."""


def localized_uri(src_uri: str, locale: str) -> str:
    """x.md -> x.<locale>.md: a page's translation file (static-i18n's suffix layout)."""
    return f"{src_uri[:-3]}.{locale}.md"


def locale_prefix(locale: str, default_locale: str) -> str:
    """Where a locale's pages live below the site's root: "" for the default locale, else `<locale>/`."""
    return "" if locale == default_locale else f"{locale}/"


def site_path(site_url: str | None) -> str:
    """The path of the site's root on its server, with a trailing slash ("/" without a `site_url`)."""
    if not site_url:
        return "/"
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def css_string(value: str) -> str:
    """`value` as a quoted CSS string: letters, digits and spaces as they are, anything else as a hex escape.

    Each escape ends with a space, which CSS consumes as its terminator, so a space or a
    hex digit that follows is read as itself.
    """
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in value) + '"'


HOME_PAGE = "index.md"
"""The home page's source: the first step of every breadcrumb trail."""

CHROME_LABELS = ("languages", "breadcrumb", "site_footer", "footer_contact", "footer_accessibility", "footer_privacy")
"""Catalog keys of the labels the theme's chrome shows (language switcher, breadcrumbs, footer)."""


def chrome_labels(catalog: Catalog) -> dict[str, str]:
    """The labels of the theme's chrome in `catalog`'s locale, by catalog key."""
    return {key: catalog.t(key) for key in CHROME_LABELS}


def footer_links(site: SiteConfig, catalog: Catalog, prefix: str, here: str | None) -> list[dict[str, str]]:
    """The footer's links on the page at `here` in a locale (`prefix`): the site's licence, and each of contact,
    accessibility statement and privacy notice the site configures (a docs/ page: that page in the locale).

    Links to pages are relative to `here`, or paths from the server's root when `here` is None (the 404 page,
    served at any URL)."""
    licence = site.options.licence
    links = [{"key": "licence", "label": catalog.t("footer_licence", licence=licence),
              "href": f"https://spdx.org/licenses/{quote(licence)}.html"}]
    for key in FOOTER_OPTIONS:
        target = footer_link(site, key)
        if target is None:
            continue
        if "://" in target or target.startswith("mailto:"):
            href = target
        else:
            url = page_url(target, prefix, site.use_directory_urls)
            href = site_path(site.site_url) + url if here is None else relative_url(url, here)
        links.append({"key": key, "label": catalog.t(f"footer_{key}"), "href": href})
    return links


@dataclass
class PageStates:
    """Computes `PageState` for generated and docs/ pages of a site."""

    site: SiteConfig
    specs: dict[str, PageSpec]
    catalogs: dict[str, Catalog]
    site_name: str
    _docs: dict[str, DocsPage] | None = None

    def switcher(self, uri: str) -> dict[str, str]:
        """The language switcher's link to page `uri` in each locale (a path from the server's root)."""
        root = site_path(self.site.site_url)
        return {other: root + page_url(uri, locale_prefix(other, self.site.default_locale), self.site.use_directory_urls)
                for other in self.site.locales}

    def state(self, locale: str, uri: str, here: str | None = None, text_locale: str | None = None) -> PageState:
        """The state of page `uri` (a docs/ or generated page's source path, locale suffix removed) in `locale`.

        `here` is the page's URL (by default, the URL d5site gives `uri`); `text_locale`
        the language of the text an engine shows for a docs/ page (by default, `locale`
        when `uri`'s translation file exists, else the default locale).
        """
        site, default = self.site, self.site.default_locale
        catalog = self.catalogs[locale]
        spec = self.specs.get(uri)
        generated = spec is not None
        prefix = locale_prefix(locale, default)
        if here is None:
            here = page_url(uri, prefix, site.use_directory_urls)
        source_url = page_url(uri, "", site.use_directory_urls)
        state = "source" if locale == default else "current"
        if locale != default:
            if spec is not None and spec.document is not None:
                state = state_of(spec.document, locale)
            elif not generated:
                if text_locale is None:
                    text_locale = default if self.is_fallback(None, uri, locale) else locale
                state = "missing" if text_locale != locale else self._docs_state(uri, locale)
        hreflang = []
        for other in self.site.locales:
            if not self.is_fallback(spec, uri, other):
                target = page_url(uri, locale_prefix(other, default), site.use_directory_urls)
                href = site.site_url.rstrip("/") + "/" + target if site.site_url else relative_url(target, here)
                hreflang.append({"lang": other, "href": href})
        rtl, default_rtl = SiteConfig.is_rtl(locale), SiteConfig.is_rtl(default)
        names = {"language": catalog.language_name(locale), "source_language": catalog.language_name(default)}
        return {
            "locale": locale,
            "state": state,
            "generated": generated,
            "text_lang": default if state == "missing" else locale,
            "text_dir": ("rtl" if default_rtl else "ltr") if rtl != default_rtl and state == "missing" else None,
            "source_url": relative_url(source_url, here),
            "source_lang": default,
            "hreflang": hreflang,
            "feed_url": relative_url(prefix + "feed.xml", here),
            "fallback_notice": catalog.t("fallback_notice", **names),
            "outdated_notice": catalog.t("outdated_notice", **names),
            "outdated_link": catalog.t("outdated_link", **names),
            "translations_url": relative_url(page_url("translations/index.md", prefix, site.use_directory_urls), here)
            if len(self.site.locales) > 1 else None,
            "translation_status": catalog.t("translation_status"),
            "print_css": self._print_css(spec, catalog, locale),
            "made_with": catalog.t("made_with"),
            "chrome": chrome_labels(catalog),
            "footer": footer_links(site, catalog, prefix, here),
            "breadcrumbs": self._breadcrumbs(spec, catalog, prefix, here),
            "canonical_url": site.site_url.rstrip("/") + "/" + source_url if state == "missing" and site.site_url else None,
        }

    def _breadcrumbs(self, spec: PageSpec | None, catalog: Catalog, prefix: str, here: str) -> list[dict[str, str]]:
        """The trail to a year, finding, report, theme, member, principle or earlier edition page: the pages above it."""
        if spec is None:
            return []
        findings = [("home", HOME_PAGE), ("findings", urls.FINDINGS)]
        trails = {
            "year.md": findings, "themes.md": findings,
            "theme.md": [*findings, ("themes", urls.THEMES)],
            "member.md": [("home", HOME_PAGE), ("members", urls.MEMBERS)],
            "principle.md": [("home", HOME_PAGE), ("charter", urls.CHARTER), ("principles", urls.PRINCIPLES)],
            "edition.md": [] if spec.args.get("current") else [("home", HOME_PAGE), ("charter", urls.CHARTER)],
        }
        if spec.template in ("finding.md", "report.md"):
            year = spec.args["finding"].year if spec.template == "finding.md" else spec.args["year"]
            trail = [*findings, (str(year), urls.year_page(year))]
        else:
            trail = trails.get(spec.template, [])
        return [{"label": key if key.isdigit() else catalog.t(key),
                 "href": relative_url(page_url(uri, prefix, self.site.use_directory_urls), here)} for key, uri in trail]

    def is_fallback(self, spec: PageSpec | None, uri: str, locale: str) -> bool:
        """Whether the page at `uri` shows the default locale's text in `locale` (untranslated)."""
        if locale == self.site.default_locale:
            return False
        if spec is not None:
            return spec.document is not None and locale not in spec.document.translations
        return not (Path(self.site.docs_path) / localized_uri(uri, locale)).is_file()

    def _docs_state(self, uri: str, locale: str) -> str:
        """`current` or `outdated` for a translated docs/ page (stamped against its source, like findings)."""
        if self._docs is None:
            self._docs = {page.uri: page for page in docs_pages(self.site)}
        page = self._docs.get(uri)
        return page.state(locale) if page is not None else "current"

    def _print_css(self, spec: PageSpec | None, catalog: Catalog, locale: str) -> str | None:
        """For an annual report: the printed pages' running head (organisation and title) and page numbers.

        Chromium prints `@page` margin boxes; their text is a CSS string, escaped here
        character by character so that nothing in a site name can end the string or the
        `<style>` element. Page numbers sit at the outer corner: bottom right, or
        bottom left in a right-to-left locale.
        """
        if spec is None or spec.template != "report.md":
            return None
        head = f"{self.site_name} · {catalog.t('annual_report', year=spec.args['year'])}"
        corner = "bottom-left" if SiteConfig.is_rtl(locale) else "bottom-right"
        return ("@media print { @page { @top-center { content: " + css_string(head) + "; } "
                "@" + corner + " { content: counter(page) \" / \" counter(pages); } } "
                "@page :first { @top-center { content: none; } } }")
