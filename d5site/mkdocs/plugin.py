"""The MkDocs plugin `d5site`: event glue only; the work is in build.py (and its collaborators), outputs.py and d5site.compile."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.config import base, config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from d5site.core.siteconfig import Options
from d5site.mkdocs import i18n_bridge, setup
from d5site.mkdocs.build import SiteBuild
from d5site.mkdocs.mode import LocaleBuild, Mode
from d5site.mkdocs.outputs import Publication
from d5site.mkdocs.pdfs import ReportPdfs

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer  # only `serve` needs it (it imports watchdog: 3 MiB)


class D5siteConfig(base.Config):
    """Options of `- d5site:` in mkdocs.yml."""

    findings_dir = c.Type(str, default=Options.findings_dir)
    """Folder of findings, relative to mkdocs.yml."""
    charter_dir = c.Type(str, default=Options.charter_dir)
    """Folder of the charter (members.yml, editions.yml, principles/), relative to mkdocs.yml."""
    licence = c.Type(str, default=Options.licence)
    """SPDX id of the site's licence; the default licence of every finding."""
    catalogs_dir = c.Optional(c.Type(str))
    """Folder of message catalogs (`<locale>.yml`) adding to or overriding the shipped ones."""
    pdf = c.Type(bool, default=Options.pdf)
    """Build each year's annual report as a PDF (PDF/UA-1) in every locale; needs WeasyPrint (`d5site[pdf]`) and Pango."""
    report_slug = c.Optional(c.Type(str))
    """First part of the PDFs' file name (`<slug>-annual-report-<year>-<locale>.pdf`); default: from site_name."""
    report_published = c.Optional(c.Type(dict))
    """Publication date of each year's report (`2018: 2019-03-15`); default: the latest date of that year's content."""
    report_reference = c.Optional(c.Type(str))
    """Reference number printed in the reports' colophon; `{year}` is replaced by the report's year."""
    pdf_cache_dir = c.Type(str, default=Options.pdf_cache_dir)
    """Folder, relative to mkdocs.yml, where built PDFs are kept by content hash (unchanged reports are not rebuilt)."""
    contact = c.Optional(c.Type(str))
    """The footer's contact link: a page of docs/ (`contact.md`) or an https://, http:// or mailto: address."""
    accessibility = c.Optional(c.Type(str))
    """The footer's link to the site's accessibility statement: a page of docs/ (`accessibility.md`) or an address."""
    privacy = c.Optional(c.Type(str))
    """The footer's link to the site's privacy notice: a page of docs/ (`privacy.md`) or an address."""

    def options(self) -> Options:
        """The core's view of these options."""
        return Options(
            findings_dir=self.findings_dir,
            charter_dir=self.charter_dir,
            licence=self.licence,
            catalogs_dir=self.catalogs_dir,
            pdf=self.pdf,
            report_slug=self.report_slug,
            report_published=self.report_published,
            report_reference=self.report_reference,
            pdf_cache_dir=self.pdf_cache_dir,
            contact=self.contact,
            accessibility=self.accessibility,
            privacy=self.privacy,
        )


