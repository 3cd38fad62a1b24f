"""A build's start on MkDocs: the site's configuration for the compiler, and the theme and Markdown d5site needs."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from d5site.compile import CompileError, EngineSettings, SiteCompiler, compile_site
from d5site.compile.assets import SCRIPTS, STYLESHEETS
from d5site.core.configcheck import option_problems
from d5site.core.siteconfig import Options, SiteConfig, config_lines_of, config_sets_font, configured_site_dir
from d5site.mkdocs import i18n_bridge
from d5site.render.rawhtml import RawHtmlExtension

log = logging.getLogger("mkdocs.plugins.d5site")

THEME_DIR = Path(__file__).parent.parent / "theme"
MARKDOWN_EXTENSIONS = ("attr_list",)


def root(config: MkDocsConfig) -> Path:
    """The site's root: the folder of mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def start(config: MkDocsConfig, options: Options) -> SiteCompiler:
    """Load and check the content; raise PluginError with every diagnostic if it has errors."""
    default, locales = i18n_bridge.locales(config)
    config_file = Path(config.config_file_path)
    problems = option_problems(config_file.name, dataclasses.asdict(options), config_lines_of(config_file))
    if problems:  # a folder name that cannot be a path (MkDocs checked the types)
        raise PluginError("d5site: " + "\n".join(d.text() for d in problems))
    site = SiteConfig(
        root=root(config),
        default_locale=default,
        locales=locales,
        locale_names=i18n_bridge.locale_names(config),
        options=options,
        docs_dir=config.docs_dir,
        site_url=config.site_url,
        use_directory_urls=config.use_directory_urls,
        site_dir=config.site_dir,
        site_dir_given=_site_dir_given(config),
        config_rel=config_file.name,
        config_lines=config_lines_of(config_file),
    )
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    settings = EngineSettings(site_name=config.site_name, site_description=config.site_description, site_author=config.site_author,
                              custom_dir=custom, markdown_extensions=config.markdown_extensions, mdx_configs=config.mdx_configs)
    try:
        compiler = compile_site(site, settings)
    except CompileError as exc:
        raise PluginError(f"d5site: {exc}") from None
    for warning in compiler.loaded.warnings:  # states the content may be in (check warns): INFO, so that --strict builds
        log.info("d5site: %s", warning.text())
    return compiler


def _site_dir_given(config: MkDocsConfig) -> bool:
    """Whether MkDocs' site_dir is not the one mkdocs.yml sets: it came from the command line (`--site-dir`)."""
    written = configured_site_dir(Path(config.config_file_path))
    if written is None:
        return False
    return os.path.realpath(root(config) / written) != os.path.realpath(config.site_dir)


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
    for sheet in STYLESHEETS:
        if sheet not in [str(c) for c in config.extra_css]:
            config.extra_css.append(sheet)
    for script in SCRIPTS:
        if script not in [str(c) for c in config.extra_javascript]:
            config.extra_javascript.append(script)
    for name in MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if raw_html_extension(config) is None:
        config.markdown_extensions.append(RawHtmlExtension())


def localize_chrome(config: MkDocsConfig, compiler: SiteCompiler, locale: str) -> None:
    """Per locale build (safe to repeat): the permalink sign's tooltip in the reader's language.

    The toc extension's `permalink_title` is one setting for the whole site; d5site
    sets it for the locale being built, unless the site set its own.
    """
    toc = config.mdx_configs.get("toc")
    if not isinstance(toc, dict) or not toc.get("permalink"):
        return
    ours = {catalog.t("permalink_title") for catalog in compiler.catalogs.values()}
    if toc.get("permalink_title") in (None, *ours):
        toc["permalink_title"] = compiler.catalogs[locale].t("permalink_title")


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


def raw_html_extension(config: MkDocsConfig) -> RawHtmlExtension | None:
    """The Markdown extension storing generated pages' marked HTML runs unparsed (d5site.render.rawhtml), if added."""
    return next((e for e in config.markdown_extensions if isinstance(e, RawHtmlExtension)), None)
