"""Hands each page's state to the theme (`page.meta.d5site`) and places each locale's 404 page."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from d5site.compile import FRONT_MATTER_KEY, LocaleCompiler, PageState
from d5site.compile.state import site_path
from d5site.compile.titles import read_page
from d5site.mkdocs import i18n_bridge
from d5site.mkdocs.buildlog import build_log

NOT_FOUND_KEY = "d5site_404"
"""`config.extra.d5site_404`: the 404 page's context (d5site's 404.html reads it)."""


def set_page_state(page: Page, config: MkDocsConfig, locale: LocaleCompiler, generated: PageState | None = None) -> None:
    """Before a page is rendered: its state in `page.meta.d5site`, its language switcher, canonical and edit links.

    A generated page's state is `generated` (the compiler's, see
    PageBuffer.state); a docs/ page's is computed here, replacing any
    `d5site:` it might carry (the build refuses one: see d5site.core.docsmeta).
    Either carries its `<title>` from the compiler, as under Zensical
    (LocaleCompiler.head_title).
    """
    if generated is not None:
        state = generated  # its <title> included: the compiler rendered the page
        page.edit_url = None
    else:
        text_locale = i18n_bridge.file_locale(page.file, locale.compiler.default_locale)
        source = read_page(page.file.content_string, page.file.src_uri)  # its title and layout, read as Zensical's are
        state = locale.docs_state(page.file.src_uri, source, page.url, text_locale)
    page.meta[FRONT_MATTER_KEY] = state
    i18n_bridge.set_switcher(config, locale.switcher(page.file.src_uri))
    if state.get("canonical_url"):
        page.canonical_url = state["canonical_url"]


def set_not_found_context(config: MkDocsConfig, locale: LocaleCompiler) -> None:
    """At each locale's build: what its 404 page says, for the theme's 404.html (`config.extra.d5site_404`)."""
    config.extra[NOT_FOUND_KEY] = locale.not_found()


def not_found_switcher(config: MkDocsConfig) -> None:
    """Before the 404 page is rendered: its language switcher leads to each locale's 404 page."""
    context = config.extra.get(NOT_FOUND_KEY)
    if isinstance(context, dict):
        i18n_bridge.set_switcher(config, context["alternates"])


def place_not_found(config: MkDocsConfig, locale: LocaleCompiler, output: str) -> str:
    """The rendered 404 page: the default locale's is /404.html; another locale's is written to /<locale>/404.html.

    static-i18n builds every locale into the same site folder, so each build's
    404.html would replace the previous one (the last locale's won, in its language).
    """
    if locale.locale == locale.compiler.default_locale:
        return output
    root = site_path(config.site_url)
    output = i18n_bridge.point_search_at_locale(output, f"{root}{locale.locale}/")
    path = Path(config.site_dir) / locale.locale / "404.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output, "utf-8")
    build_log().own_404 = True  # MkDocs' note that it skipped the empty output is not for the reader
    return ""  # MkDocs writes no /404.html for this locale
