"""Where content lives and which locales a site has, read from mkdocs.yml without MkDocs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from d5site.core.configcheck import KeyLines, key_lines, shape_problems
from d5site.core.diagnostics import ContentError, Diagnostic
from d5site.core.source import read_bytes, yaml_hint

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "dv", "ps", "ckb", "sd", "ug"})


@dataclass(frozen=True)
class Options:
    """Options of the `d5site` plugin (the `- d5site:` entry in mkdocs.yml)."""

    findings_dir: str = "findings"
    """Folder of findings, relative to mkdocs.yml."""
    charter_dir: str = "charter"
    """Folder of the charter (members.yml, editions.yml, principles/), relative to mkdocs.yml."""
    licence: str = "CC-BY-4.0"
    """SPDX id of the site's licence; the default licence of every finding."""
    catalogs_dir: str | None = None
    """Optional folder of message catalogs (`<locale>.yml`) that add to or override the shipped ones."""
    pdf: bool = False
    """Build each year's annual report as a PDF (PDF/UA-1) in every locale; needs WeasyPrint (`d5site[pdf]`) and Pango."""
    report_slug: str | None = None
    """First part of the PDFs' file name (`<slug>-annual-report-<year>-<locale>.pdf`): lowercase letters, digits and
    hyphens; default: derived from site_name (set it so the names stay when the site name changes)."""
    report_published: dict[int, Any] | None = None
    """Publication date of each year's report (`2018: 2019-03-15`); default: the latest date of that year's content."""
    report_reference: str | None = None
    """Reference number printed in the reports' colophon; `{year}` is replaced by the report's year."""
    pdf_cache_dir: str = ".cache/d5site/pdf"
    """Folder, relative to mkdocs.yml, where built PDFs are kept by content hash, so unchanged reports are not rebuilt."""
    contact: str | None = None
    """The footer's contact link: a page of docs/ (`contact.md`, shown in each locale's translation) or an
    `https://`, `http://` or `mailto:` address; none by default (no contact link)."""
    accessibility: str | None = None
    """The footer's link to the accessibility statement: a page of docs/ or an http(s) address; none by default."""
    privacy: str | None = None
    """The footer's link to the privacy notice: a page of docs/ or an http(s) address; none by default."""


@dataclass
class SiteConfig:
    """The site as the core needs it: folders, locales and plugin options."""

    root: Path
    default_locale: str = "en"
    locales: list[str] = field(default_factory=lambda: ["en"])
    """Every configured locale, the default first."""
    locale_names: dict[str, str] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    docs_dir: str = "docs"
    site_url: str | None = None
    use_directory_urls: bool = True
    """MkDocs' `use_directory_urls`: pages at `x/` (True) or `x.html`."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What `d5site check` prints as warnings about the configuration (e.g. fonts from Google)."""
    site_dir: str | None = "site"
    """MkDocs' `site_dir` (relative to `root`, or absolute); None: not published (nothing to check)."""
    site_dir_given: bool = False
    """Whether `site_dir` came from the command line (`--site-dir`), not from mkdocs.yml."""
    config_rel: str = "mkdocs.yml"
    """Name of the configuration file, for diagnostics about its settings."""
    config_lines: KeyLines = field(default_factory=dict)
    """Lines of its keys (see d5site.core.configcheck.key_lines)."""

    @property
    def findings_path(self) -> Path:
        """Absolute folder of findings."""
        return self.root / self.options.findings_dir

    @property
    def charter_path(self) -> Path:
        """Absolute folder of the charter."""
        return self.root / self.options.charter_dir

    @property
    def docs_path(self) -> Path:
        """Absolute folder of hand-written pages."""
        return self.root / self.docs_dir

    @property
    def docs_prefix(self) -> str:
        """The docs folder relative to the root, with a trailing slash (`docs/`), whether `docs_dir` is written
        relative (mkdocs.yml) or absolute (as MkDocs hands it to a plugin): where body links to docs files lead."""
        docs = self.docs_path
        for folder, root in ((docs, self.root), (docs.resolve(), self.root.resolve())):
            try:
                return folder.relative_to(root).as_posix().strip("/") + "/"
            except ValueError:
                continue
        return self.docs_dir.strip("/").replace("\\", "/") + "/"

    def rel(self, path: Path) -> str:
        """`path` relative to the site root, with forward slashes."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    @staticmethod
    def is_rtl(locale: str) -> bool:
        """Whether a locale is written right to left."""
        return locale.split("_")[0].split("-")[0].lower() in RTL_LANGUAGES


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, turning tags it does not know (!ENV, !!python/name:) into plain values."""


