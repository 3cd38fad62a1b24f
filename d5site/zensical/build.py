"""`d5site build --engine zensical` (experimental): each locale staged, built by its own Zensical process, merged, published.

- The parent reads mkdocs.yml and the content once, without MkDocs (a content
  error is reported once, as `d5site check` does, and nothing is built).
- For each locale it stages a project (d5site.zensical.stage): the locale's
  hand-written pages, every generated page's Markdown, its feed (the default
  locale also the open data), a navigation and a 404 page in its language.
- Up to `jobs` `zensical build` processes run at once, one per locale, each
  into its own staging folder.
- The default locale's site is the root; every other locale's goes under
  `/<locale>/`, with its own search index (`search.json`) and theme assets;
  the locales' sitemaps are spliced into one `/sitemap.xml`. The merged folder
  replaces `site_dir` only if every locale built (under `--strict`: without a
  warning); otherwise `site_dir` stays as it was (d5site.render.publish).
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import importlib.util
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from d5site.core.catalog import Catalog, release_cldr
from d5site.core.charter import Charter
from d5site.core.diagnostics import ContentError, escape
from d5site.core.site import Loaded, load
from d5site.core.siteconfig import SiteConfig, config_sets_font, load_site_config, read_config
from d5site.render.assemble import AssembleError, SitemapRender, overlay, splice_sitemap, write_sitemap
from d5site.render.bodies import default_markdown, html_text
from d5site.render.clashes import docs_clashes
from d5site.render.feeds import FeedSettings, write_atom_feed
from d5site.render.localebuild import LocaleResult, Outcome, clean, report
from d5site.render.opendata import write_open_data
from d5site.render.pages import PageSpec, Renderer, View, body_renderer, environment, page_specs, page_url
from d5site.render.publish import PublishError, Staging
from d5site.zensical.stage import StagedLocale, compose_theme, copy_docs, generated_path

ZENSICAL = "zensical==0.0.73"
"""The Zensical release d5site is tested with: the newest that installs from the package index (0.1.x needs zensical-ui)."""
CSS = "assets/d5site/d5site.css"
_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)
_LEVEL = re.compile(r"^\s*(?:\x1b\[[0-9;]*m)*\s*(ERROR|WARNING|Error|Warning)\b[:\s-]*(.*)$")


def zensical_missing() -> str | None:
    """Why Zensical cannot be used here (not installed), or None."""
    if importlib.util.find_spec("zensical") is None:
        return (f"d5site build --engine zensical: Zensical is not installed; install it with "
                f"`pip install 'd5site[zensical]'` (or `pip install '{ZENSICAL}'`)")
    return None


@dataclass
class Site:
    """What every locale's staging needs, read once by the parent."""

    config_file: Path
    raw: dict[str, Any]
    loaded: Loaded
    specs: list[PageSpec]
    catalogs: dict[str, Catalog]

    @property
    def site(self) -> SiteConfig:
        """The site's configuration as the core reads it."""
        return self.loaded.site

    def text(self, key: str) -> str | None:
        """A text setting of mkdocs.yml (`site_name`...), None if absent or not text."""
        value = self.raw.get(key)
        return value if isinstance(value, str) and value else None


