"""`d5site build`: each locale built by static-i18n in its own process, merged and published atomically.

How it stays the same site as `mkdocs build`, byte for byte:

- The parent process loads the MkDocs configuration and d5site's content once
  (a content error is reported once, as `d5site check` does, and nothing is
  built), then forks one process per locale, up to `jobs` at a time.
- Each process enters static-i18n the way static-i18n's own loop does for its
  second and later locales (`i18n_bridge.build_only`: the locale to build, and
  `building` set so that it builds no other), and runs MkDocs' `build` into its
  own staging folder. The d5site plugin then writes that locale's search index
  and renders the sitemap template for the merge (`LocaleBuild`).
- The parent overlays the folders in static-i18n's order (default locale
  first), which replays a sequential build's writes: where several builds write
  the same file (theme assets, 404.html, data/), the last one wins, as it does
  sequentially. sitemap.xml, the one file static-i18n makes from every locale,
  is spliced from each locale's render (d5site.render.assemble).
- The default locale's staging folder replaces `site_dir` only if every locale
  succeeded (in strict mode: without a warning); otherwise every staging folder
  is deleted and `site_dir` stays as it was.

Warnings and errors of every locale are collected and reported once each.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from d5site.mkdocs import i18n_bridge
from d5site.mkdocs.mode import LocaleBuild
from d5site.render.assemble import AssembleError, SitemapRender, gzip_mtime, overlay, splice_sitemap, write_sitemap
from d5site.render.localebuild import LocaleResult, Outcome, clean as _clean, report as _report
from d5site.render.publish import PublishError, Staging


class _Collect(logging.Handler):
    """Keeps the warnings and errors a build logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed log call must not end the build
            text = str(record.msg)
        self.messages.append((record.levelno, text))


def _message_of(exc: BaseException) -> str:
    """A one-line-per-fact message for an exception, never a traceback."""
    from mkdocs.exceptions import MkDocsException

    text = str(exc).strip()
    if isinstance(exc, (MkDocsException, AssembleError, PublishError)):
        return text or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _build_locale(config: MkDocsConfig, locale: str, site_dir: Path, strict: bool, conn: Connection) -> None:
    """Body of a locale's process (forked from the parent, which loaded `config` and the content)."""
    from mkdocs.commands.build import build

    result = LocaleResult(locale)
    start = time.perf_counter()
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        config.site_dir = str(site_dir)
        config.strict = strict
        plugin = _d5site_plugin(config)
        locale_build = LocaleBuild(locale)
        plugin.build_one_locale(locale_build)
        i18n_bridge.build_only(config, locale)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        result.sitemap = locale_build.sitemap
        result.ok = True
    except BaseException as exc:  # reported to the parent as a message, never a traceback
        message = _message_of(exc)
        if not (message.startswith("Aborted with") and collect.messages):
            collect.messages.append((logging.ERROR, message))
    result.messages = collect.messages
    result.seconds = time.perf_counter() - start
    conn.send(result)
    conn.close()


def _d5site_plugin(config: MkDocsConfig) -> Any:
    """The d5site plugin of `config` (found by name: this module does not import the plugin, which imports it)."""
    plugin = config.plugins.get("d5site")
    if plugin is None or not hasattr(plugin, "build_one_locale"):
        raise AssembleError("mkdocs.yml: the d5site plugin is not in `plugins:`; build with `mkdocs build`")
    return plugin


