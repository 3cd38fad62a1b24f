"""What an in-process `mkdocs build` lets go of as it moves from locale to locale (issue 10's memory target).

static-i18n builds the locales one after another in one process and keeps every
built locale's pages for its sitemap; these tests build the default tree in
process and look at what is still held.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import babel.core
import pytest

from d5site.core import collation
from d5site.mkdocs import i18n_bridge
from sitetree import make_site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the default tree in this process; record, at each locale's end, the search entries still stacked."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_site(tmp_path_factory.mktemp("memory"), stamp=True)
    config = load_config(str(root / "mkdocs.yml"))
    stacked: list[tuple[str, int, int]] = []
    original = i18n_bridge.take_search_index

    def spy(config: Any, options: dict[str, Any], **kwargs: Any) -> Any:
        entries = config.plugins["material/search"].search_index.entries
        stacked.append((i18n_bridge.current_locale(config), len(config.plugins["i18n"].search_entries), len(entries)))
        return original(config, options, **kwargs)

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(i18n_bridge, "take_search_index", spy)
    try:
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    finally:
        monkeypatch.undo()
    return {"root": root, "config": config, "stacked": stacked}


def test_each_locale_lets_go_of_its_search_entries_when_it_is_done(built: dict[str, Any]) -> None:
    """At the end of each locale's build, no earlier locale's search entries are still held; none are at the end."""
    assert [(locale, held) for locale, held, _ in built["stacked"]] == [("en", 0), ("fr", 0), ("ko", 0)]
    assert all(own > 0 for _, _, own in built["stacked"])  # each locale's own entries were there to write
    config = built["config"]
    assert config.plugins["i18n"].search_entries == []
    assert config.plugins["material/search"].search_index.entries == []


def test_the_indexes_written_as_locales_end_are_each_locales_own(built: dict[str, Any]) -> None:
    """The default locale's index waits for the last build, since every locale's search plugin rewrites the root's."""
    site = Path(built["root"]) / "site"
    indexes = {locale: json.loads((site / prefix / "search/search_index.json").read_text("utf-8"))
               for locale, prefix in (("en", ""), ("fr", "fr"), ("ko", "ko"))}
    titles = {locale: [doc["title"] for doc in index["docs"] if doc["location"] == "findings/"] for locale, index in indexes.items()}
    assert titles == {"en": ["Findings"], "fr": ["Constats"], "ko": ["발견 사항"]}
    assert indexes["en"]["config"]["lang"] == ["en"] and indexes["fr"]["config"]["lang"] == ["fr"]
    for locale, index in indexes.items():
        assert not any(doc["location"].startswith(("fr/", "ko/")) for doc in index["docs"]), locale


def test_generated_pages_kept_for_the_sitemap_are_empty_shells(built: dict[str, Any]) -> None:
    """static-i18n keeps every locale's pages to the end; a generated page keeps no Markdown, HTML or table of contents."""
    i18n = built["config"].plugins["i18n"]
    shells = 0
    for locale, files in i18n.i18n_files_per_language.items():
        for file in files:
            if not file.src_uri.startswith("findings/") or file.page is None:
                continue
            page = file.page
            assert (page.markdown, page.content, file.content_string, page.toc.items) == ("", "", "", []), (locale, file.src_uri)
            shells += 1
    assert shells >= 3 * 2  # every locale's finding pages


def test_babels_data_and_the_sort_keys_are_let_go(built: dict[str, Any]) -> None:
    """Every date and name is computed before the pages: Babel's global data goes; sort keys are kept for one locale."""
    assert babel.core._global_data is None
    collation.forget_keys()
    collation.sort_key("Estonie", "fr")
    assert collation._sort_key.cache_info().currsize == 1
