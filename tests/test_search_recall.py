"""Search in the reader's language: every query of benchmarks/search_queries.yml finds its page (recall 100%).

Material's own search worker (the site's copy, in Node) runs each locale's queries on that
locale's index of the built example site (en, fr, ko) and of its Hebrew variant (he). A
query finds its page when the page is among the first `TOP` results, as a reader sees them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from examplesite import BuiltSite
from htmlutil import material_search

QUERIES = Path(__file__).resolve().parents[1] / "benchmarks" / "search_queries.yml"
TOP = 10
"""A query finds its page when the page is among this many first results (Material shows ten, then loads more)."""


def queries() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load(QUERIES.read_text("utf-8"))


def index_file(site: BuiltSite, locale: str) -> Path:
    return site.root / site.prefix(locale) / "search" / "search_index.json"


def missed(site: BuiltSite, locale: str) -> list[str]:
    """The queries of a locale that do not find their page, with what they found instead."""
    listed = queries()[locale]
    found = material_search(site.root, index_file(site, locale), *(q["query"] for q in listed))
    misses = []
    for q in listed:
        pages = list(dict.fromkeys(location.split("#", 1)[0] for location in found[q["query"]]))
        if q["page"] not in pages[:TOP]:
            misses.append(f"{q['query']!r} ({q['form']}) -> {pages[:TOP]}")
    return misses


def test_the_query_list_covers_every_locale_and_form() -> None:
    listed = queries()
    assert set(listed) == {"en", "fr", "ko", "he"}
    assert all(len(qs) >= 10 for qs in listed.values())
    forms = {locale: {q["form"] for q in qs} for locale, qs in listed.items()}
    assert {"elided", "unaccented", "prefix"} <= forms["fr"]
    assert "particle" in forms["ko"] and {"hebrew-prefix", "prefix"} <= forms["he"]


@pytest.mark.parametrize("locale", ["en", "fr", "ko"])
def test_every_query_finds_its_page_on_the_example_site(example_site: BuiltSite, locale: str) -> None:
    assert missed(example_site, locale) == []


def test_every_hebrew_query_finds_its_page(hebrew_site: BuiltSite) -> None:
    assert missed(hebrew_site, "he") == []


def test_forms_are_indexed_in_fields_never_displayed(example_site: BuiltSite) -> None:
    index = json.loads(index_file(example_site, "fr").read_text("utf-8"))
    fields = index["config"]["fields"]
    assert fields["title_forms"] == fields["title"] and fields["text_forms"] == fields["text"]
    doc = next(d for d in index["docs"] if d["location"] == "findings/2018/responsible-ai/")
    assert "ia" in doc["title_forms"].split() and "jerusalem" in doc["text_forms"].split()
    assert "jerusalem" not in doc["text"].lower()  # the displayed text is the page's own


@pytest.mark.parametrize("locale", ["en", "fr", "ko"])
def test_a_findings_result_excerpt_starts_with_its_summary(example_site: BuiltSite, locale: str) -> None:
    index = json.loads(index_file(example_site, locale).read_text("utf-8"))
    doc = next(d for d in index["docs"] if d["location"] == "findings/2018/responsible-ai/")
    summary = {
        "en": "<p>At the Jerusalem summit the members agreed",
        "fr": "<p>Au sommet de Jérusalem, les membres",
        "ko": "<p>예루살렘 정상회의에서 회원국은",
    }[locale]
    assert doc["text"].startswith(summary), doc["text"][:120]
