"""`SiteCompiler`: one build's content, loaded once; `LocaleCompiler`: everything d5site adds to a site in one locale."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from d5site.compile.frontmatter import FRONT_MATTER_KEY, with_front_matter
from d5site.compile.nav import REPORT_TEMPLATE, NavPlan, nav_plan
from d5site.compile.state import PageState, PageStates, chrome_labels, footer_links, locale_prefix, localized_uri, site_path
from d5site.compile.titles import PageSource, file_title, page_title, plain_text, read_page
from d5site.core import urls
from d5site.core.catalog import Catalog, release_cldr
from d5site.core.charter import Charter
from d5site.core.collation import forget_keys
from d5site.core.site import Loaded, load
from d5site.core.siteconfig import SiteConfig
from d5site.core.urls import feed_path, page_url, relative_url
from d5site.render.bodies import BodyRenderer, without_file_includes
from d5site.render.clashes import docs_clashes
from d5site.render.feeds import FeedSettings, write_atom_feed
from d5site.render.opendata import write_open_data
from d5site.render.pagebodies import body_renderer
from d5site.render.pages import PageSpec, Renderer, View, environment, page_specs
from d5site.render.rawhtml import RawHtmlExtension, toc_marker

HOME_FINDINGS = 5
"""How many of the newest findings the front door lists."""


class CompileError(Exception):
    """The content cannot be published: `diagnostics` lists why (each `path:line: message`)."""

    def __init__(self, diagnostics: Sequence[Any]):
        self.diagnostics = list(diagnostics)
        count = len(self.diagnostics)
        lines = "\n".join(d.text() for d in self.diagnostics)
        super().__init__(f"{count} content error{'s' if count != 1 else ''}:\n{lines}")


HOME_TEMPLATE = "d5site/home.html"
"""The front-door layout a site's home page opts into with `template: d5site/home.html` in its front matter."""


@dataclass(frozen=True)
class EngineSettings:
    """What the compiler needs from the engine's configuration besides the site's (`SiteConfig`)."""

    site_name: str = ""
    site_description: str | None = None
    site_author: str | None = None
    custom_dir: Path | None = None
    """The theme's custom_dir: a site's overrides of d5site's page templates (`d5site/pages/*.md`)."""
    markdown_extensions: Sequence[Any] = ()
    """The site's Markdown extensions (names or instances) and their settings, for bodies."""
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)
    links: Literal["page", "source"] = "page"
    """How generated pages link to each other: `page`, relative to the page's URL (what MkDocs needs: it rewrites no
    link inside raw HTML, where most of a generated page's links are), or `source`, to the target's `.md` source,
    relative to the page's source (Zensical resolves every relative `href` against the `.md` source; MkDocs
    would resolve such links in Markdown but not in raw HTML). Feeds and page state always use URLs."""


def compile_site(site: SiteConfig, settings: EngineSettings) -> SiteCompiler:
    """Load and check a site's content; raise `CompileError` with every diagnostic if it has errors.

    The content's warnings (states `check` warns about) are in `.loaded.warnings`.
    """
    loaded = load(site)
    diagnostics = sorted(set(loaded.diagnostics + docs_clashes(site, loaded.content, site.use_directory_urls)))
    if diagnostics:
        raise CompileError(diagnostics)
    for document in loaded.content.documents():
        document.front = None  # line numbers served validation; the build does not need them
    return SiteCompiler(loaded, settings)


