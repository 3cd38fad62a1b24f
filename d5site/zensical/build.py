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
import json
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

from d5site.compile import FRONT_MATTER_KEY, CompileError, EngineSettings, LocaleCompiler, SiteCompiler, compile_site
from d5site.compile.frontmatter import with_front_matter, yaml_value
from d5site.compile.state import locale_prefix, site_path
from d5site.core.diagnostics import ContentError, escape
from d5site.core.siteconfig import config_sets_font, load_site_config, read_config
from d5site.render.assemble import AssembleError, SitemapRender, overlay, splice_sitemap, write_sitemap
from d5site.render.localebuild import LocaleResult, Outcome, clean, report
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
    compiler: SiteCompiler

    @property
    def custom_dir(self) -> Path | None:
        """The site's own theme.custom_dir, if it has one."""
        return _custom_dir(self.config_file, self.raw)


def _text(raw: dict[str, Any], key: str) -> str | None:
    """A text setting of mkdocs.yml (`site_name`...), None if absent or not text."""
    value = raw.get(key)
    return value if isinstance(value, str) and value else None


def _custom_dir(config_file: Path, raw: dict[str, Any]) -> Path | None:
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return config_file.resolve().parent / custom if isinstance(custom, str) and custom else None


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
    except CompileError as exc:
        return Outcome(1, [f"ERROR - d5site: {clean(str(exc))}"])
    config = site.compiler.site
    target = site_dir or str(config.root / (config.site_dir or "site"))
    locales = config.locales
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
            merge(merged.path, [(locale, staged[locale].site) for locale in locales], config.default_locale)
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
    """The site's configuration and content, checked as the MkDocs build checks them (CompileError if not publishable)."""
    site_config = load_site_config(config_file)
    raw = read_config(config_file)
    names, configs = _markdown_extensions(raw.get("markdown_extensions"))
    settings = EngineSettings(site_name=_text(raw, "site_name") or "", site_description=_text(raw, "site_description"),
                              site_author=_text(raw, "site_author"), custom_dir=_custom_dir(config_file, raw),
                              markdown_extensions=names, mdx_configs=configs)
    return Site(config_file, raw, compile_site(site_config, settings))


def _markdown_extensions(value: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The site's Markdown extensions as mkdocs.yml lists them: names and settings (entries that are not names left out)."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            name, options = next(iter(entry.items()))
            if isinstance(name, str):
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = options
    return names, configs


# -- staging ---------------------------------------------------------------------


def stage_locale(site: Site, locale: str, folder: Path) -> StagedLocale:
    """Write `locale`'s project into `folder` (see d5site.zensical.stage)."""
    config = site.compiler.site
    staged = StagedLocale(locale, folder)
    compiler = site.compiler.locale(locale)
    own = copy_docs(config.docs_path, staged.docs, locale, config.default_locale, config.locales)
    for rel, is_own in own.items():
        path = staged.docs / rel
        state = _with_switcher(compiler, rel, compiler.state(rel, text_locale=locale if is_own else config.default_locale))
        path.write_text(with_front_matter(path.read_text("utf-8-sig"), {FRONT_MATTER_KEY: state}), "utf-8")
    for src_uri, markdown in compiler.pages():
        staged.write_page(src_uri, _add_switcher(compiler, src_uri, markdown))
    scratch = staged.root / "static"
    files = dict([compiler.feed(scratch, _build_time())])
    if locale == config.default_locale:
        files.update(site.compiler.open_data(scratch / "data"))
    prefix = locale_prefix(locale, config.default_locale)
    for dest, path in files.items():
        target = staged.docs / dest.removeprefix(prefix)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    compose_theme(staged.theme, site.custom_dir)
    staged.write_config(site.config_file, _settings(site, compiler, staged))
    return staged


def _with_switcher(compiler: LocaleCompiler, src_uri: str, state: Any) -> dict[str, Any]:
    """A page's state with its language switcher (locale -> path), which Zensical's theme reads from page.meta."""
    return {**state, "switcher": compiler.switcher(src_uri)}


def _add_switcher(compiler: LocaleCompiler, src_uri: str, markdown: str) -> str:
    """A generated page's Markdown, the switcher added to the `d5site:` state on its first front matter line."""
    head = f"---\n{FRONT_MATTER_KEY}: "
    if not markdown.startswith(head):
        return markdown
    line, _, rest = markdown[len(head):].partition("\n")
    return f"{head}{yaml_value(_with_switcher(compiler, src_uri, json.loads(line)))}\n{rest}"


def _build_time() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc)
    return _dt.datetime.now(tz=_dt.timezone.utc)


def _settings(site: Site, compiler: LocaleCompiler, staged: StagedLocale) -> dict[str, Any]:
    """What the locale's mkdocs.yml sets over the site's (merged by Zensical's INHERIT: lists are appended)."""
    config = site.compiler.site
    locale = compiler.locale
    theme: dict[str, Any] = {"language": locale, "custom_dir": "theme"}
    if not config_sets_font(site.config_file):
        theme["font"] = False
    raw_theme = site.raw.get("theme") if isinstance(site.raw.get("theme"), dict) else {}
    if "variant" not in raw_theme:
        theme["variant"] = "classic"  # Material for MkDocs' look
    root = site_path(config.site_url)
    alternate = [{"name": config.locale_names.get(other, other), "link": root + locale_prefix(other, config.default_locale),
                  "lang": other} for other in config.locales] if len(config.locales) > 1 else []
    settings: dict[str, Any] = {
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "extra_css": [CSS],
        "markdown_extensions": ["attr_list", "d5site.render.rawhtml:RawHtmlExtension"],
        "extra": {"alternate": alternate, "d5site_404": json.loads(json.dumps(compiler.not_found()))},
    }
    if config.site_url:
        settings["site_url"] = config.site_url.rstrip("/") + "/" + locale_prefix(locale, config.default_locale)
    if "nav" not in site.raw:
        settings["nav"] = _nav(compiler, staged)
    return settings


def _nav(compiler: LocaleCompiler, staged: StagedLocale) -> list[Any]:
    """The navigation d5site gives MkDocs' automatic one: home, generated sections in reading order, other pages."""
    plan = compiler.nav()
    specs = compiler.compiler.specs
    tree: dict[str, Any] = {}
    """folder -> list of entries (paths, or nested folders' keys)."""
    order: list[str] = []
    for uri, spec in specs.items():
        if not spec.in_nav:
            continue
        folder = uri.rpartition("/")[0]
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key not in tree:
                tree[key] = []
                parent = "/".join(parts[:depth - 1])
                (tree[parent] if parent else order).append(("section", key))
        tree[folder].append(("page", generated_path(uri)))

    def entries(items: list[tuple[str, str]]) -> list[Any]:
        result: list[Any] = []
        for kind, value in items:
            if kind == "page":
                result.append(value)
            else:
                title = plan.titles.get(f"{value}/index.md", value.rpartition("/")[2])
                result.append({title: entries(tree[value])})
        return result

    nav: list[Any] = ["index.md"] if (staged.docs / "index.md").is_file() else []
    nav += entries(order)
    generated = {generated_path(uri) for uri in specs}
    for path in sorted(staged.docs.rglob("*.md")):
        rel = path.relative_to(staged.docs).as_posix()
        if rel != "index.md" and rel not in generated:
            nav.append(rel)
    return nav


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

