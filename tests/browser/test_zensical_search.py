"""`d5site build --engine zensical` in a real browser: each locale's search (Zensical's own client) reads that locale's
index and leads to that locale's pages; the language selector leads to the same page in each locale."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from examplesite import REPO, example_copy, serve

pytestmark = pytest.mark.browser

SEARCHES = {"": "procurement", "fr/": "marchés", "ko/": "데이터"}
"""A word of each locale's text, by the locale's prefix."""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("zensical-browser")
    config = example_copy(base / "src")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-m", "d5site", "build", "--engine", "zensical", "--strict", "--config", str(config),
                             "-d", str(base / "site")], cwd=config.parent, capture_output=True, text=True, env=env, timeout=600,
                            check=False)
    assert result.returncode == 0, result.stderr
    yield from serve(base / "site")


def _results(page: object, url: str, word: str) -> list[str]:
    """The links of Zensical's search dialog (in a shadow root) after typing `word` on the page at `url`."""
    page.goto(url)  # type: ignore[attr-defined]
    page.click(".md-search__button")  # type: ignore[attr-defined]
    page.keyboard.type(word)  # type: ignore[attr-defined]
    page.wait_for_function("() => [...document.querySelectorAll('*')].some(e => e.shadowRoot && "  # type: ignore[attr-defined]
                           "e.shadowRoot.querySelector('ol[role=listbox] a[href]'))", timeout=15000)
    return page.evaluate("() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot).flatMap(e => "  # type: ignore[attr-defined]
                         "[...e.shadowRoot.querySelectorAll('ol[role=listbox] a[href]')].map(a => a.href))")


def test_each_locale_searches_its_own_index(zensical_site: str, page: object) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))  # type: ignore[attr-defined]
    for prefix, word in SEARCHES.items():
        requests.clear()
        links = _results(page, f"{zensical_site}{prefix}findings/", word)
        assert links, prefix
        assert all(link.startswith(zensical_site + prefix) for link in links), links
        if not prefix:
            assert not any(link.startswith((zensical_site + "fr/", zensical_site + "ko/")) for link in links)
        indexes = [url.removeprefix(zensical_site) for url in requests if url.endswith("search.json")]
        assert indexes == [f"{prefix}search.json"]


def test_the_language_selector_leads_to_the_same_page(zensical_site: str, page: object) -> None:
    page.goto(f"{zensical_site}fr/findings/2018/")  # type: ignore[attr-defined]
    switcher = "nav.d5-languages a.d5-languages__link"  # d5site's switcher: the other languages, as text links
    links = page.eval_on_selector_all(switcher, "links => links.map(a => [a.lang, a.href])")  # type: ignore[attr-defined]
    assert dict(links) == {"en": f"{zensical_site}findings/2018/", "ko": f"{zensical_site}ko/findings/2018/"}
    current = "nav.d5-languages [aria-current=true]"
    assert page.eval_on_selector(current, "e => [e.lang, e.tagName]") == ["fr", "SPAN"]  # type: ignore[attr-defined]