class SiteCompiler:
    """Everything d5site computes for one build of a site, all locales (an engine adapter makes one per build).

    Usage by an engine adapter::

        compiler = compile_site(site, settings)          # or SiteCompiler(loaded[, settings]) for loaded content
        for locale in compiler.locales:
            lc = compiler.locale(locale)
            for src_uri, markdown in lc.pages():          # write or hand over docs/<src_uri>
                ...
            lc.nav(); lc.not_found(); lc.static_files(folder, build_time)

    Locales are compiled one at a time: asking for another locale lets the
    previous one's bodies and sort keys go (a build holds one locale's).
    """

    def __init__(self, loaded: Loaded, settings: EngineSettings | None = None):
        settings = settings or EngineSettings()
        self.loaded = loaded
        self.site: SiteConfig = loaded.site
        self.settings = settings
        self.specs: dict[str, PageSpec] = {spec.src_uri: spec for spec in page_specs(loaded.content)}
        """Every generated page by src_uri (the default locale's path inside docs/), in navigation order."""
        options = self.site.options
        extra = self.site.root / options.catalogs_dir if options.catalogs_dir else None
        self.catalogs: dict[str, Catalog] = {loc: Catalog(loc, extra) for loc in self.site.locales}
        dates, ranges = loaded.content.dates(), loaded.content.date_ranges()
        for catalog in self.catalogs.values():  # every date and name the pages show, then Babel's locale data can go
            catalog.warm(dates, loaded.content.members, self.site.locales, ranges)
        release_cldr(self.catalogs.values())
        self.charter = Charter(loaded.content)
        self.states = PageStates(self.site, self.specs, self.catalogs, settings.site_name)
        self._env: Any = None
        self._current: LocaleCompiler | None = None
        self._open_data: tuple[Path, dict[str, Path]] | None = None
        self._titles: tuple[Callable[[str], str], re.Pattern[str]] | None = None
        """How page titles are read: the site's Markdown, and the text it leaves as written (`titles.plain_text`)."""

    @property
    def default_locale(self) -> str:
        return self.site.default_locale

    @property
    def locales(self) -> list[str]:
        """Every built locale, the default first."""
        return self.site.locales

    def locale(self, locale: str) -> LocaleCompiler:
        """The compiler of one locale (the same object while that locale is the current one)."""
        if locale not in self.catalogs:
            raise ValueError(f"locale '{locale}' is not built by this site")
        if self._current is None or self._current.locale != locale:
            self._current = None
            forget_keys()
            self._current = LocaleCompiler(self, locale)
        return self._current

    def generated_files(self) -> Iterator[tuple[str, PageSpec]]:
        """(file src_uri, spec) of every generated page in static-i18n's suffix layout: `x.md`, and `x.<locale>.md`
        for each other locale where the page's document is translated (elsewhere the locale falls back to `x.md`)."""
        for spec in self.specs.values():
            yield spec.src_uri, spec
            for other in self.locales[1:]:
                if spec.document is None or other in spec.document.translations:
                    yield localized_uri(spec.src_uri, other), spec

    def strip_locale(self, src_uri: str) -> str:
        """x.fr.md -> x.md for a built locale; anything else unchanged."""
        stem, dot, suffix = src_uri[:-3].rpartition(".")
        if dot and suffix in self.catalogs and "/" not in suffix:
            return f"{stem}.md"
        return src_uri

    def is_generated(self, src_uri: str) -> bool:
        """Whether `src_uri` (with or without a locale suffix) is a page d5site generates."""
        return self.strip_locale(src_uri) in self.specs

    def title_of(self, source: PageSource, src_uri: str) -> str:
        """A page's own title (text), the same for every engine: its front matter's `title`, else the text of the
        level-1 heading it opens with (rendered with the site's Markdown extensions), else one from its file name."""
        if self._titles is None:
            self._titles = self.markdown(attr_list=True), plain_text(self.settings.markdown_extensions)
        return page_title(source, *self._titles) or file_title(src_uri)

    def open_data(self, folder: Path) -> dict[str, Path]:
        """The open data files (`data/...` -> file), written once into `folder` (the same for every locale)."""
        if self._open_data is None or self._open_data[0] != folder:
            shutil.rmtree(folder, ignore_errors=True)  # a previous build's (a preview), already copied
            files = write_open_data(folder, self.site, self.loaded.content, site_url=self.site.site_url or None,
                                    use_directory_urls=self.site.use_directory_urls, catalogs=self.catalogs)
            self._open_data = (folder, files)
        return self._open_data[1]

    def markdown(self, toc: bool = False, attr_list: bool = False) -> Callable[[str], str]:
        """Markdown to HTML with the site's own extensions and their settings.

        With `toc`, headings get ids (and permalinks) as in the site's pages: for bodies.
        With `attr_list`, that extension too, which engines add for d5site's pages: for their titles.
        Never with an extension that reads files (`pymdownx.snippets`): bodies include no file.
        """
        import markdown

        settings = self.settings
        extensions = [e for e in without_file_includes(list(settings.markdown_extensions))
                      if (toc or e != "toc") and not isinstance(e, RawHtmlExtension)]
        if attr_list and "attr_list" not in extensions and "markdown.extensions.attr_list" not in extensions:
            extensions.append("attr_list")
        configs = {k: v for k, v in settings.mdx_configs.items() if toc or k != "toc"}
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)

        def render(text: str) -> str:
            return md.reset().convert(text)

        return render

    def environment(self) -> Any:
        """The page templates' Jinja environment, shared by the locales of one build."""
        if self._env is None:
            self._env = environment(self.settings.custom_dir, self.markdown())
        return self._env


