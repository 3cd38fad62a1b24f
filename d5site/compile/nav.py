"""The navigation d5site asks of an engine: the order of generated pages and their sections' titles."""

from __future__ import annotations

from dataclasses import dataclass

from d5site.core.catalog import Catalog
from d5site.render.bodies import html_text
from d5site.render.pages import PageSpec

SECTION_KEYS = {"findings/index.md": "findings", "members/index.md": "members", "charter/index.md": "charter",
                "charter/principles/index.md": "principles", "code/index.md": "code_page"}
"""Each section of generated pages, by its index page, and the catalog label that titles it."""


@dataclass(frozen=True)
class NavPlan:
    """A locale's navigation of generated pages.

    An engine's automatic navigation (no `nav:` in mkdocs.yml) sorts files before
    folders and years oldest first; d5site's reads: the home page, Findings (newest
    year first), Charter (editions newest first, then principles), Members, then
    the site's other pages.
    """

    order: dict[str, int]
    """Rank of each generated page by src_uri (default-locale path): sort siblings by it, the home page first."""
    titles: dict[str, str]
    """Title of each section of generated pages, by its index page's src_uri: HTML (escaped text), as engines expect."""

    def rank(self, src_uri: str | None) -> int:
        """Where a navigation item whose page (or section's index page) is `src_uri` goes among its siblings."""
        if src_uri == "index.md":
            return -1
        return self.order.get(src_uri, len(self.order)) if src_uri is not None else len(self.order)


def section_titles(catalog: Catalog) -> dict[str, str]:
    """The navigation titles of the sections of generated pages, by their index page: catalog labels as HTML.

    MkDocs and Material write nav titles as HTML; a label is text (a site
    catalog may say anything), so it is escaped here, where the title is made.
    """
    return {uri: str(html_text(catalog.t(key))) for uri, key in SECTION_KEYS.items()}


def nav_plan(specs: dict[str, PageSpec], catalog: Catalog) -> NavPlan:
    """The navigation plan of one locale."""
    return NavPlan({uri: index for index, uri in enumerate(specs)}, section_titles(catalog))