def build_site(config_file: str, site_dir: str | None = None, jobs: int | None = None, strict: bool = False,
               progress: Callable[[str], None] | None = None) -> Outcome:
    """Build the site of `config_file` with Zensical, each locale in its own process (up to `jobs`); publish it atomically."""
    missing = zensical_missing()
    if missing is not None:
        return Outcome(1, [f"ERROR - {missing}"])
    try:
        site = _read(Path(config_file))
    except ContentError as exc:
        lines = "\n".join(d.text() for d in sorted(exc.diagnostics))
        return Outcome(1, [f"ERROR - d5site: {clean(lines)}"])
    target = site_dir or str(site.site.root / (site.site.site_dir or "site"))
    locales = site.site.locales
    stages: dict[str, Staging] = {}
    merged: Staging | None = None
    try:
        try:
            for locale in locales:
                stages[locale] = Staging(target)
            staged = {locale: stage_locale(site, locale, stages[locale].path) for locale in locales}
        except (OSError, PublishError) as exc:
            return Outcome(1, [f"ERROR - d5site build: {clean(str(exc))}; {target} was left unchanged"])
        results = _run(staged, strict, max(1, jobs or os.cpu_count() or 1), progress)
        lines = report(results, locales)
        seconds = {r.locale: r.seconds for r in results}
        if not all(result.ok for result in results):
            failed = [result.locale for result in results if not result.ok]
            lines.append(f"ERROR - d5site build: the build of {', '.join(failed)} failed; {target} was left unchanged")
            return Outcome(1, lines, locales, seconds)
        try:
            merged = Staging(target)
            merge(merged.path, [(locale, staged[locale].site) for locale in locales], site.site.default_locale)
            merged.publish()
        except (OSError, AssembleError, PublishError) as exc:
            lines.append(f"ERROR - d5site build: {clean(str(exc))}; {target} was left unchanged")
            return Outcome(1, lines, locales, seconds)
        if merged.left_behind is not None:
            lines.append(f"INFO - d5site: could not delete the previous site, left in {merged.left_behind}")
        return Outcome(0, lines, locales, seconds, site_dir=str(merged.target))
    finally:
        for staging in (*stages.values(), *([merged] if merged is not None else [])):
            staging.discard()


def _read(config_file: Path) -> Site:
    """The site's configuration and content, checked as the MkDocs build checks them (ContentError if not publishable)."""
    site_config = load_site_config(config_file)
    loaded = load(site_config)
    diagnostics = sorted(set(loaded.diagnostics + docs_clashes(site_config, loaded.content, site_config.use_directory_urls)))
    if diagnostics:
        raise ContentError(diagnostics)
    raw = read_config(config_file)
    catalogs_dir = site_config.options.catalogs_dir
    extra = site_config.root / catalogs_dir if catalogs_dir else None
    catalogs = {locale: Catalog(locale, extra) for locale in site_config.locales}
    for catalog in catalogs.values():
        catalog.warm(loaded.content.dates(), loaded.content.members, site_config.locales)
    release_cldr(catalogs.values())
    return Site(config_file, raw, loaded, page_specs(loaded.content), catalogs)


# -- staging ---------------------------------------------------------------------


def _prefix(site: SiteConfig, locale: str) -> str:
    return "" if locale == site.default_locale else f"{locale}/"


def _site_url(site: SiteConfig, locale: str) -> str | None:
    if not site.site_url:
        return None
    return site.site_url.rstrip("/") + "/" + _prefix(site, locale)


def _root_path(site: SiteConfig) -> str:
    from urllib.parse import urlsplit

    path = urlsplit(site.site_url).path if site.site_url else "/"
    return path if path.endswith("/") else path + "/"


def _markdown(site: Site) -> Callable[[str], str]:
    """The site's Markdown extensions (their names and settings as mkdocs.yml writes them), for bodies and the `markdown` filter."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in site.raw.get("markdown_extensions") or []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
            if isinstance(name, str):
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    import markdown

    from d5site.render.bodies import without_file_includes

    try:
        md = markdown.Markdown(extensions=without_file_includes(names), extension_configs=configs)
    except Exception:  # noqa: BLE001 - an extension Python-Markdown cannot load here: Zensical will say so
        return default_markdown()

    def convert(text: str) -> str:
        return md.reset().convert(text)

    return convert


def stage_locale(site: Site, locale: str, folder: Path) -> StagedLocale:
    """Write `locale`'s project into `folder` (see d5site.zensical.stage)."""
    config = site.site
    staged = StagedLocale(locale, folder)
    copy_docs(config.docs_path, staged.docs, locale, config.default_locale, config.locales)
    markdown = _markdown(site)
    custom = site.raw.get("theme", {}).get("custom_dir") if isinstance(site.raw.get("theme"), dict) else None
    custom_dir = (site.config_file.resolve().parent / custom) if isinstance(custom, str) else None
    bodies = body_renderer(config, site.loaded.content, markdown, config.use_directory_urls)
    view = View(config, site.loaded.content, Charter(site.loaded.content), locale, site.catalogs[locale],
                config.use_directory_urls, bodies, site_name=site.text("site_name") or "")
    renderer = Renderer(environment(custom_dir, markdown), view)
    for spec in site.specs:
        staged.write_page(spec.src_uri, renderer.render(spec))
    settings = FeedSettings(site_name=site.text("site_name") or "", site_url=config.site_url or None,
                            site_description=site.text("site_description"), site_author=site.text("site_author"),
                            use_directory_urls=config.use_directory_urls)
    write_atom_feed(staged.docs / "feed.xml", config, site.loaded.content, locale, site.catalogs[locale], settings,
                    _build_time(), bodies)
    if locale == config.default_locale:
        write_open_data(staged.docs, config, site.loaded.content, site_url=config.site_url or None,
                        use_directory_urls=config.use_directory_urls, catalogs=site.catalogs)
    compose_theme(staged.theme, custom_dir)
    staged.write_config(site.config_file, _settings(site, locale, staged))
    return staged


