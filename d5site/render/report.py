"""The annual report as a publication: its PDF's file name and place, publication date, reference and citation."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from d5site.core.model import Content
from d5site.core.siteconfig import Options

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def report_slug(options: Options, site_name: str) -> str:
    """The PDFs' name prefix: the `report_slug` option, else site_name in ASCII words (`Digital Nations` -> `digital-nations`)."""
    if options.report_slug:
        return options.report_slug
    ascii_name = unicodedata.normalize("NFKD", site_name).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_name).strip("-")[:60].strip("-")


def pdf_name(options: Options, site_name: str, year: int, locale: str) -> str:
    """`digital-nations-annual-report-2018-fr.pdf` (`annual-report-2018-fr.pdf` for a name without ASCII letters)."""
    slug = report_slug(options, site_name)
    return f"{slug + '-' if slug else ''}annual-report-{year}-{locale}.pdf"


def pdf_path(options: Options, site_name: str, year: int, locale: str, locale_prefix: str, use_directory_urls: bool) -> str:
    """The PDF's site-relative path: in the folder of the report page `[<locale>/]reports/<year>/`."""
    folder = f"reports/{year}/" if use_directory_urls else "reports/"
    return f"{locale_prefix}{folder}{pdf_name(options, site_name, year, locale)}"


def published(content: Content, options: Options, year: int) -> _dt.date | None:
    """The report's publication date: `report_published` for that year, else the latest date of the year's content.

    Never the build date: the same content gives the same report.
    """
    configured = (options.report_published or {}).get(year)
    if isinstance(configured, _dt.date):
        return configured
    dates = [f.date for (y, _), f in content.findings.items() if y == year and f.date]
    overview = content.overviews.get(year)
    if overview is not None:  # the summits' days (contract v3), or the v2 single summit's date
        dates += [day for summit in overview.summits for day in (summit.date, summit.end) if day]
        if overview.date:
            dates.append(overview.date)
    return max(dates) if dates else None


def reference(options: Options, year: int) -> str | None:
    """The report's reference number (`report_reference` with `{year}` replaced), or None."""
    if not options.report_reference:
        return None
    return options.report_reference.replace("{year}", str(year))


@dataclass(frozen=True)
class ReportFacts:
    """What the cover and colophon of one year's report say beyond its content."""

    published: _dt.date | None
    reference: str | None
    pdf_href: str | None
    """Link from the current page to the PDF, None when the site builds no PDF."""
    pdf_name: str
    url: str | None
    """The report page's address on the published site (None without site_url)."""
    licence: str
    """SPDX id of the site's licence, under which the report is published."""
    licence_url: str
