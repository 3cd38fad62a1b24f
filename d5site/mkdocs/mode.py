"""How this process builds: every locale in turn, one locale of `d5site build`, or a preview of one locale."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from d5site.mkdocs import i18n_bridge
from d5site.render.assemble import AssembleError


class Mode(enum.Enum):
    """The plugin's one switch between the ways a build runs."""

    SEQUENTIAL = "sequential"
    """`mkdocs build`/`serve`: static-i18n builds every locale, one after another, in this process."""
    LOCALE_PROCESS = "locale process"
    """`d5site build`: this process builds one locale into its own folder (d5site.mkdocs.parallel)."""
    PREVIEW = "preview"
    """`d5site serve --locale L`: every (re)build builds that locale alone, its search index at the root."""


@dataclass
class LocaleBuild:
    """What the d5site plugin keeps in a `d5site build` process that builds one locale (for the parent's merge)."""

    locale: str
    env: Any = None
    files: Files | None = None
    nav: Any = None
    sitemap: tuple[str, str] | None = None
    """(frame, full) renders of sitemap.xml, for the parent's merge."""

    def finish(self, config: MkDocsConfig) -> None:
        """After this locale's build (its on_post_build, which wrote its search index): its sitemap renders.

        The root's index is the default locale's place: the search plugin's
        index of another locale is removed from there.
        """
        if self.locale != i18n_bridge.locales(config)[0]:
            i18n_bridge.remove_root_search_index(config)
        if self.env is not None and self.files is not None:
            self.sitemap = i18n_bridge.sitemap_renders(config, self.env, self.files, self.nav)
            written = Path(config.site_dir) / "sitemap.xml"
            if self.sitemap is not None and written.is_file() and written.read_text("utf-8") != self.sitemap[1]:
                raise AssembleError("sitemap.xml: rendering the template twice gave different results; build with `mkdocs build`")