def _build_time() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return _dt.datetime.now(tz=_dt.timezone.utc)


def _settings(site: Site, locale: str, staged: StagedLocale) -> dict[str, Any]:
    """What the locale's mkdocs.yml sets over the site's (merged by Zensical's INHERIT: lists are appended)."""
    config = site.site
    theme: dict[str, Any] = {"language": locale, "custom_dir": "theme"}
    if not config_sets_font(site.config_file):
        theme["font"] = False
    raw_theme = site.raw.get("theme") if isinstance(site.raw.get("theme"), dict) else {}
    if "variant" not in raw_theme:
        theme["variant"] = "classic"  # Material for MkDocs' look
    root = _root_path(config)
    alternate = [{"name": config.locale_names.get(other, other), "link": root + _prefix(config, other), "lang": other}
                 for other in config.locales] if len(config.locales) > 1 else []
    settings: dict[str, Any] = {
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "extra_css": [CSS],
        "markdown_extensions": ["attr_list", "d5site.render.rawhtml:RawHtmlExtension"],
        "extra": {"alternate": alternate, "d5site_404": _not_found(site, locale)},
    }
    url = _site_url(config, locale)
    if url:
        settings["site_url"] = url
    if "nav" not in site.raw:
        settings["nav"] = _nav(site, locale, staged)
    return settings


def _not_found(site: Site, locale: str) -> dict[str, Any]:
    """What the locale's 404 page says, with links from the site's root (it is served at any URL)."""
    config = site.site
    catalog = site.catalogs[locale]
    root = _root_path(config)
    prefix = _prefix(config, locale)
    links = [[catalog.t("home"), root + prefix]]
    uris = {spec.src_uri for spec in site.specs}
    for uri, key in (("findings/index.md", "findings"), ("charter/index.md", "charter"), ("members/index.md", "members")):
        if uri in uris:
            links.append([catalog.t(key), root + page_url(uri, prefix, config.use_directory_urls)])
    return {"title": catalog.t("not_found_title"), "text": catalog.t("not_found_text"), "links": links, "locale": locale,
            "made_with": catalog.t("made_with")}


_SECTIONS = {"findings": "findings", "charter": "charter", "charter/principles": "principles", "members": "members",
             "code": "code_page"}


