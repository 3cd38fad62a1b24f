"""The one module that knows mkdocs-static-i18n's and MkDocs' internals (plugin attributes, File.locale/alternates,
File.is_modified, MkDocs' template rendering)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs import utils as _mkdocs_utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

LOGGER = "mkdocs.plugins.mkdocs_static_i18n.plugin"
"""The logger static-i18n logs "Building '<locale>' documentation to directory: ..." on (its plugin module's)."""


_CLEAN_DIRECTORY = _mkdocs_utils.clean_directory
"""MkDocs' own, saved before static-i18n can replace it (see recover_after_error)."""


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


def build_only(config: MkDocsConfig, locale: str) -> None:
    """Make the next `build(config)` build `locale` alone, as static-i18n's own loop over locales does.

    static-i18n's on_post_build builds each other locale by setting
    `current_language` and calling MkDocs' `build` with `building` set, which
    stops that build from starting the others. `d5site build` enters the same
    way, once per process.
    """
    plugin = i18n_plugin(config)
    if plugin is None:
        return
    if locale not in plugin.build_languages:
        raise ValueError(f"locale '{locale}' is not built by this site")
    plugin.current_language = locale
    plugin.building = True


def skip_merged_search_index(config: MkDocsConfig) -> None:
    """Stop static-i18n from merging every locale's search entries into one index d5site then replaces.

    After its last locale, static-i18n's `reconfigure_search_index` removes
    "duplicate" entries across locales (quadratic in pages) and writes the
    merged index; d5site writes one index per locale instead (see
    `take_search_index`). Idempotent.
    """
    plugin = i18n_plugin(config)
    if plugin is not None and search_plugin(config) is not None and hasattr(plugin, "reconfigure_search_index"):
        plugin.reconfigure_search_index = _no_merged_index


def _no_merged_index(config: MkDocsConfig) -> None:
    """Replaces static-i18n's reconfigure_search_index (see skip_merged_search_index)."""


def sitemap_renders(config: MkDocsConfig, env: Any, files: Files, nav: Any) -> tuple[str, str] | None:
    """sitemap.xml rendered as this build did (`full`) and with no locale's pages (`frame`), or None without one.

    static-i18n's sitemap template loops over `i18n_alternates`, the pages of
    every locale built so far in this process; `d5site build` splices the
    locales' renders (see d5site.render.assemble). Uses MkDocs' own template
    rendering, plugin events included.
    """
    import jinja2
    from mkdocs.commands.build import _build_template

    if "sitemap.xml" not in config.theme.static_templates:
        return None
    try:
        template = env.get_template("sitemap.xml")
    except jinja2.TemplateNotFound:
        return None
    full = _build_template("sitemap.xml", template, files, config, nav)
    plugin = i18n_plugin(config)
    if plugin is None:
        return full, full
    saved = plugin.i18n_files_per_language
    plugin.i18n_files_per_language = {}
    try:
        frame = _build_template("sitemap.xml", template, files, config, nav)
    finally:
        plugin.i18n_files_per_language = saved
    return frame, full


def mark_unmodified(file: File) -> None:
    """Tell MkDocs' dirty build that `file` (a generated page whose Markdown did not change) need not be rebuilt."""
    file.is_modified = _unmodified  # type: ignore[method-assign]


def _unmodified() -> bool:
    """File.is_modified of a generated page that a dirty preview need not rebuild."""
    return False


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
    """Point Material's language switcher (extra.alternate, filled by static-i18n) at `links` per locale.

    static-i18n rewrites the switcher per page as an *attribute* of `config.extra`
    (`config.extra.alternate = ...`), which is what Jinja's `config.extra.alternate`
    reads before the mapping item `config.extra["alternate"]` (the site-wide
    list). Updating the item alone left static-i18n's links in place, which
    send a fallback page's switcher to the locale's home page.
    """
    alternates = getattr(config.extra, "alternate", None)
    if alternates is None:
        alternates = config.extra.get("alternate") or []
    for alternate in alternates:
        lang = alternate.get("lang")
        if lang in links:
            alternate["link"] = links[lang]


def reset_switcher(config: MkDocsConfig) -> None:
    """Forget the switcher links static-i18n left as an attribute of `config.extra` for the previous build's last page.

    Templates rendered before any page of a build (404.html) would otherwise
    show the switcher of the page the previous locale's build ended with; they
    get the site-wide links (each locale's home) instead, whichever build wrote
    them first, so a locale built in its own process (`d5site build`) writes
    the same 404 page.
    """
    if "alternate" in vars(config.extra):
        delattr(config.extra, "alternate")


def recover_after_error(config: MkDocsConfig) -> None:
    """Undo what static-i18n leaves behind when one of its locale builds raises.

    Its loop over locales (in its on_post_build) disables `mkdocs.utils.clean_directory`,
    filters MkDocs' build log and sets `building` while it runs, and restores none
    of them when a build fails: later builds in the same process would then never
    clean their site folder.
    """
    import logging

    if _mkdocs_utils.clean_directory is not _CLEAN_DIRECTORY:
        _mkdocs_utils.clean_directory = _CLEAN_DIRECTORY
    build_logger = logging.getLogger("mkdocs.commands.build")
    for log_filter in [f for f in build_logger.filters if type(f).__name__ == "I18nLoggingFilter"]:
        build_logger.removeFilter(log_filter)
    plugin = i18n_plugin(config)
    if plugin is not None and hasattr(plugin, "building"):
        plugin.building = False


# -- search: one index per locale ---------------------------------------------------------
#
# static-i18n builds each locale in turn and merges every locale's search entries into
# one search/search_index.json (with `lang` set to every locale lunr knows), so a French
# reader's results mix English, French and Korean pages. Material loads the index at
# `search/search_index.json` relative to `base` in the page's `__config` JSON and resolves
# each result's `location` against the same `base`. So, as each locale's build ends:
#
# - /search/search_index.json holds the default locale's entries only;
# - /<locale>/search/search_index.json holds that locale's (fallback pages included,
#   since they are pages of that locale's site), locations relative to /<locale>/,
#   with the search settings Material uses for a site in that language (its language
#   partial's search.config.lang/separator/pipeline; the site's own `separator` and
#   `pipeline`, if it set them, win);
# - every page of a locale points `base` of its `__config` at /<locale>/ (asset URLs
#   do not use it: they are written relative to the page by MkDocs).
#
# Each locale's index is written when that locale is done and its entries are let go,
# so a build holds one locale's entries at a time. Every locale's build has the search
# plugin rewrite the root index, so the default locale's waits until the last build.

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_BASE = re.compile(r'("base":\s*)"(?:[^"\\]|\\.)*"')


def search_plugin(config: MkDocsConfig) -> Any | None:
    """Material's (or MkDocs') search plugin, if the site uses it and it is enabled."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            enabled = getattr(plugin.config, "enabled", True)
            return plugin if enabled is not False else None
    return None


def search_options(config: MkDocsConfig) -> dict[str, Any]:
    """The search settings the site itself gave (`separator`, `pipeline`), read before Material fills in defaults."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return {key: plugin.config.get(key) for key in ("separator", "pipeline") if plugin.config.get(key) is not None}
    return {}


def _material_messages(config: MkDocsConfig) -> Any:
    """A lookup `t(locale, key)` in Material's language partials, English for what a language lacks."""
    import jinja2

    env = config.theme.get_env()
    modules: dict[str, Any] = {}

    def module(locale: str) -> Any:
        if locale not in modules:
            try:
                modules[locale] = env.get_template(f"partials/languages/{locale}.html").module
            except (jinja2.TemplateError, OSError):
                modules[locale] = None
        return modules[locale]

    def t(locale: str, key: str) -> str:
        for candidate in (locale, locale.split("_")[0].split("-")[0], "en"):
            found = module(candidate)
            if found is not None and hasattr(found, "t"):
                value = str(found.t(key))
                if value:
                    return value
        return ""

    return t


def _lunr_supported(config: MkDocsConfig, lang: str) -> bool:
    """Whether the theme ships lunr's support for `lang` (Material's search worker imports it)."""
    if lang == "en":
        return True
    return any((Path(folder) / "assets" / "javascripts" / "lunr" / "min" / f"lunr.{lang}.min.js").is_file() for folder in config.theme.dirs)


def locale_search_config(config: MkDocsConfig, locale: str, options: dict[str, Any], fields: dict[str, Any],
                         t: Any = None) -> dict[str, Any]:
    """The `config` of a locale's search index: what Material uses for a site written in that language."""
    t = t or _material_messages(config)
    lang = t(locale, "search.config.lang").strip() or "en"
    if not _lunr_supported(config, lang):
        lang = "en"
    separator = options.get("separator") or t(locale, "search.config.separator") or r"[\s\-]+"
    if options.get("pipeline") is not None:
        pipeline = list(options["pipeline"])
    else:
        pipeline = [p.strip() for p in re.split(r"\s*,\s*", t(locale, "search.config.pipeline")) if p.strip()]
    return {"lang": [lang], "separator": separator, "pipeline": pipeline, "fields": fields}


def take_search_index(config: MkDocsConfig, options: dict[str, Any],
                      enrich: Callable[[dict[str, Any], str], Any] | None = None) -> tuple[str, bytes] | None:
    """The locale just built and its search index (JSON bytes), or None without static-i18n or a search plugin.

    `enrich(index, locale)`, if given, may add to the index (`config` and `docs`) before it is serialized.

    Call at the end of each locale's build, after the search plugin's
    on_post_build and before static-i18n's: the search plugin's entries are
    this locale's alone, and they are emptied here, so static-i18n's stack of
    every locale's entries (for the merged index d5site does not write) stays
    empty. Entries with the same location, title and text are written once.
    """
    search = search_plugin(config)
    if search is None or i18n_plugin(config) is None:
        return None
    default, _ = locales(config)
    locale = current_locale(config)
    index = search.search_index
    attribute = "_entries" if hasattr(index, "_entries") else "entries"
    entries = getattr(index, attribute, None) or []
    docs: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in entries:
        location = str(entry.get("location", ""))
        identity = (location, str(entry.get("title", "")), str(entry.get("text", "")))
        if identity in seen:
            continue
        seen.add(identity)
        if locale != default and (location.startswith(locale + "/") or location == locale):
            entry = {**entry, "location": location[len(locale) + 1 :]}
        docs.append(entry)
    fields = dict(search.config.get("fields") or {})
    data = {"config": locale_search_config(config, locale, options, fields), "docs": docs}
    setattr(index, attribute, [])
    if enrich is not None:
        enrich(data, locale)
    return locale, json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")


def search_index_path(config: MkDocsConfig, locale: str) -> Path:
    """Where a locale's search index goes: `search/` at the root for the default locale, else under `<locale>/`."""
    default, _ = locales(config)
    folder = Path(config.site_dir) if locale == default else Path(config.site_dir) / locale
    return folder / "search" / "search_index.json"


def write_search_index(config: MkDocsConfig, locale: str, index: bytes) -> Path:
    """Write a locale's search index (from `take_search_index`) in its place."""
    path = search_index_path(config, locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(index)
    return path


def remove_root_search_index(config: MkDocsConfig) -> None:
    """Remove the index the search plugin wrote at the root, the default locale's place (`d5site build` of another locale)."""
    root_index = Path(config.site_dir) / "search" / "search_index.json"
    root_index.unlink(missing_ok=True)
    if root_index.parent.is_dir() and not any(root_index.parent.iterdir()):
        root_index.parent.rmdir()


def point_search_at_locale(html: str, base: str) -> str:
    """Set `base` in Material's `__config` JSON of a page's HTML (where search finds its index)."""

    def replace(match: re.Match[str]) -> str:
        body = _BASE.sub(lambda m: m.group(1) + json.dumps(base), match.group(2), count=1)
        return match.group(1) + body + match.group(3)

    return _CONFIG_SCRIPT.sub(replace, html, count=1)
