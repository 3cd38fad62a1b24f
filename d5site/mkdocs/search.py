"""One search index per locale (static-i18n would merge every locale's into one): when each is written, where pages look."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from d5site.core.searchterms import enrich_index
from d5site.core.urls import relative_url
from d5site.mkdocs import i18n_bridge


class SearchIndexes:
    """The search indexes of one run: each locale's written as its build ends, the default locale's last."""

    def __init__(self, config: MkDocsConfig, default_locale: str, locales: list[str]):
        self.config = config
        self.default_locale = default_locale
        self.locales = locales
        self.options: dict[str, Any] = i18n_bridge.search_options(config)
        """The site's own search settings (separator, pipeline), read before Material fills in its defaults."""
        self._default_index: bytes | None = None
        """The default locale's search index, compressed, until the last build writes it (see `end_locale`)."""

    def point(self, output: str, page: Page) -> str:
        """A page's HTML: in a locale other than the default, Material's search looks in that locale's index."""
        locale = i18n_bridge.current_locale(self.config)
        if locale == self.default_locale or len(self.locales) < 2 or i18n_bridge.search_plugin(self.config) is None:
            return output
        return i18n_bridge.point_search_at_locale(output, relative_url(f"{locale}/", page.url))

    def end_locale(self) -> None:
        """At the end of each locale's build: its search index, written now unless a later build would overwrite it.

        In the outer build, static-i18n then builds every other locale, and each
        one's search plugin rewrites the root index: the default locale's index
        waits, compressed, for `write_default`. Each index also holds the forms of
        its words a reader of that language types (`core.searchterms`).
        """
        taken = i18n_bridge.take_search_index(self.config, self.options, enrich=enrich_index)
        if taken is None:
            self.add_forms_to_written()
            return
        locale, index = taken
        if locale == self.default_locale and i18n_bridge.is_first_build(self.config):
            self._default_index = zlib.compress(index)
        else:
            i18n_bridge.write_search_index(self.config, locale, index)

    def add_forms_to_written(self) -> None:
        """Without static-i18n, or in a one-locale preview: the search plugin's own index, with the forms of its words."""
        path = Path(self.config.site_dir) / "search" / "search_index.json"
        if i18n_bridge.search_plugin(self.config) is None or not path.is_file():
            return
        index = enrich_index(json.loads(path.read_text("utf-8")), i18n_bridge.current_locale(self.config))
        path.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")

    def write_default(self) -> None:
        """In the outer build, once every locale is built: the default locale's search index at the root."""
        if self._default_index is not None and i18n_bridge.is_first_build(self.config):
            i18n_bridge.write_search_index(self.config, self.default_locale, zlib.decompress(self._default_index))
            self._default_index = None