def build_site(config_file: str, site_dir: str | None = None, jobs: int | None = None, strict: bool = False,
               progress: Callable[[str], None] | None = None) -> Outcome:
    """Build the site of `config_file` with its locales in up to `jobs` processes; publish it atomically."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(config_file, site_dir=site_dir, strict=strict)
    except (MkDocsException, OSError) as exc:
        return Outcome(1, [f"ERROR - {_clean(_message_of(exc))}"])
    try:
        plugin = _d5site_plugin(config)
        default, locales = i18n_bridge.locales(config)
        plugin.start(config)  # content errors: reported once, nothing built
    except (MkDocsException, AssembleError) as exc:
        return Outcome(1, [f"ERROR - {_clean(_message_of(exc))}"])
    try:
        return _build_and_publish(config, plugin, default, locales, jobs, strict, progress)
    finally:
        plugin.publication.shutdown()  # the temporary files the locales' processes shared


def _build_and_publish(config: MkDocsConfig, plugin: Any, default: str, locales: list[str], jobs: int | None, strict: bool,
                       progress: Callable[[str], None] | None) -> Outcome:
    """Build every locale in its process and publish the merged site (see `build_site`)."""
    try:
        plugin.publication.data(plugin.build.compiler)  # written once, here, and shared by every locale's process
    except OSError as exc:
        return Outcome(1, [f"ERROR - d5site build: cannot write the open data: {_clean(_message_of(exc))}"])
    jobs = max(1, jobs or os.cpu_count() or 1)
    target = config.site_dir
    stagings: dict[str, Staging] = {}
    try:
        try:
            for locale in locales:
                stagings[locale] = Staging(target)
        except (OSError, PublishError) as exc:
            return Outcome(1, [f"ERROR - {_clean(_message_of(exc))}"])
        results = _run(config, locales, stagings, strict, jobs, progress)
        lines = _report(results, locales)
        if not all(result.ok for result in results):
            failed = [result.locale for result in results if not result.ok]
            lines.append(f"ERROR - d5site build: the build of {', '.join(failed)} failed; {target} was left unchanged")
            return Outcome(1, lines, locales, {r.locale: r.seconds for r in results})
        try:
            site = stagings[default]
            _merge(site.path, [stagings[locale].path for locale in locales[1:]], results)
            site.publish()
        except (OSError, AssembleError, PublishError) as exc:
            lines.append(f"ERROR - d5site build: {_clean(_message_of(exc))}; {target} was left unchanged")
            return Outcome(1, lines, locales, {r.locale: r.seconds for r in results})
        if site.left_behind is not None:
            lines.append(f"INFO - d5site: could not delete the previous site, left in {site.left_behind}")
        return Outcome(0, lines, locales, {r.locale: r.seconds for r in results}, site_dir=target)
    finally:
        for staging in stagings.values():
            staging.discard()


def _run(config: MkDocsConfig, locales: list[str], stagings: dict[str, Staging], strict: bool, jobs: int,
         progress: Callable[[str], None] | None) -> list[LocaleResult]:
    """Build every locale in its own process, at most `jobs` at once; results in the order of `locales`."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    waiting = list(locales)
    running: dict[str, tuple[Any, Connection]] = {}
    results: dict[str, LocaleResult] = {}
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        while waiting or running:
            while waiting and len(running) < jobs:
                locale = waiting.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_build_locale, args=(config, locale, stagings[locale].path, strict, send),
                                          name=f"d5site-build-{locale}", daemon=True)
                process.start()
                send.close()
                running[locale] = (process, receive)
                if progress is not None:
                    progress(f"building {locale}")
            ready = multiprocessing.connection.wait([conn for _, conn in running.values()] +
                                                    [process.sentinel for process, _ in running.values()])
            for locale, (process, conn) in list(running.items()):
                if conn not in ready and process.sentinel not in ready:
                    continue
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    process.join()
                    stopped = f"d5site build: the build of '{locale}' stopped unexpectedly (exit code {process.exitcode})"
                    result = LocaleResult(locale, messages=[(logging.ERROR, stopped)])
                process.join()
                conn.close()
                del running[locale]
                results[locale] = result
                if progress is not None:
                    progress(f"built {locale} in {result.seconds:.1f} s" if result.ok else f"{locale} failed")
    finally:
        for process, conn in running.values():
            process.terminate()
            process.join()
            conn.close()
    return [results[locale] for locale in locales]


def _merge(site: Path, others: list[Path], results: list[LocaleResult]) -> None:
    """Overlay the other locales' folders on the default locale's, in build order; splice sitemap.xml."""
    for folder in others:
        overlay(folder, site)
    renders = [SitemapRender(r.locale, *r.sitemap) for r in results if r.sitemap is not None]
    if len(results) > 1 and renders:
        if len(renders) != len(results):
            raise AssembleError("sitemap.xml: some locales rendered none; build with `mkdocs build`")
        gz = site / "sitemap.xml.gz"
        mtime = gzip_mtime(gz) if gz.is_file() else 0
        write_sitemap(site, splice_sitemap(renders), mtime)
