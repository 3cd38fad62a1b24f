"""The annual reports' PDFs in a MkDocs build: each report page, once converted, is printed into its folder."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from d5site.core import urls
from d5site.core.siteconfig import SiteConfig
from d5site.mkdocs import i18n_bridge
from d5site.render import pdf, report

if TYPE_CHECKING:
    from d5site.mkdocs.build import SiteBuild

log = logging.getLogger("mkdocs.plugins.d5site")

_REPORT_URL = re.compile(r"(?:(?P<locale>[^/]+)/)?reports/(?P<year>[0-9]{4})(?:/|\.html)")


class ReportPdfs:
    """Prints each report page of a build (every locale) as a PDF next to it; off for `serve` unless asked."""

    serve_pdfs: bool = False
    """Set by `d5site serve --pdf`: the preview builds the PDFs too."""

    def __init__(self) -> None:
        self.command: str | None = None

    def startup(self, command: str) -> None:
        """Remember the command: `serve` skips PDFs unless `serve_pdfs`."""
        self.command = command

    def page_written(self, build: SiteBuild, page: Page, config: MkDocsConfig) -> None:
        """After a page's HTML is made (its content still held): if it is a year's report with findings, its PDF."""
        site, content = build.compiler.site, build.compiler.loaded.content
        if not site.options.pdf or (self.command == "serve" and not self.serve_pdfs):
            return
        match = _REPORT_URL.fullmatch(page.url)
        locale = i18n_bridge.current_locale(config)
        prefix = urls.locale_prefix(locale, site.default_locale)
        if match is None or (match["locale"] or "") != prefix.rstrip("/") or int(match["year"]) not in content.years:
            return
        year = int(match["year"])
        if page.url != urls.page_url(urls.report_page(year), prefix, config.use_directory_urls) or not any(
                y == year for y, _ in content.findings):
            return
        published = report.published(content, site.options, year)
        title = f"{build.compiler.catalogs[locale].t('annual_report', year=year)} – {config.site_name}"
        name = report.pdf_name(site.options, config.site_name, year, locale)
        target = Path(page.file.abs_dest_path).parent / name
        printed = pdf.PrintedReport(
            html=pdf.document(page.content or "", lang=locale, rtl=SiteConfig.is_rtl(locale), title=title,
                              publisher=config.site_name, published=published.isoformat() if published else None),
            css=pdf.stylesheet(SiteConfig.is_rtl(locale)),
            base_url=config.site_url.rstrip("/") + "/" + page.url if config.site_url else None,
            site_url=config.site_url or None,
            site_dir=Path(config.site_dir),
            label=f"{prefix}reports/{year}/{name}",
        )
        cache = site.root / site.options.pdf_cache_dir
        try:
            made = pdf.write(printed, target, cache)
        except pdf.PdfError as exc:
            raise PluginError(f"d5site: {exc}") from None
        log.debug("d5site: %s %s", "printed" if made else "from the cache:", printed.label)
