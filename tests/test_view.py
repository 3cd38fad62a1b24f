"""The view templates read as `v` (d5site.render.pages.View): its collaborators answer every name page templates read, each
name has one owner, and a name cannot be set on the view over a collaborator's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from d5site.core.catalog import Catalog
from d5site.core.charter import Charter
from d5site.core.model import Content
from d5site.core.siteconfig import Options, SiteConfig
from d5site.render.pages import View

TEMPLATES = Path(__file__).resolve().parent.parent / "d5site" / "templates" / "d5site"
V_NAME = re.compile(r"\bv\.([A-Za-z_]\w*)")


def _view(locale: str = "en", **kwargs: object) -> View:
    site = SiteConfig(root=Path("."), default_locale="en", locales=["en", "fr"], locale_names={}, options=Options())
    content = Content(default_locale="en", locales=["en", "fr"])
    return View(site, content, Charter(content), locale, Catalog(locale), **kwargs)


def _template_names() -> set[str]:
    return {name for path in TEMPLATES.rglob("*") if path.is_file() for name in V_NAME.findall(path.read_text("utf-8"))}


def test_every_name_page_templates_read_on_v_is_answered() -> None:
    names = _template_names()
    assert len(names) > 50  # the scan found the templates
    view = _view()
    missing = sorted(name for name in names if not hasattr(view, name))
    assert missing == []


def test_each_name_has_one_owner() -> None:
    """A name two collaborators had would be answered by the first alone: none is shared (but the view's own)."""
    view = _view()
    owners: dict[str, list[str]] = {}
    for slot in View.__slots__:
        part = None if slot.startswith("_") else getattr(view, slot)
        if not type(part).__module__.startswith("d5site.render."):
            continue  # the view's own data: the site, its content, charter, catalog, locale, name
        for name in set(dir(type(part))) | set(vars(part)):
            if not name.startswith("_") and name not in View.__slots__:
                owners.setdefault(name, []).append(slot)
    assert {"url", "member_name", "body_html", "principle_title", "growth", "report", "status_url"} <= set(owners)
    assert {name: slots for name, slots in owners.items() if len(slots) > 1} == {}


def test_names_are_the_collaborators() -> None:
    view = _view("fr", use_directory_urls=False)
    assert view.member_url == view.links.member_url
    assert view.growth == view.member_pages.growth
    assert view.prefix == "fr/" and view.use_directory_urls is False and view.rtl is False
    view.open_page("findings/2018/x.md")
    assert view.here == "fr/findings/2018/x.html"
    assert view.url("members/index.md") == "../../members/index.html"


def test_open_page_starts_an_empty_table_of_contents() -> None:
    view = _view()
    view.toc_heading(2, "a", "A")
    assert [h.id for h in view.page_headings] == ["a"]
    view.open_page("members/index.md")
    assert view.page_headings == []
    assert view.here == "members/"


def test_unknown_names_and_setting_a_collaborators_name_fail() -> None:
    view = _view()
    with pytest.raises(AttributeError, match="no_such_method"):
        _ = view.no_such_method
    with pytest.raises(AttributeError):
        view.here = "elsewhere/"
    with pytest.raises(AttributeError):
        _ = view._parts_of_nothing


def test_cited_by_groups_findings_in_their_order_once_each() -> None:
    from types import SimpleNamespace

    a = SimpleNamespace(principles=["open-markets", "user-needs"], members=["gb"])
    b = SimpleNamespace(principles=["user-needs", "user-needs"], members=["ee", "gb"])
    view = _view()
    assert view.cited_by([a, b], "principles") == {"open-markets": [a], "user-needs": [a, b]}
    assert view.cited_by([a, b], "members") == {"gb": [a, b], "ee": [b]}