class D5sitePlugin(BasePlugin[D5siteConfig]):
    """Publishes findings/ and charter/ as pages in every locale."""

    supports_multiple_instances = False

    preview_locale: str | None = None
    """Set by `d5site serve --locale L` before MkDocs makes the plugin: every (re)build builds that locale alone."""

    def __init__(self) -> None:
        self._build: SiteBuild | None = None
        self.publication = Publication()
        self.mode = Mode.PREVIEW if self.preview_locale is not None else Mode.SEQUENTIAL
        self.pdfs = ReportPdfs()
        self.locale_build: LocaleBuild | None = None
        """In Mode.LOCALE_PROCESS: what the parent of `d5site build` needs from this locale's build."""
        self.previous_pages: dict[str, str] = {}
        """A dirty preview's generated Markdown at the previous rebuild (the plugin outlives `mkdocs serve` rebuilds)."""

    @property
    def build(self) -> SiteBuild:
        """This build's state (made in on_config)."""
        if self._build is None:
            raise PluginError("d5site: the plugin's on_config did not run")
        return self._build

    def start(self, config: MkDocsConfig) -> SiteBuild:
        """Load and check the content for a build of `config` (`d5site build` calls it before forking)."""
        self._build = SiteBuild.start(config, self.config.options(), self.mode)
        return self._build

    def build_one_locale(self, locale_build: LocaleBuild) -> None:
        """`d5site build`: this process builds `locale_build.locale` alone (d5site.mkdocs.parallel)."""
        self.mode = Mode.LOCALE_PROCESS
        self.locale_build = locale_build
        if self._build is not None:
            self._build.mode = self.mode

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.publication.startup(command, dirty)
        self.pdfs.startup(command)

    @event_priority(50)  # before static-i18n (-100), which re-runs every hook per locale
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._build is None or self._build.config is not config:
            self.start(config)
        if self.mode is Mode.PREVIEW and self.preview_locale is not None:
            try:
                i18n_bridge.build_only(config, self.preview_locale)
            except ValueError as exc:
                raise PluginError(f"d5site: {exc}") from None
        self.build.configure()  # theme, extensions, the permalink tooltip: per locale build
        self.publication.begin(config)  # the first build of a run writes into a staging folder
        return config

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        options = self.config.options()
        root = setup.root(config)
        for folder in (options.findings_dir, options.charter_dir):
            server.watch(str(root / folder))
        return server

    @event_priority(50)  # before static-i18n sorts files per locale
    def _on_files_place(self, files: Files, config: MkDocsConfig) -> Files:
        return self.build.pages.add_placeholders(files)

    @event_priority(-150)  # after static-i18n chose this locale's files
    def _on_files_fill(self, files: Files, config: MkDocsConfig) -> Files:
        files = self.build.fill(files, self.previous_pages if self.publication.dirty else None)
        return self.publication.add_files(files, config, self.build.locale)  # this locale's feed, the open data

    on_files = CombinedEvent(_on_files_place, _on_files_fill)

    @event_priority(-150)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        nav = self.build.translate_nav(nav)
        if self.locale_build is not None:
            self.locale_build.nav = nav
        return nav

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        if self.locale_build is not None:  # kept to render sitemap.xml for d5site build's merge
            self.locale_build.env, self.locale_build.files = env, files
        return env

    def on_pre_template(self, template: Any, template_name: str, config: MkDocsConfig) -> Any:
        if template_name == "404.html" and self._build is not None:
            self.build.not_found_switcher()
        return template

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "404.html" and self._build is not None:
            return self.build.not_found_output(output_content)  # one 404 page per locale
        return output_content

    @event_priority(100)  # first: before the search plugin indexes the page
    def _on_page_context_unpark(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
        self.build.pages.unpark(page)  # a generated page's HTML, kept compressed since its conversion
        return context

    @event_priority(-1)  # right after the search plugin (0) has indexed the page
    def _on_page_context_searched(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
        self.build.pages.searched(page)  # the excluded sections that end a generated page, not given to search
        return context

    @event_priority(-150)  # after static-i18n set the language switcher
    def _on_page_context_state(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
        self.build.page_context(page)  # page.meta.d5site, which the theme reads
        return context

    on_page_context = CombinedEvent(_on_page_context_unpark, _on_page_context_searched, _on_page_context_state)

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        self.build.pages.pre_page(page)  # a generated page's Markdown is written just before MkDocs reads it
        return page

    @event_priority(-100)  # last: it releases a generated page's Markdown, now converted
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.pages.page_content(html, page)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.pdfs.page_written(self.build, page, config)  # a report's PDF, from its HTML (released just below)
        return self.build.post_page(output, page)  # a locale's pages search that locale's index

    @event_priority(-50)  # after the search plugin (0) wrote its index, before static-i18n (-100) stacks its entries
    def _on_post_build_search(self, config: MkDocsConfig) -> None:
        self.build.end_locale()  # this locale's index, then its entries go

    @event_priority(-500)  # after static-i18n's on_post_build (-100) built every other locale
    def _on_post_build_publish(self, config: MkDocsConfig) -> None:
        if self.mode is Mode.LOCALE_PROCESS and self.locale_build is not None:  # d5site build: this process builds one locale
            self.locale_build.finish(config)
        elif self.mode is Mode.SEQUENTIAL:
            self.build.end_run()  # the default locale's index at the root, which every locale's search plugin rewrote
            self.publication.finish(config)  # the outer build: the staging folder replaces site_dir

    on_post_build = CombinedEvent(_on_post_build_search, _on_post_build_publish)

    def on_build_error(self, error: Exception) -> None:
        self.publication.fail()

    def on_shutdown(self) -> None:
        self.publication.shutdown()