def _unknown_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _unknown_tag)


def plugin_entries(raw: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The `plugins:` of a raw mkdocs.yml as {name: options}."""
    plugins = raw.get("plugins") or []
    entries: dict[str, dict[str, Any]] = {}
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for item in plugins:
        if isinstance(item, str):
            entries[item] = {}
        elif isinstance(item, dict):
            for name, opts in item.items():
                entries[str(name)] = opts if isinstance(opts, dict) else {}
    return entries


def options_from(raw: dict[str, Any] | None) -> Options:
    """Plugin options from a raw options mapping, defaults for the rest."""
    raw = raw or {}
    known = {name for name in Options.__dataclass_fields__}
    return Options(**{k: v for k, v in raw.items() if k in known and v is not None})


def locales_from(i18n: dict[str, Any] | None, theme: dict[str, Any]) -> tuple[str, list[str], dict[str, str]]:
    """(default locale, all locales default first, names) from the i18n plugin's options."""
    languages = (i18n or {}).get("languages") or []
    default = None
    locales: list[str] = []
    names: dict[str, str] = {}
    for lang in languages:
        if not isinstance(lang, dict) or "locale" not in lang:
            continue
        locale = str(lang["locale"])
        if locale == "null":
            continue
        if lang.get("build") is False:
            continue
        locales.append(locale)
        names[locale] = str(lang.get("name") or locale)
        if lang.get("default"):
            default = locale
    if not locales:
        language = str(theme.get("language") or theme.get("locale") or "en")
        return language, [language], {language: language}
    default = default or locales[0]
    locales.remove(default)
    return default, [default, *locales], names


MAX_INHERIT = 16
"""Longest chain of `INHERIT:` files d5site follows."""


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' merge of an `INHERIT`ed file (mergedeep's REPLACE strategy): mappings merge key by key,
    recursively; any other value of the child (a list too: `plugins:`) replaces the parent's."""
    result = dict(parent)
    for key, value in child.items():
        if key in result and isinstance(result[key], dict) and isinstance(value, dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = value
    return result


def _read_config(path: Path, rel: str, chain: tuple[str, ...]) -> dict[str, Any]:
    """One mkdocs.yml (or an `INHERIT`ed file) as MkDocs reads it, its parents merged in."""
    if not path.exists():
        if not chain:
            raise ContentError([Diagnostic(rel, 0, "not found: run d5site from the site's root or pass --config")])
        raise ContentError([Diagnostic(rel, 0, "not found (INHERIT)")])
    if path.is_dir():
        raise ContentError(
            [Diagnostic(rel, 0, f"is a folder, not a configuration file: pass the mkdocs.yml inside it (--config {rel}/mkdocs.yml)")]
        )
    data, problem = read_bytes(path, rel)
    if data is None:
        raise ContentError([problem or Diagnostic(rel, 0, "cannot read")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError([Diagnostic(rel, 0, f"cannot read: not valid UTF-8 ({exc.reason})")]) from None
    try:
        raw = yaml.load(text, Loader=_TolerantLoader) or {}  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(
            [Diagnostic(rel, mark.line + 1 if mark else 0, f"invalid YAML: {getattr(exc, 'problem', exc)}{yaml_hint(exc, text)}")]
        ) from None
    except RecursionError:
        raise ContentError([Diagnostic(rel, 0, "invalid YAML: nested too deeply")]) from None
    if not isinstance(raw, dict):
        raise ContentError([Diagnostic(rel, 1, "must be a mapping of settings")])
    if "INHERIT" not in raw:
        return raw
    inherit = raw.pop("INHERIT")
    if not isinstance(inherit, str) or not inherit:
        raise ContentError([Diagnostic(rel, 0, "INHERIT must be the path of another configuration file")])
    parent = Path(os.path.normpath(os.path.join(os.path.dirname(path), inherit)))
    parent_rel = os.path.normpath(os.path.join(os.path.dirname(rel), inherit)).replace(os.sep, "/")
    key = os.path.realpath(parent)
    if key in chain or len(chain) >= MAX_INHERIT:
        raise ContentError([Diagnostic(rel, 0, f"INHERIT: '{inherit}' makes a loop of inherited files")])
    return merge(_read_config(parent, parent_rel, (*chain, os.path.realpath(path))), raw)


def read_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data, `INHERIT:` merged, unknown tags as plain values (raise ContentError naming the file if unreadable)."""
    return _read_config(config_file, config_file.name, ())


def _key_line(text: str, *path: str) -> int:
    """The 1-based line of a nested key (`theme`, `font`) in a YAML mapping; the deepest key found, 0 if none."""
    try:
        node = yaml.compose(text, Loader=_TolerantLoader)  # a SafeLoader subclass
    except yaml.YAMLError:
        return 0
    line = 0
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == key:
                line, node = key_node.start_mark.line + 1, value_node
                break
        else:
            break
    return line


def font_is_set(raw: dict[str, Any]) -> bool:
    """Whether mkdocs.yml asks for web fonts: `theme.font` is a mapping (`text:`, `code:`).

    d5site gives Material the system font stack (`font: false`) otherwise, so that a
    site that does not mention fonts asks no other host for them (contract §9).
    """
    theme = raw.get("theme")
    return isinstance(theme, dict) and isinstance(theme.get("font"), dict)


def config_sets_font(config_file: str | Path | None) -> bool:
    """font_is_set of the mkdocs.yml at `config_file` as MkDocs reads it (`INHERIT:` included); False if unreadable."""
    if not config_file:
        return False
    path = Path(config_file)
    try:
        return font_is_set(_read_config(path, path.name, ()))
    except ContentError:
        return False


def font_warnings(rel: str, text: str, raw: dict[str, Any]) -> list[Diagnostic]:
    """A warning when mkdocs.yml asks Material for fonts from Google Fonts, a host other than the site's.

    Without `theme.font`, d5site gives Material the system font stack: nothing to warn
    about. A `font:` mapping loads its fonts from fonts.googleapis.com unless the privacy
    plugin downloads them at build time and serves them from the site itself.
    """
    theme = raw.get("theme")
    if not isinstance(theme, dict) or theme.get("name") != "material" or not font_is_set(raw):
        return []
    privacy = plugin_entries(raw).get("privacy", plugin_entries(raw).get("material/privacy"))
    if privacy is not None and privacy.get("enabled", True) is not False and privacy.get("assets", True) is not False:
        return []
    line = _key_line(text, "theme", "font")
    return [Diagnostic(rel, line, "theme.font: every page would load its fonts from Google Fonts, sending each reader's "
                       "address to a third party; remove `font:` (the system font stack, d5site's default) or self-host "
                       "them with Material's privacy plugin (see guide/publishing.md)", severity="warning")]


def load_site_config(config_file: Path) -> SiteConfig:
    """Read a site's mkdocs.yml as MkDocs does (`INHERIT:` included); raise ContentError naming the file if it cannot be read."""
    rel = config_file.name
    raw = _read_config(config_file, rel, ())
    text = _text_of(config_file)
    lines = key_lines(text, _TolerantLoader)
    shape = shape_problems(rel, raw, lines)
    problems = [d for d in shape if d.severity == "error"]
    if problems:
        raise ContentError(problems)
    plugins = plugin_entries(raw)
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {"name": raw.get("theme")}
    default, locales, names = locales_from(plugins.get("i18n"), theme or {})
    return SiteConfig(
        root=config_file.resolve().parent,
        default_locale=default,
        locales=locales,
        locale_names=names,
        options=options_from(plugins.get("d5site")),
        docs_dir=str(raw.get("docs_dir") or "docs"),
        site_url=raw.get("site_url"),
        use_directory_urls=raw.get("use_directory_urls") is not False,
        warnings=font_warnings(rel, text, raw) + shape,  # only warnings are left in `shape` here
        site_dir=str(raw.get("site_dir") or "site"),
        config_rel=rel,
        config_lines=lines,
    )


def _text_of(path: Path) -> str:
    """The text of mkdocs.yml, to locate a warning's line ("" if unreadable: the warning then has no line)."""
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def config_lines_of(config_file: Path) -> KeyLines:
    """The lines of mkdocs.yml's keys, for diagnostics about its settings ({} if it cannot be read)."""
    return key_lines(_text_of(config_file), _TolerantLoader)


def configured_site_dir(config_file: Path) -> str | None:
    """The `site_dir` mkdocs.yml sets (INHERIT included; "site" by default); None if mkdocs.yml cannot be read."""
    try:
        raw = _read_config(config_file, config_file.name, ())
    except ContentError:
        return None
    value = raw.get("site_dir")
    return value if isinstance(value, str) and value else "site"


def setup_errors(config_file: Path, site: SiteConfig) -> list[Diagnostic]:
    """What makes `mkdocs build --strict` fail before any content is read, for `d5site check` to refuse too.

    - no `d5site` in `plugins:` (the build would publish none of the content `check` validates);
    - `docs_dir` missing or not a folder (MkDocs refuses it);
    - a built locale without a home page: mkdocs-static-i18n warns "Could not find a homepage
      for locale ..." unless `docs/index.<locale>.md` exists or, with `fallback_to_default`
      (its default), the default locale's `docs/index.md`.
    """
    rel = config_file.name
    raw = _read_config(config_file, rel, ())
    text = _text_of(config_file)
    errors: list[Diagnostic] = []
    plugins = plugin_entries(raw)
    if "d5site" not in plugins:
        errors.append(Diagnostic(rel, _key_line(text, "plugins"), "plugins: no `- d5site` entry: a build would publish none of "
                                 f"{site.options.findings_dir}/ and {site.options.charter_dir}/; add `- d5site` to plugins"))
    docs = site.docs_path
    if not docs.is_dir():
        errors.append(Diagnostic(rel, _key_line(text, "docs_dir"), f"docs_dir: the folder '{site.docs_dir}' does not exist, and mkdocs "
                                 f"build refuses that: create it with a home page, {site.docs_dir}/index.md"))
        return errors
    if "i18n" not in plugins:
        return errors  # MkDocs alone builds without a home page
    i18n = plugins.get("i18n") or {}
    fallback = i18n.get("fallback_to_default", True) is not False

    def home(*names: str) -> bool:
        return any((docs / name).is_file() for name in names)

    default = site.default_locale
    default_home = home("index.md", "README.md", f"index.{default}.md", f"README.{default}.md")
    if not default_home:
        errors.append(Diagnostic(f"{site.docs_dir}/index.md", 0, f"missing: the home page of locale '{default}' (mkdocs build "
                                 "--strict fails without it); write it, with a title and a few words about the site"))
    for locale in site.locales[1:]:
        if home(f"index.{locale}.md", f"README.{locale}.md") or (fallback and default_home):
            continue
        errors.append(Diagnostic(f"{site.docs_dir}/index.{locale}.md", 0, f"missing: the home page of locale '{locale}' "
                                 "(mkdocs build --strict fails without it); write it"
                                 + ("" if fallback else ", or set the i18n plugin's fallback_to_default: true")))
    return errors
