"""Per-build state of the MkDocs plugin: content loaded once per build, pages placed and filled."""

from __future__ import annotations

import dataclasses
import html as html_lib
import logging
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from d5site.core.catalog import Catalog, release_cldr
from d5site.core.charter import Charter
from d5site.core.collation import forget_keys
from d5site.core.configcheck import option_problems
from d5site.core.diagnostics import escape
from d5site.core.site import Loaded, load
from d5site.core.siteconfig import Options, SiteConfig, config_lines_of, config_sets_font, configured_site_dir
from d5site.core.translations import DocsPage, docs_pages, state_of
from d5site.mkdocs import i18n_bridge
from d5site.mkdocs.buildlog import build_log
from d5site.render.bodies import BodyRenderer, Heading, html_text, without_file_includes
from d5site.render.clashes import docs_clashes
from d5site.render.pages import PageSpec, Renderer, View, body_renderer, environment, page_specs, page_url, relative_url
from d5site.render.rawhtml import RawHtmlExtension

log = logging.getLogger("mkdocs.plugins.d5site")

THEME_DIR = Path(__file__).parent.parent / "theme"
CSS = "assets/d5site/d5site.css"
MARKDOWN_EXTENSIONS = ("attr_list",)


def _localized_uri(src_uri: str, locale: str) -> str:
    return f"{src_uri[:-3]}.{locale}.md"


