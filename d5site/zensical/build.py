"""`d5site build --engine zensical` (experimental): each locale staged, built by its own Zensical process, merged, published.

- The parent reads mkdocs.yml and the content once, without MkDocs (a content
  error is reported once, as `d5site check` does, and nothing is built).
- For each locale it stages a project (d5site.zensical.project): the locale's
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

import importlib.metadata
import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path

from d5site.compile import CompileError
from d5site.core.diagnostics import ContentError, Diagnostic
from d5site.render.assemble import AssembleError, SitemapRender, overlay, splice_sitemap, write_sitemap
from d5site.render.localebuild import Outcome, clean, report
from d5site.render.publish import PublishError, Staging
from d5site.zensical.process import run
from d5site.zensical.project import read_site, stage_locale

ZENSICAL = "zensical==0.0.73"
"""The Zensical release d5site is tested with: the newest that installs from the package index (0.1.x needs zensical-ui)."""
_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.DOTALL)


def zensical_missing() -> str | None:
    """Why Zensical cannot be used here (not installed), or None."""
    if importlib.util.find_spec("zensical") is None:
        return (f"d5site build --engine zensical: Zensical is not installed; install it with `pip install {ZENSICAL}` "
                "(or install d5site with its `zensical` extra)")
    return None


def build_site(config_file: str, site_dir: str | None = None, jobs: int | None = None, strict: bool = False,
               progress: Callable[[str], None] | None = None) -> Outcome:
    """Build the site of `config_file` with Zensical, each locale in its own process (up to `jobs`); publish it atomically."""
    missing = zensical_missing()
    if missing is not None:
        return Outcome(1, [f"ERROR - {missing}"])
    try:
        site = read_site(Path(config_file))
    except ContentError as exc:
        lines = "\n".join(d.text() for d in sorted(exc.diagnostics))
        return Outcome(1, [f"ERROR - d5site: {clean(lines)}"])
    except CompileError as exc:
        return Outcome(1, [f"ERROR - d5site: {clean(str(exc))}"])
    except OSError as exc:
        return Outcome(1, [f"ERROR - d5site build: cannot read {clean(str(exc.filename or config_file))}: {exc.strerror or exc}"])
    config = site.compiler.site
    if not config.use_directory_urls:
        problem = Diagnostic(config.config_rel, config.config_lines.get("use_directory_urls", 0),
                             "use_directory_urls: false is not supported by `d5site build --engine zensical` yet; "
                             "build with `d5site build`")
        return Outcome(1, [f"ERROR - {clean(problem.text())}"])
    target = site_dir or str(config.root / (config.site_dir or "site"))
    locales = config.locales
    stages: dict[str, Staging] = {}
    merged: Staging | None = None
    try:
        try:
            for locale in locales:
                stages[locale] = Staging(target)
            staged = {locale: stage_locale(site, locale, stages[locale].path) for locale in locales}
        except CompileError as exc:  # a hand-written page whose front matter cannot carry its state
            return Outcome(1, [f"ERROR - d5site: {clean(str(exc))}"])
        except (OSError, PublishError) as exc:
            return Outcome(1, [f"ERROR - d5site build: {clean(str(exc))}; {target} was left unchanged"])
        results = run(staged, strict, max(1, jobs or os.cpu_count() or 1), progress)
        lines = report(results, locales)
        seconds = {r.locale: r.seconds for r in results}
        if not all(result.ok for result in results):
            failed = [result.locale for result in results if not result.ok]
            lines.append(f"ERROR - d5site build: the build of {', '.join(failed)} failed; {target} was left unchanged")
            return Outcome(1, lines, locales, seconds)
        try:
            merged = Staging(target)
            merge(merged.path, [(locale, staged[locale].site) for locale in locales], config.default_locale)
            merged.publish()
        except (OSError, AssembleError, PublishError) as exc:
            lines.append(f"ERROR - d5site build: {clean(str(exc))}; {target} was left unchanged")
            return Outcome(1, lines, locales, seconds)
        if merged.left_behind is not None:
            lines.append(f"INFO - d5site: could not delete the previous site, left in {merged.left_behind}")
        if site.pdf_requested:
            lines.append("INFO - d5site: the annual reports' PDFs (pdf: true) are built by `d5site build` and `mkdocs build` "
                         "only: this Zensical build neither writes nor links them")
        version = installed_version()
        if version is not None and f"=={version}" not in ZENSICAL:
            lines.append(f"INFO - d5site: built with Zensical {version}; d5site is tested with {ZENSICAL.replace('==', ' ')}")
        return Outcome(0, lines, locales, seconds, site_dir=str(merged.target))
    finally:
        for staging in (*stages.values(), *([merged] if merged is not None else [])):
            staging.discard()


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

