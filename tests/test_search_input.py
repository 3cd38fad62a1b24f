"""Material's search reads a generated page up to the excluded sections that end it (d5site.mkdocs.searchinput): the index
is the same as from the whole page, the page's HTML the same as Material leaves it, and a cut is made only where exact."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st
from material.plugins.search.plugin import SearchIndex

from d5site.mkdocs import searchinput

MATERIAL_STRIP = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # what Material's on_page_context removes once it indexed


def entries(html: str) -> list[dict[str, object]]:
    """The entries Material's search index takes from a page of this HTML."""
    index = SearchIndex()
    index.add_entry_from_context(SimpleNamespace(content=html, meta={}, toc=[], url="findings/2018/", title="2018"))
    return index.entries


def assert_same_as_material(html: str) -> tuple[str, str]:
    read, rest = searchinput.split(html)
    assert read + rest == html
    assert entries(read) == entries(html)
    assert searchinput.rejoin(MATERIAL_STRIP.sub("", read), rest) == MATERIAL_STRIP.sub("", html)
    return read, rest


LIST = "<ul>" + "".join(f'<li><a href="f{i}/">Finding {i}</a><p>Summary {i} words</p></li>' for i in range(40)) + "</ul>\n"
OVERVIEW = '<h1 id="y">2018</h1>\n<div class="d5-body"><p>The year in words.</p></div>\n'


def test_a_year_page_is_cut_before_its_lists() -> None:
    html = (OVERVIEW + '<h2 data-search-exclude="true" id="findings">Findings of 2018</h2>\n' + LIST
            + '<h2 data-search-exclude="true" id="by-principle">By principle</h2>\n'
            + '<h3 data-search-exclude="true" id="p">1. User needs</h3>\n' + LIST)
    read, rest = assert_same_as_material(html)
    assert read == OVERVIEW and rest.startswith('<h2 data-search-exclude="true" id="findings">')


@pytest.mark.parametrize("html", [
    # a heading after the lists that search reads
    OVERVIEW + '<h2 data-search-exclude="true" id="l">L</h2>\n' + LIST + '<h2 id="after">After</h2>\n<p>Read.</p>\n',
    # the excluded heading inside an element: when it closes, Material reads on into the section before
    OVERVIEW + '<div>\n<h2 data-search-exclude="true" id="l">L</h2>\n' + LIST + "</div>\n<p>Read again.</p>\n" + LIST,
    # what follows is shorter than what precedes: a cut would cost more parsing than it saves
    OVERVIEW + LIST + '<h2 data-search-exclude="true" id="l">L</h2>\n<p>Short.</p>\n',
    # the attribute's name only in another attribute's value
    OVERVIEW + '<h2 title="data-search-exclude" id="l">L</h2>\n' + LIST,
    # an excluded heading without an id starts no section: what follows is read as part of the one before
    OVERVIEW + '<h2 data-search-exclude="true">L</h2>\n' + LIST,
    # a heading tag this module does not read counts as read by search
    OVERVIEW + '<h2 data-search-exclude="true" id="l">L</h2>\n' + LIST + '<h3 id="x" a="1"b>X</h3>\n' + LIST,
    # nothing excluded
    OVERVIEW + LIST,
])
def test_no_cut_where_it_would_not_be_exact_or_worth_it(html: str) -> None:
    read, rest = assert_same_as_material(html)
    assert (read, rest) == (html, "")


SECTION = st.tuples(
    st.sampled_from(["h1", "h2", "h3"]),
    st.booleans(),  # excluded
    st.booleans(),  # inside a div
    st.booleans(),  # has an id
    st.sampled_from(["<p>Text &amp; more.</p>", LIST, '<p data-search-exclude="true">Hidden.</p>', "<table><tr><td>1</td></tr></table>"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SECTION, max_size=8))
def test_any_page_gives_the_same_index_and_html(sections: list[tuple[str, bool, bool, bool, str]]) -> None:
    html = OVERVIEW
    for number, (tag, excluded, nested, has_id, body) in enumerate(sections):
        attrs = (' data-search-exclude="true"' if excluded else "") + (f' id="s{number}"' if has_id else "")
        section = f"<{tag}{attrs}>Section {number}</{tag}>\n{body}\n"
        html += f"<div>\n{section}</div>\n" if nested else section
    assert_same_as_material(html)


def test_a_built_year_page_is_whole_and_its_lists_are_not_searched(tmp_path) -> None:
    from sitetree import build_tree, make_site

    root, site = build_tree(make_site(tmp_path))
    html = (site.dir / "findings" / "2018" / "index.html").read_text("utf-8")
    assert 'id="findings"' in html and 'href="responsible-ai/"' in html  # the list is in the page
    assert "data-search-" not in html
    index = json.loads((site.dir / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert "findings/2018/" in locations  # the overview is searched
    assert not {"findings/2018/#findings", "findings/2018/#by-principle", "findings/2018/#by-member"} & locations
