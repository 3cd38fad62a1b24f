"""One build on MkDocs (all its locales, or one serve rebuild): the compiler and the collaborators that hand its work to MkDocs.

Each job has its own small collaborator: `PageBuffer` (generated pages through
MkDocs, memory), `SearchIndexes` (one index per locale), `apply_nav_plan`
(navigation), `theme_state` (page state for the theme, 404 pages). Everything
about the site itself (pages, state, nav order, feeds) comes from the
engine-neutral compiler, d5site.compile.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from d5site.compile import LocaleCompiler, SiteCompiler
from d5site.core.siteconfig import Options
from d5site.mkdocs import i18n_bridge, setup, theme_state
from d5site.mkdocs.mode import Mode
from d5site.mkdocs.navigation import apply_nav_plan
from d5site.mkdocs.pagebuffer import PageBuffer
from d5site.mkdocs.search import SearchIndexes


class SiteBuild:
    """Everything d5site does for one `mkdocs build` (all its locales) or one serve rebuild."""

    def __init__(self, config: MkDocsConfig, compiler: SiteCompiler, mode: Mode):
        self.config = config
        self.compiler = compiler
        self.mode = mode
        self.pages = PageBuffer(config, compiler)
        self.search = SearchIndexes(config, compiler.default_locale, compiler.locales)

    @classmethod
    def start(cls, config: MkDocsConfig, options: Options, mode: Mode) -> SiteBuild:
        """Load and check the content (PluginError with every diagnostic if it has errors)."""
        return cls(config, setup.start(config, options), mode)

    @property
    def locale(self) -> LocaleCompiler:
        """The compiler of the locale being built."""
        return self.compiler.locale(i18n_bridge.current_locale(self.config))

    def configure(self) -> None:
        """Per locale build (safe to repeat): theme, Markdown extensions, the permalink tooltip's language."""
        setup.configure(self.config)
        setup.localize_chrome(self.config, self.compiler, i18n_bridge.current_locale(self.config))

    def fill(self, files: Files, previous: dict[str, str] | None) -> Files:
        """This locale's generated pages (see PageBuffer.fill) and its 404 page's context."""
        locale = self.locale
        theme_state.set_not_found_context(self.config, locale)
        return self.pages.fill(files, locale, previous)

    def translate_nav(self, nav: Navigation) -> Navigation:
        """Title the sections of generated pages in the reader's language and put them in reading order."""
        return apply_nav_plan(nav, self.locale.nav(), self.config.nav is None, self.compiler.strip_locale)

    def page_context(self, page: Page) -> None:
        """Before a page is rendered: its state for the theme (page.meta.d5site), switcher, canonical link."""
        theme_state.set_page_state(page, self.config, self.locale, self.pages.state(page))

    def post_page(self, output: str, page: Page) -> str:
        """A page is written: a generated page's content goes; a locale's pages search its own index."""
        self.pages.release(page)
        if self.mode is Mode.PREVIEW:  # one locale, whose index is the root's
            return output
        return self.search.point(output, page)

    def not_found_switcher(self) -> None:
        """Before the 404 page is rendered: its language switcher leads to each locale's 404 page."""
        theme_state.not_found_switcher(self.config)

    def not_found_output(self, output: str) -> str:
        """The rendered 404 page, placed in its locale's folder (see theme_state.place_not_found)."""
        return theme_state.place_not_found(self.config, self.locale, output)

    def end_locale(self) -> None:
        """At the end of each locale's build: its search index (a preview's is the search plugin's own, with forms added)."""
        if self.mode is Mode.PREVIEW:
            self.search.add_forms_to_written()
        else:
            self.search.end_locale()

    def end_run(self) -> None:
        """After the last locale of a sequential build: the default locale's search index at the root."""
        if self.mode is Mode.SEQUENTIAL:
            self.search.write_default()
