"""A locale's Zensical project, written from the site compiler (d5site.compile): pages with their state, nav, 404, static files.

`read_site` reads mkdocs.yml and the content once (without MkDocs); `stage_locale`
writes one locale's project (d5site.zensical.stage): its hand-written pages with
their state added as `d5site:` front matter, every generated page, its feed (the
default locale: also the open data), and a mkdocs.yml that INHERITs the site's
and sets what differs per locale: `site_url`, `theme.language`, the navigation,
the language selector's locales and the 404 page's words (`config.extra`).
Each page's state also carries its language selector's links (`switcher`),
which d5site/zensical/theme/partials/alternate.html reads.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pathspec

from d5site.compile import FRONT_MATTER_KEY, EngineSettings, LocaleCompiler, SiteCompiler, compile_site
from d5site.compile.assets import SCRIPTS, STYLESHEETS
from d5site.compile.frontmatter import yaml_value
from d5site.compile.state import locale_prefix, site_path
from d5site.core.siteconfig import config_sets_font, load_site_config, read_config
from d5site.zensical.stage import StagedLocale, compose_theme, copy_docs, generated_path


@dataclass
class Site:
    """What every locale's staging needs, read once by the parent."""

    config_file: Path
    raw: dict[str, Any]
    compiler: SiteCompiler
    pdf_requested: bool = False
    """mkdocs.yml turns the reports' PDFs on; a Zensical build neither writes nor links them (yet)."""

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


def read_site(config_file: Path) -> Site:
    """The site's configuration and content, checked as the MkDocs build checks them (CompileError if not publishable)."""
    site_config = load_site_config(config_file)
    pdf_requested = site_config.options.pdf
    if pdf_requested:  # the reports' PDFs are printed from MkDocs' pages: not with Zensical yet, so not linked
        site_config.options = dataclasses.replace(site_config.options, pdf=False)
    raw = read_config(config_file)
    names, configs = _markdown_extensions(raw.get("markdown_extensions"))
    settings = EngineSettings(site_name=_text(raw, "site_name") or "", site_description=_text(raw, "site_description"),
                              site_author=_text(raw, "site_author"), custom_dir=_custom_dir(config_file, raw),
                              markdown_extensions=names, mdx_configs=configs)
    return Site(config_file, raw, compile_site(site_config, settings), pdf_requested)


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
    pages = copy_docs(config.docs_path, staged.docs, locale, config.default_locale, config.locales)
    for rel, (source, own) in pages.items():
        path = staged.docs / rel
        text = path.read_text("utf-8")
        staged_text = _add_switcher(compiler, rel, compiler.docs_page(rel, text, locale if own else config.default_locale,
                                                                      config.rel(source)))
        path.write_text(staged_text, "utf-8")
        staged.sources[rel] = (config.rel(source), staged_text.count("\n") - text.count("\n"))
    for src_uri, markdown in compiler.pages():
        staged.write_page(src_uri, _add_switcher(compiler, src_uri, markdown))
        url = "/" + locale_prefix(locale, config.default_locale) + generated_path(src_uri).removesuffix("index.md")
        staged.sources[generated_path(src_uri)] = (url, 0)
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
    """A page's Markdown, its switcher added to the `d5site:` state on its first front matter line (which carries
    its `<title>` already: the compiler's, as under MkDocs)."""
    head = f"---\n{FRONT_MATTER_KEY}: "
    if not markdown.startswith(head):
        return markdown
    line, _, rest = markdown[len(head):].partition("\n")
    return f"{head}{yaml_value(_with_switcher(compiler, src_uri, json.loads(line)))}\n{rest}"


def _build_time() -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC)
    return _dt.datetime.now(tz=_dt.UTC)


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
        "extra_css": list(STYLESHEETS),
        "extra_javascript": list(SCRIPTS),
        "markdown_extensions": ["attr_list", "d5site.render.rawhtml:RawHtmlExtension"],
        "extra": {"alternate": alternate, "d5site_404": json.loads(json.dumps(compiler.not_found()))},
    }
    if config.site_url:
        settings["site_url"] = config.site_url.rstrip("/") + "/" + locale_prefix(locale, config.default_locale)
    if "nav" not in site.raw:
        settings["nav"] = _nav(compiler, staged, site.raw)
    return settings


def _not_in_nav(raw: dict[str, Any]) -> Callable[[str], bool]:
    """mkdocs.yml's `not_in_nav` (gitignore-style patterns, as MkDocs reads them): pages left out of the navigation."""
    patterns = raw.get("not_in_nav") if isinstance(raw, dict) else None
    if not isinstance(patterns, str) or not patterns.strip():
        return lambda rel: False
    spec = pathspec.PathSpec.from_lines("gitwildmatch", patterns.splitlines())
    return lambda rel: spec.match_file(rel)


def _nav(compiler: LocaleCompiler, staged: StagedLocale, raw: dict[str, Any]) -> list[Any]:
    """The navigation MkDocs' automatic one gives with d5site: the home page, the generated sections in reading order
    (their translated titles; the annual reports' pages titled too), then the other pages; a hand-written page in a
    folder joins that folder's section."""
    plan = compiler.nav()
    specs = compiler.compiler.specs
    generated = {generated_path(uri) for uri in specs}
    titled = {generated_path(uri): title for uri, title in plan.page_titles.items()}
    tree: dict[str, list[tuple[str, str]]] = {"": []}
    """folder ("" for the root) -> its entries in order: ("page", staged path) or ("section", folder)."""

    def add(folder: str, entry: tuple[str, str]) -> None:
        parts = folder.split("/") if folder else []
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key not in tree:
                tree[key] = []
                tree["/".join(parts[:depth - 1])].append(("section", key))
        tree[folder].append(entry)

    if (staged.docs / "index.md").is_file():
        add("", ("page", "index.md"))
    for uri in plan.listed():
        add(uri.rpartition("/")[0], ("page", generated_path(uri)))
    hidden = _not_in_nav(raw)
    others = [p.relative_to(staged.docs).as_posix() for p in staged.docs.rglob("*.md")]
    others = [rel for rel in others if not hidden(rel)]
    for rel in sorted(others, key=lambda rel: (rel.count("/"), rel)):  # files before folders, as MkDocs sorts them
        if rel != "index.md" and rel not in generated:
            add(rel.rpartition("/")[0], ("page", rel))

    def entries(folder: str) -> list[Any]:
        result: list[Any] = []
        for kind, value in tree[folder]:
            if kind == "page":  # a report by its folder, not its `index.md`: Zensical makes the first index.md
                # of a section that section's link (navigation.indexes), the newest report the "Annual reports" label's
                result.append({titled[value]: value.removesuffix("index.md")} if value in titled else value)
            else:
                result.append({plan.section_title(value) or _folder_title(value): entries(value)})
        return result

    return entries("")


def _folder_title(folder: str) -> str:
    """MkDocs' title of a folder's section: its name, `-` and `_` as spaces, capitalized if all lower case."""
    title = folder.rpartition("/")[2].replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
