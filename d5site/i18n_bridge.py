"""The one module that knows mkdocs-static-i18n's internals (plugin attributes, File.locale/alternates)."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def i18n_plugin(config: MkDocsConfig) -> Any | None:
    """The static-i18n plugin instance, if the site uses it."""
    return config.plugins.get("i18n")


def locales(config: MkDocsConfig) -> tuple[str, list[str]]:
    """(default locale, built locales with the default first)."""
    plugin = i18n_plugin(config)
    if plugin is None:
        language = str(config.theme.get("language") or config.theme.get("locale") or "en")
        return language, [language]
    default = plugin.default_language
    built = [loc for loc in plugin.build_languages if loc not in (default, "null")]
    return default, [default, *built]


def locale_names(config: MkDocsConfig) -> dict[str, str]:
    """The names the i18n plugin shows for each locale."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return {}
    return {lang.locale: lang.name for lang in plugin.config.languages}


def current_locale(config: MkDocsConfig) -> str:
    """The locale being built now."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return locales(config)[0]
    return plugin.current_language or plugin.default_language


def is_first_build(config: MkDocsConfig) -> bool:
    """Whether this is the first (default-locale) build of a run, not one of static-i18n's extra builds."""
    plugin = i18n_plugin(config)
    return plugin is None or not plugin.building


def is_last_build(config: MkDocsConfig) -> bool:
    """Whether the locale being built is the last one static-i18n builds."""
    plugin = i18n_plugin(config)
    if plugin is None:
        return True
    order = [loc for loc in plugin.build_languages]
    return plugin.current_language == order[-1] or len(order) <= 1


def file_locale(file: File, default: str) -> str:
    """The language of a file's text (the default locale for a fallback)."""
    return getattr(file, "locale", default)


def hide_fallback_alternates(files: Files, config: MkDocsConfig) -> None:
    """Offer no fallback page as an hreflang alternate and keep fallbacks out of the sitemap.

    static-i18n lists a locale's fallback (the default-locale text under /<locale>/)
    as that locale's alternate and in sitemap.xml; a fallback's canonical page is
    the source, so it is neither.
    """
    plugin = i18n_plugin(config)
    if plugin is None:
        return
    current = current_locale(config)
    for file in files.documentation_pages():
        alternates = getattr(file, "alternates", None)
        if not alternates:
            continue
        for lang in [lang for lang, alt in alternates.items() if getattr(alt, "locale", lang) != lang]:
            del alternates[lang]
    pages = plugin.i18n_files_per_language.get(current)
    if pages is not None:
        plugin.i18n_files_per_language[current] = [f for f in pages if getattr(f, "locale", current) == current]


def set_switcher(config: MkDocsConfig, links: dict[str, str]) -> None:
    """Point Material's language switcher (extra.alternate, filled by static-i18n) at `links` per locale."""
    for alternate in config.extra.get("alternate") or []:
        lang = alternate.get("lang")
        if lang in links:
            alternate["link"] = links[lang]

