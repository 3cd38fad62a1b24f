"""Findings' pages in one locale: each year's findings and summits, the annual reports, themes, and the code the findings share."""

from __future__ import annotations

from typing import Any, Literal

from markupsafe import Markup

from d5site.core import urls
from d5site.core.model import PARTNER_KINDS, Code, Content, Finding, YearOverview, finding_order
from d5site.core.siteconfig import SiteConfig
from d5site.core.spdx import licence_name, licence_url
from d5site.core.urls import page_url
from d5site.render import report
from d5site.render.localtext import LocaleText, Memo
from d5site.render.pagelinks import PageLinks
from d5site.render.report import ReportFacts


class FindingPages:
    """What the findings' pages (by year, by theme), the reports and the shared-code page show in one locale."""

    def __init__(self, site: SiteConfig, content: Content, text: LocaleText, links: PageLinks, site_name: str = "") -> None:
        self.site = site
        self.content = content
        self.text = text
        self.links = links
        self.site_name = site_name
        """The organisation publishing the site, which names the reports' PDFs."""
        self._memo = Memo()

    # -- years and their reports ---------------------------------------------------

    def findings_of(self, year: int) -> list[Finding]:
        """A year's findings in the same order in every locale: by date (undated last), then by id (contract §5a)."""
        return self.content.findings_of(year)

    def cited_by(self, findings: list[Finding], field: Literal["principles", "members"]) -> dict[str, list[Finding]]:
        """`findings` grouped by each principle (`field="principles"`) or member (`"members"`) they name, in their order:
        one pass, where a template filtering the findings once for each principle or member went over them all each time."""
        groups: dict[str, list[Finding]] = {}
        for finding in findings:
            for key in dict.fromkeys(getattr(finding, field)):
                groups.setdefault(key, []).append(finding)
        return groups

    def summits(self, overview: YearOverview | None) -> list[dict[str, Any]]:
        """A year's summits in this locale: place and theme (with their `lang` attributes), days, host (contract v3 §5a)."""
        if overview is None:
            return []
        text = self.text
        return self._memo.get(("summits", overview.year), lambda: [
            {
                "place": text.localized_map(s.place), "place_attrs": text.map_lang(s.place),
                "theme": text.localized_map(s.theme), "theme_attrs": text.map_lang(s.theme),
                "date": s.date, "days": text.catalog.date_range(s.date, s.end), "host": s.host, "online": s.online,
            }
            for s in overview.meetings(self.site.default_locale)
        ])

    def report_pdfs(self) -> list[tuple[int, ReportFacts]]:
        """Each year with a PDF report, newest first, with its facts."""
        facts = [(year, self.report(year)) for year in sorted(self.content.years, reverse=True)]
        return [(year, r) for year, r in facts if r.pdf_href]

    def report(self, year: int) -> ReportFacts:
        """The cover's and colophon's facts of `year`'s report, its PDF linked from the current page."""
        options, links = self.site.options, self.links
        pdf = report.pdf_path(options, self.site_name, year, self.text.locale, links.prefix, links.use_directory_urls)
        target = page_url(urls.report_page(year), links.prefix, links.use_directory_urls)
        return ReportFacts(
            published=report.published(self.content, options, year),
            reference=report.reference(options, year),
            pdf_href=links.asset(pdf) if options.pdf and self.findings_of(year) else None,
            pdf_name=pdf.rpartition("/")[2],
            url=urls.absolute_url(self.site.site_url, target) if self.site.site_url else None,
            licence=options.licence,
            licence_url=licence_url(options.licence),
        )

    # -- themes ------------------------------------------------------------------------

    def theme_name(self, theme_id: str) -> str:
        """A theme's label in this locale, else in the default locale, else its id."""
        theme = self.content.themes.get(theme_id)
        names = theme.names if theme else {}
        return names.get(self.text.locale) or names.get(self.site.default_locale) or theme_id

    def theme_lang(self, theme_id: str) -> Markup:
        """` lang=".."` for a theme label shown in the default locale's language; else nothing."""
        theme = self.content.themes.get(theme_id)
        names = theme.names if theme else {}
        locale = self.text.locale
        return self.text.lang_attrs(locale if locale in names else self.site.default_locale)

    def theme_description(self, theme_id: str) -> tuple[str, str]:
        """(description, its language) of a theme, this locale's or the default locale's; ("", locale) if none."""
        theme = self.content.themes.get(theme_id)
        texts = theme.descriptions if theme else {}
        locale = self.text.locale
        if locale in texts:
            return texts[locale], locale
        return texts.get(self.site.default_locale, ""), self.site.default_locale

    def themes_in_order(self) -> list[str]:
        """Theme ids by their label in this locale."""
        return sorted(self.content.themes, key=lambda tid: (self.text.collate(self.theme_name(tid)), tid))

    def findings_of_theme(self, theme_id: str) -> list[Finding]:
        """A theme's findings, newest year first, then by date and id (the same in every locale)."""
        items = [f for f in self.content.findings.values() if theme_id in f.themes]
        return sorted(items, key=lambda f: (-f.year, *finding_order(f)))

    # -- shared code and partners --------------------------------------------------

    def shared_code(self) -> list[tuple[Finding, Code]]:
        """Every `code:` entry of every finding: (finding, code), by year (newest first), then finding order."""
        return self._memo.get(
            ("code",),
            lambda: [(f, c) for year in sorted(self.content.years, reverse=True) for f in self.content.findings_of(year) for c in f.code],
        )

    def code_by_member(self) -> list[tuple[str, list[tuple[Finding, Code]]]]:
        """Shared code grouped by member (each finding's members), by member name."""
        groups: dict[str, list[tuple[Finding, Code]]] = {}
        for finding, code in self.shared_code():
            for member in finding.members:
                groups.setdefault(member, []).append((finding, code))
        return sorted(groups.items(), key=lambda item: self.text.member_name(item[0]).casefold())

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
