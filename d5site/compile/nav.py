"""The navigation d5site asks of an engine: which generated pages it lists, in what order, under which titles."""

from __future__ import annotations

from dataclasses import dataclass, field

from d5site.core.catalog import Catalog
from d5site.render.bodies import html_text
from d5site.render.pages import PageSpec

SECTION_KEYS = {"findings/index.md": "findings", "members/index.md": "members", "charter/index.md": "charter",
                "charter/principles/index.md": "principles", "code/index.md": "code_page"}
"""Each section of generated pages, by its index page, and the catalog label that titles it."""

REPORT_TEMPLATE = "report.md"
"""The template of an annual report's page (`/reports/<year>/`)."""
FOLDER_KEYS = {"reports": "annual_reports"}
"""Each section of generated pages without an index page, by its folder, and the catalog label that titles it: the
annual reports (`/reports/<year>/`; there is no `/reports/` page)."""


def in_nav(spec: PageSpec) -> bool:
    """Whether the navigation lists generated page `spec`: the section pages, years and editions the page list marks,
    and every annual report."""
    return spec.in_nav or spec.template == REPORT_TEMPLATE


@dataclass(frozen=True)
class NavPlan:
    """A locale's navigation of generated pages.

    An engine's automatic navigation (no `nav:` in mkdocs.yml) sorts files before
    folders and years oldest first; d5site's reads: the home page, Findings (newest
    year first), Annual reports (newest first), Charter (editions newest first, then
    principles), Members, then the site's other pages.
    """

    order: dict[str, int]
    """Rank of each generated page by src_uri (default-locale path): sort siblings by it, the home page first."""
    titles: dict[str, str]
    """Title of each section of generated pages, by its index page's src_uri: HTML (escaped text), as engines expect."""
    folder_titles: dict[str, str] = field(default_factory=dict)
    """Title of each section of generated pages that has no index page, by its folder (`reports`): HTML."""
    page_titles: dict[str, str] = field(default_factory=dict)
    """The navigation's title of a generated page where the plan names it (each annual report), by src_uri: HTML."""
    pages: frozenset[str] = frozenset()
    """The generated pages the navigation lists (`in_nav`), by src_uri."""

    def rank(self, src_uri: str | None) -> int:
        """Where a navigation item whose page (or section's index page) is `src_uri` goes among its siblings."""
        if src_uri == "index.md":
            return -1
        return self.order.get(src_uri, len(self.order)) if src_uri is not None else len(self.order)

    def section_title(self, folder: str) -> str | None:
        """The title (HTML) of the section of generated pages in `folder` (`findings`, `reports`), or None for another."""
        return self.titles.get(f"{folder}/index.md") or self.folder_titles.get(folder)

    def listed(self) -> list[str]:
        """The generated pages the navigation lists, in its order."""
        return sorted(self.pages, key=self.rank)


def section_titles(catalog: Catalog) -> dict[str, str]:
    """The navigation titles of the sections of generated pages, by their index page: catalog labels as HTML.

    MkDocs and Material write nav titles as HTML; a label is text (a site
    catalog may say anything), so it is escaped here, where the title is made.
    """
    return {uri: str(html_text(catalog.t(key))) for uri, key in SECTION_KEYS.items()}


def nav_plan(specs: dict[str, PageSpec], catalog: Catalog) -> NavPlan:
    """The navigation plan of one locale: the generated pages in the order of `specs`, but the annual reports newest
    first (the page list has them oldest first), each titled with the catalog's "Annual report <year>"."""
    reports = sorted((spec for spec in specs.values() if spec.template == REPORT_TEMPLATE),
                     key=lambda spec: spec.args["year"], reverse=True)
    newest_first = iter(reports)
    ordered = [next(newest_first).src_uri if spec.template == REPORT_TEMPLATE else uri for uri, spec in specs.items()]
    folder_titles = {folder: str(html_text(catalog.t(key))) for folder, key in FOLDER_KEYS.items()}
    page_titles = {spec.src_uri: str(html_text(catalog.t("annual_report", year=spec.args["year"]))) for spec in reports}
    return NavPlan({uri: index for index, uri in enumerate(ordered)}, section_titles(catalog), folder_titles, page_titles,
                   frozenset(uri for uri, spec in specs.items() if in_nav(spec)))