@dataclass
class SiteBuild:
    """Everything d5site computes for one `mkdocs build` (all its locales) or one serve rebuild."""

    config: MkDocsConfig
    loaded: Loaded
    specs: dict[str, PageSpec]
    default_locale: str
    locales: list[str]
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    env: Any = None
    """The page templates' Jinja environment, shared by the locales of one build."""

    @property
    def charter(self) -> Charter:
        """Charter queries over this build's content."""
        if self._charter is None:
            self._charter = Charter(self.loaded.content)
        return self._charter

    _charter: Charter | None = None
    search_options: dict[str, Any] = field(default_factory=dict)
    """The site's own search settings (separator, pipeline), kept for the per-locale search indexes."""
    _docs: dict[str, DocsPage] | None = None
    """docs/ pages by path inside docs/, read when a page first needs its translation state."""
    _bodies: tuple[str, BodyRenderer] | None = None
    """The locale being built and its bodies (see `bodies`)."""
    body_headings: dict[str, list[Heading]] = field(default_factory=dict)
    """Headings of the bodies placed in each generated page of the locale being built, by src_uri."""
    _renderer: Renderer | None = None
    """The page renderer of the locale being built."""
    _pending: dict[str, PageSpec] = field(default_factory=dict)
    """Generated pages of the locale being built whose Markdown is still to be written, by src_uri."""
    _parked: dict[str, bytes] = field(default_factory=dict)
    """Generated pages' HTML from conversion to writing, compressed, by src_uri (see `unpark`)."""
    _default_search_index: bytes | None = None
    """The default locale's search index, compressed, until the last build writes it (see `end_locale_search`)."""

    # -- setup ---------------------------------------------------------------

    @classmethod
    def start(cls, config: MkDocsConfig, options: Options) -> SiteBuild:
        """Load and check the content; raise PluginError with every diagnostic if it has errors."""
        default, locales = i18n_bridge.locales(config)
        config_file = Path(config.config_file_path)
        problems = option_problems(config_file.name, dataclasses.asdict(options), config_lines_of(config_file))
        if problems:  # a folder name that cannot be a path (MkDocs checked the types)
            raise PluginError("d5site: " + "\n".join(d.text() for d in problems))
        site = SiteConfig(
            root=cls.root(config),
            default_locale=default,
            locales=locales,
            locale_names=i18n_bridge.locale_names(config),
            options=options,
            docs_dir=config.docs_dir,
            site_url=config.site_url,
            use_directory_urls=config.use_directory_urls,
            site_dir=config.site_dir,
            site_dir_given=cls._site_dir_given(config),
            config_rel=config_file.name,
            config_lines=config_lines_of(config_file),
        )
        loaded = load(site)
        diagnostics = sorted(set(loaded.diagnostics + docs_clashes(site, loaded.content, config.use_directory_urls)))
        if diagnostics:
            count = len(diagnostics)
            lines = "\n".join(d.text() for d in diagnostics)
            raise PluginError(f"d5site: {count} content error{'s' if count != 1 else ''}:\n{lines}")
        for warning in loaded.warnings:  # states the content may be in (check warns): INFO, so that --strict builds
            log.info("d5site: %s", warning.text())
        for document in loaded.content.documents():
            document.front = None  # line numbers served validation; the build does not need them

        specs = {spec.src_uri: spec for spec in page_specs(loaded.content)}
        extra = site.root / options.catalogs_dir if options.catalogs_dir else None
        catalogs = {loc: Catalog(loc, extra) for loc in locales}
        for catalog in catalogs.values():  # every date and name the pages show, then Babel's locale data can go
            catalog.warm(loaded.content.dates(), loaded.content.members, locales)
        release_cldr(catalogs.values())
        return cls(config=config, loaded=loaded, specs=specs, default_locale=default, locales=locales, catalogs=catalogs,
                   search_options=i18n_bridge.search_options(config))

    @classmethod
    def _site_dir_given(cls, config: MkDocsConfig) -> bool:
        """Whether MkDocs' site_dir is not the one mkdocs.yml sets: it came from the command line (`--site-dir`)."""
        written = configured_site_dir(Path(config.config_file_path))
        if written is None:
            return False
        return os.path.realpath(cls.root(config) / written) != os.path.realpath(config.site_dir)

    @staticmethod
    def root(config: MkDocsConfig) -> Path:
        """The site's root: the folder of mkdocs.yml."""
        return Path(config.config_file_path).resolve().parent

    @staticmethod
    def build_only(config: MkDocsConfig, locale: str) -> None:
        """Build `locale` alone (a preview); a clear error for a locale the site does not build."""
        try:
            i18n_bridge.build_only(config, locale)
        except ValueError as exc:
            raise PluginError(f"d5site: {exc}") from None

    @staticmethod
    def configure(config: MkDocsConfig) -> None:
        """Theme overrides, stylesheet and Markdown extensions d5site's pages need (idempotent).

        Also stops static-i18n from merging a search index that d5site replaces with one per locale.
        """
        i18n_bridge.skip_merged_search_index(config)
        i18n_bridge.reset_switcher(config)
        _system_fonts(config)
        dirs = config.theme.dirs
        theme_dir = str(THEME_DIR)
        if theme_dir not in dirs:
            custom = config.theme.custom_dir
            position = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
            dirs.insert(position, theme_dir)
        if CSS not in [str(c) for c in config.extra_css]:
            config.extra_css.append(CSS)
        for name in MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if _raw_html_extension(config) is None:
            config.markdown_extensions.append(RawHtmlExtension())

    def localize_chrome(self, config: MkDocsConfig) -> None:
        """Per locale build (safe to repeat): the permalink sign's tooltip in the reader's language.

        The toc extension's `permalink_title` is one setting for the whole site; d5site
        sets it for the locale being built, unless the site set its own.
        """
        toc = config.mdx_configs.get("toc")
        if not isinstance(toc, dict) or not toc.get("permalink"):
            return
        ours = {catalog.t("permalink_title") for catalog in self.catalogs.values()}
        if toc.get("permalink_title") in (None, *ours):
            toc["permalink_title"] = self.catalogs[i18n_bridge.current_locale(config)].t("permalink_title")

    # -- 404 -------------------------------------------------------------------

    def not_found_context(self) -> dict[str, Any]:
        """What the 404 page of the locale being built says, with links from the site's root (it is served at any URL)."""
        config = self.config
        locale = i18n_bridge.current_locale(config)
        catalog = self.catalogs[locale]
        root = _site_path(config.site_url) if config.site_url else "/"
        prefix = "" if locale == self.default_locale else f"{locale}/"
        i18n_bridge.set_switcher(config, {other: root + ("" if other == self.default_locale else f"{other}/") + "404.html"
                                          for other in self.locales})
        links = [(catalog.t("home"), root + prefix)]
        for uri, key in (("findings/index.md", "findings"), ("charter/index.md", "charter"), ("members/index.md", "members")):
            if uri in self.specs:
                links.append((catalog.t(key), root + page_url(uri, prefix, config.use_directory_urls)))
        return {"title": catalog.t("not_found_title"), "text": catalog.t("not_found_text"), "links": links, "locale": locale,
                "made_with": catalog.t("made_with")}

    def not_found_output(self, output: str) -> str:
        """The rendered 404 page: the default locale's is /404.html; another locale's is written to /<locale>/404.html.

        static-i18n builds every locale into the same site folder, so each build's
        404.html would replace the previous one (the last locale's won, in its language).
        """
        locale = i18n_bridge.current_locale(self.config)
        if locale == self.default_locale:
            return output
        root = _site_path(self.config.site_url) if self.config.site_url else "/"
        output = i18n_bridge.point_search_at_locale(output, f"{root}{locale}/")
        path = Path(self.config.site_dir) / locale / "404.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, "utf-8")
        build_log().own_404 = True  # MkDocs' note that it skipped the empty output is not for the reader
        return ""  # MkDocs writes no /404.html for this locale

    # -- files ---------------------------------------------------------------

    def add_placeholders(self, files: Files) -> Files:
        """Register one file per generated page and locale, before static-i18n sorts them out.

        A page that shows one document (a finding) gets a file for a locale only
        where the document is translated; elsewhere static-i18n falls back to the
        default-locale file, which is then filled as a marked fallback.
        """
        config = self.config
        generated_urls = {self._url_of(uri) for uri in self.specs}
        for file in files.documentation_pages():
            uri = self._strip_locale(file.src_uri)
            if uri in self.specs or self._url_of(uri) in generated_urls:
                locale = "" if uri == file.src_uri else file.src_uri[:-3].rpartition(".")[2] + "/"
                raise PluginError(escape(  # a backstop: SiteBuild.start refuses these with docs_clashes first
                    f"{Path(config.docs_dir).name}/{file.src_uri}: this path is generated by d5site "
                    f"(/{locale}{self._url_of(uri).removeprefix('./')}); rename or remove the file"
                ))
        generated: list[File] = []
        for spec in self.specs.values():
            uris = [spec.src_uri]
            if len(self.locales) > 1:
                for locale in self.locales[1:]:
                    if spec.document is None or locale in spec.document.translations:
                        uris.append(_localized_uri(spec.src_uri, locale))
            for uri in uris:
                file = File(uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                file.inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
                generated.append(file)
        # The automatic navigation follows file order: home page, generated sections, then other docs.
        home = [f for f in files if self._strip_locale(f.src_uri) == "index.md"]
        rest = [f for f in files if self._strip_locale(f.src_uri) != "index.md"]
        return Files(home + generated + rest)

    def fill(self, files: Files, previous: dict[str, str] | None = None) -> Files:
        """Prepare each generated page of the locale being built; its Markdown is written when MkDocs reads it.

        A page's Markdown is rendered in `pre_page`, just before MkDocs reads and
        converts that page, and released once it is converted (`page_content`),
        so that a build never holds every page's Markdown at once.

        With `previous` (a dirty preview, `d5site serve --dirty`): the Markdown of
        each generated page at the previous rebuild, by output path, updated in
        place. Every page is rendered here: a page whose Markdown did not change
        and whose HTML is still on disk is marked unmodified, so MkDocs' dirty
        build skips it as it skips an unchanged docs/ page: a save rebuilds the
        pages that show what changed.
        """
        locale = i18n_bridge.current_locale(self.config)
        self.body_headings = {}
        self._renderer = self.renderer(locale)
        self._pending = {}
        self._parked = {}
        for file in files.documentation_pages():
            spec = self.specs.get(self._strip_locale(file.src_uri))
            if spec is None:
                continue
            if previous is None:
                file.content_string = ""
                self._pending[file.src_uri] = spec
                continue
            markdown = self._render(file.src_uri, spec)
            file.content_string = markdown
            if previous.get(file.dest_uri) == markdown and Path(file.abs_dest_path).is_file():
                file.is_modified = _unmodified  # type: ignore[method-assign]
            previous[file.dest_uri] = markdown
        i18n_bridge.hide_fallback_alternates(files, self.config)
        return files

    def pre_page(self, page: Page) -> None:
        """Before MkDocs reads a generated page: write its Markdown (see `fill`)."""
        spec = self._pending.pop(page.file.src_uri, None)
        if spec is not None:
            page.file.content_string = self._render(page.file.src_uri, spec)

    def _render(self, src_uri: str, spec: PageSpec) -> str:
        """The Markdown of a generated page in the locale being built; the headings of its bodies are kept for its toc."""
        assert self._renderer is not None
        markdown = self._renderer.render(spec)
        if self._renderer.view.page_headings:
            self.body_headings[src_uri] = self._renderer.view.page_headings
        return markdown

    def _url_of(self, src_uri: str) -> str:
        """The URL MkDocs gives a docs/ file at `src_uri`, locale aside.

        Two files can share a URL (`findings.md`, `findings/index.md` and
        `findings/README.md` are all `findings/`); a docs/ page at the URL of a
        generated page would silently replace it in some locales.
        """
        config = self.config
        return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls).url

    def _strip_locale(self, src_uri: str) -> str:
        """x.fr.md -> x.md for a configured locale; anything else unchanged."""
        stem, dot, suffix = src_uri[:-3].rpartition(".")
        if dot and suffix in self.locales and "/" not in suffix:
            return f"{stem}.md"
        return src_uri

    def _markdown_renderer(self, toc: bool = False) -> Callable[[str], str]:
        """Markdown to HTML with the site's own extensions and their settings.

        With `toc`, headings get ids (and permalinks) as in the site's pages: for bodies.
        Never with an extension that reads files (`pymdownx.snippets`): bodies include no file.
        """
        import markdown

        config = self.config
        extensions = [e for e in without_file_includes(config.markdown_extensions)
                      if (toc or e != "toc") and not isinstance(e, RawHtmlExtension)]
        configs = {k: v for k, v in config.mdx_configs.items() if toc or k != "toc"}
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)

        def render(text: str) -> str:
            return md.reset().convert(text)

        return render

    def bodies(self, locale: str) -> BodyRenderer:
        """The bodies of the locale being built, rendered once for its pages and its feed.

        A new locale's build starts afresh, so that one locale's bodies (and
        sort keys) are not held while the next is built.
        """
        if self._bodies is None or self._bodies[0] != locale:
            forget_keys()
            renderer = body_renderer(self.loaded.site, self.loaded.content, self._markdown_renderer(toc=True),
                                     self.config.use_directory_urls)
            self._bodies = (locale, renderer)
        return self._bodies[1]

    def renderer(self, locale: str) -> Renderer:
        """A renderer of generated pages for `locale`."""
        if self.env is None:
            custom = Path(self.config.theme.custom_dir) if self.config.theme.custom_dir else None
            self.env = environment(custom, self._markdown_renderer())
        bodies = self.bodies(locale)
        view = View(self.loaded.site, self.loaded.content, self.charter, locale, self.catalogs[locale], self.config.use_directory_urls,
                    bodies, site_name=self.config.site_name)
        return Renderer(self.env, view)

    # -- navigation ------------------------------------------------------------

    def translate_nav(self, nav: Navigation) -> Navigation:
        """Title the sections of generated pages in the reader's language and put them in reading order.

        MkDocs' automatic navigation sorts files before folders and years
        oldest first; a site without its own `nav:` gets: home, Findings
        (newest year first), Charter (editions newest first, then principles),
        Members, then its other pages.
        """
        titles = self.section_titles(self.catalogs[i18n_bridge.current_locale(self.config)])
        order = {spec.src_uri: index for index, spec in enumerate(self.specs.values())}
        automatic = self.config.nav is None

        def key_of(item: Any) -> str | None:
            if isinstance(item, Page) and item.file is not None:
                return self._strip_locale(item.file.src_uri)
            if isinstance(item, Section):
                for child in item.children:
                    uri = key_of(child)
                    if uri in titles:
                        return uri
            return None

        def rank(item: Any) -> int:
            uri = key_of(item)
            if uri == "index.md":
                return -1
            return order.get(uri, len(order)) if uri is not None else len(order)

        def walk(items: list[Any]) -> None:
            for item in items:
                if isinstance(item, Section):
                    uri = key_of(item)
                    if uri in titles:
                        item.title = titles[uri]
                    if automatic and any(key_of(child) in order for child in item.children):
                        item.children.sort(key=rank)
                    walk(item.children)

        walk(nav.items)
        if automatic:
            nav.items.sort(key=rank)
            pages = [p for p in _pages_in(nav.items)]
            for previous, page in zip([None, *pages], pages, strict=False):
                page.previous_page = previous
                if previous is not None:
                    previous.next_page = page
            if pages:
                pages[-1].next_page = None
            nav.pages = pages
        return nav

    @staticmethod
    def section_titles(catalog: Catalog) -> dict[str, str]:
        """The navigation titles of the sections of generated pages, by their index page: catalog labels as HTML.

        MkDocs and Material write nav titles as HTML; a label is text (a site
        catalog may say anything), so it is escaped here, where the title is set.
        """
        keys = {"findings/index.md": "findings", "members/index.md": "members", "charter/index.md": "charter",
                "charter/principles/index.md": "principles", "code/index.md": "code_page"}
        return {uri: str(html_text(catalog.t(key))) for uri, key in keys.items()}

    # -- pages -----------------------------------------------------------------

    def page_state(self, page: Page) -> dict[str, Any]:
        """What the theme shows about a page's language: fallback or outdated notice, lang, hreflang."""
        config = self.config
        locale = i18n_bridge.current_locale(config)
        catalog = self.catalogs[locale]
        file = page.file
        uri = self._strip_locale(file.src_uri)
        spec = self.specs.get(uri)
        generated = spec is not None
        text_locale = i18n_bridge.file_locale(file, self.default_locale)
        here = page.url
        source_url = page_url(uri, "", config.use_directory_urls)
        state = "source" if locale == self.default_locale else "current"
        if locale != self.default_locale:
            if generated and spec.document is not None:
                state = state_of(spec.document, locale)
            elif not generated and text_locale != locale:
                state = "missing"
            elif not generated:
                state = self._docs_state(uri, locale)
        if generated and spec.document is None:
            state = "source" if locale == self.default_locale else "current"
        links, hreflang = {}, []
        for other in self.locales:
            prefix = "" if other == self.default_locale else f"{other}/"
            target = page_url(uri, prefix, config.use_directory_urls)
            links[other] = "/" + target if not config.site_url else _site_path(config.site_url) + target
            if not self._is_fallback(spec, uri, other):
                href = config.site_url.rstrip("/") + "/" + target if config.site_url else relative_url(target, here)
                hreflang.append({"lang": other, "href": href})
        i18n_bridge.set_switcher(config, links)
        if state == "missing" and config.site_url:
            page.canonical_url = config.site_url.rstrip("/") + "/" + source_url
        if generated:
            page.edit_url = None
        source_language = catalog.language_name(self.default_locale)
        language = catalog.language_name(locale)
        return {
            "locale": locale,
            "state": state,
            "generated": generated,
            "text_lang": self.default_locale if state == "missing" else locale,
            "text_dir": ("rtl" if SiteConfig.is_rtl(self.default_locale) else "ltr")
            if SiteConfig.is_rtl(locale) != SiteConfig.is_rtl(self.default_locale) and state == "missing" else None,
            "source_url": relative_url(source_url, here),
            "source_lang": self.default_locale,
            "hreflang": hreflang,
            "feed_url": relative_url(("" if locale == self.default_locale else f"{locale}/") + "feed.xml", here),
            "fallback_notice": catalog.t("fallback_notice", language=language, source_language=source_language),
            "outdated_notice": catalog.t("outdated_notice", language=language, source_language=source_language),
            "outdated_link": catalog.t("outdated_link", language=language, source_language=source_language),
            "translations_url": relative_url(page_url("translations/index.md", "" if locale == self.default_locale else f"{locale}/",
                                                      config.use_directory_urls), here) if len(self.locales) > 1 else None,
            "translation_status": catalog.t("translation_status"),
            "print_css": self._print_css(spec, catalog, locale),
            "made_with": catalog.t("made_with"),
        }

    def _print_css(self, spec: PageSpec | None, catalog: Catalog, locale: str) -> str | None:
        """For an annual report: the printed pages' running head (organisation and title) and page numbers.

        Chromium prints `@page` margin boxes; their text is a CSS string, escaped here
        character by character so that nothing in a site name can end the string or the
        `<style>` element. Page numbers sit at the outer corner: bottom right, or
        bottom left in a right-to-left locale.
        """
        if spec is None or spec.template != "report.md":
            return None
        head = f"{self.config.site_name} · {catalog.t('annual_report', year=spec.args['year'])}"
        corner = "bottom-left" if SiteConfig.is_rtl(locale) else "bottom-right"
        return ("@media print { @page { @top-center { content: " + css_string(head) + "; } "
                "@" + corner + " { content: counter(page) \" / \" counter(pages); } } "
                "@page :first { @top-center { content: none; } } }")

    def page_content(self, html: str, page: Page) -> str:
        """A generated page's HTML is final; its table of contents gains the headings of the bodies it shows.

        Bodies are placed as finished HTML, which MkDocs' `toc` extension does
        not see: their headings join the page's table of contents (and so its
        search sections) here, in the order they appear, nested by level. The
        ids of the HTML runs Markdown stored unparsed (d5site.render.rawhtml)
        join the page's anchors, for MkDocs' anchor validation. A generated
        page's Markdown is released here (it is converted) and its HTML is kept
        compressed until the page is written (`unpark`).
        """
        generated = self._strip_locale(page.file.src_uri) in self.specs
        if generated:  # converted: its Markdown is no longer needed
            page.file.content_string = ""
            page.markdown = ""
        extension = _raw_html_extension(self.config)
        if extension is not None and extension.anchor_ids and page.present_anchor_ids is not None:
            page.present_anchor_ids |= extension.anchor_ids  # ids of HTML runs Markdown stored unparsed
        headings = self.body_headings.pop(page.file.src_uri, None)
        if headings:
            depth = (self.config.mdx_configs.get("toc") or {}).get("toc_depth", 6)
            page.toc = splice_toc(page.toc, html, headings, depth if isinstance(depth, int) else 6)
        if generated:
            self._parked[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
            return ""
        return html

    def unpark(self, page: Page) -> None:
        """Before a generated page is written (first in its on_page_context): its HTML, kept compressed since conversion.

        MkDocs converts every page of a locale before it writes any, so it holds
        all their HTML at once; a generated page's HTML waits compressed in
        between (a tenth of the memory, about 0.1 s a locale).
        """
        parked = self._parked.pop(page.file.src_uri, None)
        if parked is not None:
            page.content = zlib.decompress(parked).decode("utf-8")

    def post_page(self, output: str, page: Page, point_search: bool = True) -> str:
        """A page's HTML: in a locale other than the default, Material's search looks in that locale's index.

        A generated page's Markdown, HTML and table of contents are released once it is written:
        static-i18n keeps every locale's pages alive until the last locale is
        built (for the sitemap), which would otherwise hold every generated
        page of every locale in memory.
        """
        if self._strip_locale(page.file.src_uri) in self.specs:
            page.file.content_string = ""
            page.markdown = ""
            page.content = ""
            page.toc = TableOfContents([])
        locale = i18n_bridge.current_locale(self.config)
        if not point_search or locale == self.default_locale or len(self.locales) < 2 or i18n_bridge.search_plugin(self.config) is None:
            return output
        return i18n_bridge.point_search_at_locale(output, relative_url(f"{locale}/", page.url))

    def end_locale_search(self) -> None:
        """At the end of each locale's build: its search index, written now unless a later build would overwrite it.

        In the outer build, static-i18n then builds every other locale, and each
        one's search plugin rewrites the root index: the default locale's index
        waits, compressed, for `write_default_search_index`.
        """
        taken = i18n_bridge.take_search_index(self.config, self.search_options)
        if taken is None:
            return
        locale, index = taken
        if locale == self.default_locale and i18n_bridge.is_first_build(self.config):
            self._default_search_index = zlib.compress(index)
        else:
            i18n_bridge.write_search_index(self.config, locale, index)

    def write_default_search_index(self) -> None:
        """In the outer build, once every locale is built: the default locale's search index at the root."""
        if self._default_search_index is not None and i18n_bridge.is_first_build(self.config):
            i18n_bridge.write_search_index(self.config, self.default_locale, zlib.decompress(self._default_search_index))
            self._default_search_index = None

    def _docs_state(self, uri: str, locale: str) -> str:
        """`current` or `outdated` for a translated docs/ page (stamped against its source, like findings)."""
        if self._docs is None:
            self._docs = {page.uri: page for page in docs_pages(self.loaded.site)}
        page = self._docs.get(uri)
        return page.state(locale) if page is not None else "current"

    def _is_fallback(self, spec: PageSpec | None, uri: str, locale: str) -> bool:
        """Whether the page at `uri` shows the default locale's text in `locale` (untranslated)."""
        if locale == self.default_locale:
            return False
        if spec is not None:
            return spec.document is not None and locale not in spec.document.translations
        docs = Path(self.config.docs_dir)
        return not (docs / _localized_uri(uri, locale)).is_file()


_HEADING_ID = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"')


def splice_toc(toc: TableOfContents, html: str, headings: list[Heading], depth: int = 6) -> TableOfContents:
    """`toc` with `headings` (placed as HTML in the page) inserted where they stand in `html`, nested by level.

    A heading's title is HTML already (`Heading` escapes the text it is made with), as MkDocs expects of `AnchorLink` titles.
    """
    position = {html_lib.unescape(m.group(2)): m.start() for m in _HEADING_ID.finditer(html)}
    entries: list[tuple[int, int, AnchorLink]] = []
    last = -1

    def flatten(items: list[AnchorLink]) -> None:
        nonlocal last
        for item in items:
            last = position.get(item.id, last)
            entries.append((last, len(entries), item))
            flatten(item.children)
            item.children = []

    flatten(list(toc))
    known = {item.id for _, _, item in entries}
    for heading in headings:
        if heading.id and heading.id not in known and heading.id in position and heading.level <= depth:
            entries.append((position[heading.id], len(entries), AnchorLink(str(heading.title), heading.id, heading.level)))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    roots: list[AnchorLink] = []
    stack: list[AnchorLink] = []
    for _, _, item in entries:
        while stack and stack[-1].level >= item.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    return TableOfContents(roots)


def _system_fonts(config: MkDocsConfig) -> None:
    """Material's system font stack (`font: false`) unless mkdocs.yml sets `theme.font` (idempotent).

    Material's own default (Roboto from Google Fonts) would make every page ask another
    host; MkDocs merges the theme's defaults into `config.theme`, so whether the site set
    `font:` is read from mkdocs.yml itself.
    """
    theme = config.theme
    if theme.name != "material" or "font" not in theme or theme["font"] is False:
        return
    if not config_sets_font(config.config_file_path):
        theme["font"] = False


def _raw_html_extension(config: MkDocsConfig) -> RawHtmlExtension | None:
    """The Markdown extension storing generated pages' marked HTML runs unparsed (d5site.render.rawhtml), if added."""
    return next((e for e in config.markdown_extensions if isinstance(e, RawHtmlExtension)), None)


def _unmodified() -> bool:
    """File.is_modified of a generated page that a dirty preview need not rebuild."""
    return False


def css_string(value: str) -> str:
    """`value` as a quoted CSS string: letters, digits and spaces as they are, anything else as a hex escape.

    Each escape ends with a space, which CSS consumes as its terminator, so a space or a
    hex digit that follows is read as itself.
    """
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in value) + '"'


def _site_path(site_url: str) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def _pages_in(items: list[Any]) -> list[Page]:
    """The pages of a navigation tree, in reading order."""
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages.extend(_pages_in(item.children))
    return pages
