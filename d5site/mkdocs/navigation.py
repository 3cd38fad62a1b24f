"""The compiler's navigation plan (d5site.compile.nav) applied to MkDocs' navigation tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from d5site.compile import NavPlan


def apply_nav_plan(nav: Navigation, plan: NavPlan, automatic: bool, strip_locale: Callable[[str], str]) -> Navigation:
    """Title the sections of generated pages; with `automatic` (no `nav:` in mkdocs.yml), put them in the plan's order.

    A section is known by the first of its children that is a section index page in the plan's titles.
    """
    titles = plan.titles

    def key_of(item: Any) -> str | None:
        if isinstance(item, Page) and item.file is not None:
            return strip_locale(item.file.src_uri)
        if isinstance(item, Section):
            for child in item.children:
                uri = key_of(child)
                if uri in titles:
                    return uri
        return None

    def rank(item: Any) -> int:
        return plan.rank(key_of(item))

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Section):
                uri = key_of(item)
                if uri in titles:
                    item.title = titles[uri]
                if automatic and any(key_of(child) in plan.order for child in item.children):
                    item.children.sort(key=rank)
                walk(item.children)

    walk(nav.items)
    if automatic:
        nav.items.sort(key=rank)
        pages = _pages_in(nav.items)
        for previous, page in zip([None, *pages], pages):
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