class LocaleCompiler:
    """What d5site adds to a site in one locale: generated pages, their state, nav, 404 context, feed and data."""

    def __init__(self, compiler: SiteCompiler, locale: str):
        self.compiler = compiler
        self.locale = locale
        self.catalog: Catalog = compiler.catalogs[locale]
        self.prefix = locale_prefix(locale, compiler.default_locale)
        """Where this locale's pages live below the site's root: "" or `<locale>/`."""
        site = compiler.site
        self.bodies: BodyRenderer = body_renderer(site, compiler.loaded.content, compiler.markdown(toc=True),
                                                  site.use_directory_urls)
        """Bodies with links to page URLs, rendered once for this locale's pages and feed."""
        source_links = compiler.settings.links == "source"
        page_bodies = self.bodies if not source_links else body_renderer(
            site, compiler.loaded.content, compiler.markdown(toc=True), site.use_directory_urls, source_links=True)
        view = View(site, compiler.loaded.content, compiler.charter, locale, self.catalog, site.use_directory_urls,
                    page_bodies, site_name=compiler.settings.site_name, source_links=source_links)
        self.renderer = Renderer(compiler.environment(), view)
        self._titles: dict[str, str] = {}
        """Each generated page's own title (text), by src_uri, found when the page is rendered (`page_markdown`)."""

    # -- pages ---------------------------------------------------------------

    def pages(self) -> Iterator[tuple[str, str]]:
        """(src_uri, Markdown) of every generated page in this locale, one at a time, in navigation order.

        src_uri is the page's path in docs/ without a locale suffix (`findings/2018/x.md`); an untranslated
        page is the default locale's text, marked as a fallback in its state.
        """
        for src_uri in self.compiler.specs:
            yield src_uri, self.page(src_uri)

    def page(self, src_uri: str) -> str:
        """The Markdown of generated page `src_uri` (locale suffix allowed) in this locale.

        Its front matter carries its `PageState` under `d5site:` (and `search: {exclude: true}` for pages kept
        out of the search index); a last comment line lists the headings of its bodies for the table of
        contents (`d5site.render.rawhtml.toc_marker`, read by the `RawHtmlExtension` an engine must load).
        """
        return with_front_matter(self.page_markdown(src_uri), {FRONT_MATTER_KEY: self.state(src_uri)})

    def page_markdown(self, src_uri: str) -> str:
        """Generated page `src_uri`'s Markdown without its state (see `page`): for an engine adapter that sets a page's
        `page.meta.d5site` itself, from `state`, when the page is rendered.

        MkDocs reads front matter with PyYAML's pure-Python loader, which would spend about a millisecond a page
        parsing back the state (seconds on a large site), and keep the parsed copy from conversion to writing.
        """
        uri = self.compiler.strip_locale(src_uri)
        spec = self.compiler.specs[uri]
        body = self.renderer.render_body(spec)
        # The compiler rendered the page: it knows its title, read from what the template wrote (its own front matter
        # included), not from the front matter added below, which holds no title.
        self._titles[uri] = self.compiler.title_of(read_page(body, uri), uri)
        return self.renderer.front_matter(spec) + body + toc_marker(self.renderer.view.page_bodies.page_headings)

    def state(self, src_uri: str, url: str | None = None, text_locale: str | None = None) -> PageState:
        """The `PageState` of a page (generated or docs/; locale suffix allowed) in this locale.

        `url`: the page's URL as the engine gives it (default: d5site's `page_url`); `text_locale`: the language
        the engine shows a docs/ page in (default: this locale if its `x.<locale>.md` exists, else the default).
        A generated page's state carries its `<title>` (`head_title`): a docs/ page's is `docs_state`'s.
        """
        uri = self.compiler.strip_locale(src_uri)
        state = self.compiler.states.state(self.locale, uri, url, text_locale)
        if uri in self.compiler.specs:  # a generated page: its <title>, from the title found when it was rendered
            if uri not in self._titles:
                self.page_markdown(uri)
            state["head_title"] = self.head_title(uri, self._titles[uri])
        return state

    def docs_state(self, src_uri: str, source: PageSource, url: str | None = None, text_locale: str | None = None) -> PageState:
        """The `PageState` of a hand-written docs/ page (locale suffix allowed) whose Markdown is `source`
        (`read_page`), with its `<title>` and, on a page with the front-door layout (`template: d5site/home.html` in
        its front matter), the front door's blocks. `url` and `text_locale` as for `state`."""
        state = self.state(src_uri, url, text_locale)
        state["head_title"] = self.head_title(src_uri, self.compiler.title_of(source, self.compiler.strip_locale(src_uri)))
        if source.meta.get("template") == HOME_TEMPLATE:
            here = url if url is not None else page_url(self.compiler.strip_locale(src_uri), self.prefix,
                                                        self.compiler.site.use_directory_urls)
            state["home"] = self.home(here)
        return state

    def docs_page(self, src_uri: str, markdown: str, text_locale: str | None = None, path: str | None = None) -> str:
        """A hand-written docs/ page's Markdown with its state as `d5site:` front matter (for an engine whose
        templates read `page.meta` and that cannot set it at build time). `check` and the build refuse a `d5site:`
        key in docs/ pages (d5site.core.docsmeta), so none is there to clash with.

        A front matter block that is not data d5site can read (a YAML error, an anchor or tag, a duplicate key, a list)
        is a `CompileError` naming the file (`path`, site-relative; by default `docs/<src_uri>`) and line: the state
        cannot be added to it safely."""
        source = read_page(markdown, path or f"{self.compiler.site.docs_path.name}/{src_uri}")
        if source.problem is not None:
            raise CompileError([source.problem])
        text = markdown.lstrip("\ufeff").replace("\r\n", "\n")
        state = self.docs_state(src_uri, source, None, text_locale)
        return with_front_matter(text, {FRONT_MATTER_KEY: state}, join=source.has_front_matter)

    def head_title(self, src_uri: str, page_title: str | None) -> str:
        """The `<title>` (text) of a page (locale suffix allowed) whose own title is `page_title` (text): what the page
        is, then the site's name ("Annual report 2018 – Digital Nations"); the home page's is the site's name alone."""
        site_name = self.compiler.settings.site_name
        uri = self.compiler.strip_locale(src_uri)
        spec = self.compiler.specs.get(uri)
        if spec is not None and spec.template == REPORT_TEMPLATE:
            page_title = self.catalog.t("annual_report", year=spec.args["year"])
        text = " ".join((page_title or "").split())
        if uri == "index.md" or not text or text == site_name:
            return site_name or text
        return f"{text} – {site_name}" if site_name else text

    def home(self, here: str) -> dict[str, Any]:
        """The front door's blocks for a home page at URL `here` in this locale (d5site/home.html reads it as
        `page.meta.d5site.home`): the latest annual report and its year's findings, the charter in force, the open
        data and feed. Every href is relative to `here`; a block with nothing to show is left out."""
        compiler, site, catalog, text = self.compiler, self.compiler.site, self.catalog, self.renderer.view.text
        content = compiler.loaded.content

        def link(src_uri: str) -> str:
            return relative_url(page_url(src_uri, self.prefix, site.use_directory_urls), here)

        home: dict[str, Any] = {"labels": {key: catalog.t(key) for key in (
            "home_latest_report", "home_latest_findings", "home_charter", "home_data", "home_all_findings", "home_feed")}}
        if content.years:
            year = max(content.years)
            home["report"] = {"label": catalog.t("annual_report", year=year), "href": link(urls.report_page(year))}
            latest = [f for y in sorted(content.years, reverse=True) for f in reversed(content.findings_of(y))][:HOME_FINDINGS]
            home["findings"] = [{"title": text.loc(f).title, "lang": text.loc(f).lang, "href": link(urls.finding_page(f.year, f.id)),
                                 "date": text.date(f.date) if f.date else str(f.year),
                                 "iso": f.date.isoformat() if f.date else str(f.year)} for f in latest]
            home["findings_href"] = link(urls.FINDINGS)
        edition = compiler.charter.latest
        if edition is not None:
            home["charter"] = {"text": catalog.t("home_charter_text", year=edition.year, count=len(edition.principles)),
                               "href": link(urls.CHARTER)}
        home["data"] = {
            "text": catalog.t("home_data_text", licence=site.options.licence),
            "links": [(catalog.t("home_feed"), relative_url(feed_path(self.locale, compiler.default_locale), here))]
            + [(name, relative_url(urls.data_path(name), here)) for name in ("findings.json", "findings.csv", "charter.json")],
        }
        return home

    def switcher(self, src_uri: str) -> dict[str, str]:
        """The language switcher's link to a page (locale suffix allowed) in each locale: paths from the server's root."""
        return self.compiler.states.switcher(self.compiler.strip_locale(src_uri))

    # -- site-wide -------------------------------------------------------------

    def nav(self) -> NavPlan:
        """The order of generated pages and the translated titles of their sections."""
        return nav_plan(self.compiler.specs, self.catalog)

    def not_found(self) -> dict[str, Any]:
        """The 404 page's context (`config.extra.d5site_404` for d5site's 404.html): links from the site's root,
        since a 404 page is served at any URL; `alternates` is its language switcher (locale -> path)."""
        compiler = self.compiler
        root = site_path(compiler.site.site_url)
        links = [(self.catalog.t("home"), root + self.prefix)]
        for uri, key in (("findings/index.md", "findings"), ("charter/index.md", "charter"), ("members/index.md", "members")):
            if uri in compiler.specs:
                links.append((self.catalog.t(key), root + page_url(uri, self.prefix, compiler.site.use_directory_urls)))
        alternates = {other: root + locale_prefix(other, compiler.default_locale) + "404.html" for other in compiler.locales}
        title = self.catalog.t("not_found_title")
        return {"title": title, "head_title": self.head_title("404.md", title), "text": self.catalog.t("not_found_text"), "links": links,
                "locale": self.locale, "made_with": self.catalog.t("made_with"), "chrome": chrome_labels(self.catalog),
                "footer": footer_links(compiler.site, self.catalog, self.prefix, None), "alternates": alternates}

    def feed(self, folder: Path, build_time: _dt.datetime) -> tuple[str, Path]:
        """(site path, file) of this locale's Atom feed, written under `folder` (`feed.xml` or `<locale>/feed.xml`)."""
        compiler, site = self.compiler, self.compiler.site
        settings = FeedSettings(
            site_name=compiler.settings.site_name,
            site_url=site.site_url or None,
            site_description=compiler.settings.site_description or None,
            site_author=compiler.settings.site_author or None,
            use_directory_urls=site.use_directory_urls,
        )
        path = write_atom_feed(folder / "feeds" / self.locale / "feed.xml", site, compiler.loaded.content, self.locale,
                               self.catalog, settings, build_time, self.bodies)
        return feed_path(self.locale, compiler.default_locale), path

    def static_files(self, folder: Path, build_time: _dt.datetime) -> dict[str, Path]:
        """Files d5site adds to this locale's build (site path -> file written under `folder`): the feed, the open data."""
        dest, feed = self.feed(folder, build_time)
        return {dest: feed, **self.compiler.open_data(folder / "data")}