def _nav(site: Site, locale: str, staged: StagedLocale) -> list[Any]:
    """The navigation MkDocs' automatic one gives with d5site: home, the generated sections in reading order, other pages."""
    catalog = site.catalogs[locale]
    sections: dict[str, list[Any]] = {}
    order: list[str] = []
    for spec in site.specs:
        if not spec.in_nav:
            continue
        folder = spec.src_uri.rpartition("/")[0]
        top = folder.split("/")[0]
        if top not in sections:
            sections[top] = []
            order.append(top)
        if folder != top and folder in _SECTIONS:
            title = str(html_text(catalog.t(_SECTIONS[folder])))
            sections[top].append({title: [generated_path(spec.src_uri)]})
        else:
            sections[top].append(generated_path(spec.src_uri))
    nav: list[Any] = []
    if (staged.docs / "index.md").is_file():
        nav.append("index.md")
    for top in order:
        nav.append({str(html_text(catalog.t(_SECTIONS.get(top, top)))): sections[top]})
    generated = {generated_path(spec.src_uri) for spec in site.specs}
    for path in sorted(staged.docs.rglob("*.md")):
        rel = path.relative_to(staged.docs).as_posix()
        if rel != "index.md" and rel not in generated:
            nav.append(rel)
    return nav


# -- running -----------------------------------------------------------------------


def _command(staged: StagedLocale, strict: bool) -> list[str]:
    return [sys.executable, "-m", "zensical", "build", "-f", str(staged.config_file), *(["--strict"] if strict else [])]


def _environment() -> dict[str, str]:
    """The environment of a Zensical process: d5site importable (its Markdown extension), no colours."""
    env = dict(os.environ)
    package_parent = str(Path(__file__).resolve().parent.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([package_parent, *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])])
    env["NO_COLOR"] = "1"
    return env


def _messages(output: str) -> list[tuple[int, str]]:
    """The warnings and errors in a Zensical process's output."""
    messages = []
    for line in output.splitlines():
        match = _LEVEL.match(line)
        if match:
            level = logging.ERROR if match.group(1).lower() == "error" else logging.WARNING
            messages.append((level, f"zensical: {match.group(2).strip()}"))
    return messages


def _run(staged: dict[str, StagedLocale], strict: bool, jobs: int, progress: Callable[[str], None] | None) -> list[LocaleResult]:
    """Run every locale's Zensical build, at most `jobs` at once; results in the order of `staged`."""
    waiting = list(staged)
    running: dict[str, tuple[subprocess.Popen[str], float]] = {}
    results: dict[str, LocaleResult] = {}
    env = _environment()
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                locale = waiting.pop(0)
                process = subprocess.Popen(_command(staged[locale], strict), cwd=staged[locale].root, env=env,
                                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
                running[locale] = (process, time.perf_counter())
                if progress is not None:
                    progress(f"building {locale}")
            locale = next(iter(running))
            process, start = running.pop(locale)
            output, _ = process.communicate()
            result = LocaleResult(locale, seconds=time.perf_counter() - start)
            result.messages = _messages(output)
            result.ok = process.returncode == 0 and staged[locale].site.is_dir()
            if not result.ok:
                lines = [line.strip() for line in output.splitlines() if line.strip()]
                errors = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b", line)]
                tail = (errors or lines)[-1:] or ["no output"]
                if not any(level >= logging.ERROR for level, _ in result.messages):
                    result.messages.append((logging.ERROR, f"zensical build of '{locale}' failed (exit code {process.returncode}): {escape(tail[0])}"))
            results[locale] = result
            if progress is not None:
                progress(f"built {locale} in {result.seconds:.1f} s" if result.ok else f"{locale} failed")
    finally:
        for process, _ in running.values():
            process.kill()
            process.wait()
    return [results[locale] for locale in staged]


# -- merging ---------------------------------------------------------------------


def merge(site: Path, built: list[tuple[str, Path]], default: str) -> None:
    """The default locale's site at the root, every other locale's under `/<locale>/`; one sitemap for all."""
    renders = []
    for locale, folder in built:
        sitemap = folder / "sitemap.xml"
        if sitemap.is_file():
            full = sitemap.read_text("utf-8")
            renders.append(SitemapRender(locale, _URL_BLOCK.sub("", full), full))
            sitemap.unlink()
        gz = folder / "sitemap.xml.gz"
        if gz.is_file():
            gz.unlink()
        overlay(folder, site if locale == default else site / locale)
    if renders:
        write_sitemap(site, splice_sitemap(renders), 0)


def installed_version() -> str | None:
    """The installed Zensical's version, if any."""
    try:
        return importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        return None

