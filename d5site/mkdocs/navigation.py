"""The compiler's navigation plan (d5site.compile.nav) applied to MkDocs' navigation tree."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from d5site.compile import NavPlan


def apply_nav_plan(nav: Navigation, plan: NavPlan, automatic: bool, strip_locale: Callable[[str], str]) -> Navigation:
    """Title the sections of generated pages; with `automatic` (no `nav:` in mkdocs.yml), put them in the plan's order
    and give the pages it names (the annual reports) their titles.

    A section is known by the first of its children that is a section index page in the plan's titles; in the
    automatic navigation, where each section is a folder, a section without one (the annual reports) by its folder.
    """
    titles = plan.titles

    def uri_of(page: Page) -> str | None:
        return strip_locale(page.file.src_uri) if page.file is not None else None

    def key_of(item: Any) -> str | None:
        if isinstance(item, Page):
            return uri_of(item)
        if isinstance(item, Section):
            for child in item.children:
                uri = key_of(child)
                if uri in titles:
                    return uri
        return None

    def rank(item: Any) -> int:
        """A page's rank in the plan; a section's is its first page's (the pages it holds that are not d5site's last)."""
        if isinstance(item, Section):
            return min((rank(child) for child in item.children), default=plan.rank(None))
        return plan.rank(key_of(item))

    def folder_of(section: Section) -> str | None:
        """The folder of a section of the automatic navigation: that of the pages directly in it."""
        uri = next((uri_of(child) for child in section.children if isinstance(child, Page)), None)
        return posixpath.dirname(uri) if uri is not None else None

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                uri = key_of(item)
                if uri in titles:
                    item.title = titles[uri]
                elif automatic:
                    folder = folder_of(item)
                    if folder is not None and folder in plan.folder_titles:
                        item.title = plan.folder_titles[folder]
                if automatic and any(key_of(child) in plan.order for child in item.children):
                    item.children.sort(key=rank)
                walk(item.children)
            elif automatic and isinstance(item, Page):
                title = plan.page_titles.get(key_of(item) or "")
                if title is not None:
                    item.title = title  # type: ignore[misc]  # MkDocs' title is a weak_property: this value overrides it

    walk(nav.items)
    if automatic:
        nav.items.sort(key=rank)
        pages = _pages_in(nav.items)
        for previous, page in zip([None, *pages], pages, strict=False):
            page.previous_page = previous
            if previous is not None:
                previous.next_page = page
        if pages:
            pages[-1].next_page = None
        nav.pages = pages
    return nav


def _pages_in(items: list[Any]) -> list[Page]:
    """The pages of a navigation tree, in reading order."""
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages_in(item.children))
    return pages
