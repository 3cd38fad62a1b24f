"""Checks of mkdocs.yml's own settings that `check` and the build share: option types, the licence, where folders are.

Two stages. `shape_problems` runs on the raw mapping, before a SiteConfig can be
made (a `findings_dir: 5` or `plugins: 5` cannot become paths): its problems stop
everything. `config_problems` (in d5site.core.sitecheck) runs on a SiteConfig, in `check` and in the build
(which passes MkDocs' resolved `site_dir`, `--site-dir` included), before
anything is written: a licence that is not an SPDX id, a `docs_dir` (or findings,
charter, catalogs folder) outside the site's folder, and a `site_dir` that is,
contains or is inside the site's sources (publishing replaces `site_dir` whole,
so it would delete them). Paths are compared after resolving symbolic links
and `..`, as the publishing step resolves them.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml

from d5site.core.diagnostics import Diagnostic
from d5site.core.schema import _type_name  # the words schema errors use: `a number`, `a list`

TEXT_OPTIONS = ("findings_dir", "charter_dir", "licence", "pdf_cache_dir")
"""Options of the d5site plugin whose value must be text."""
OPTIONAL_TEXT_OPTIONS = ("catalogs_dir", "report_slug", "report_reference", "contact", "accessibility", "privacy")
"""Options of the d5site plugin whose value is text or left out (null)."""
REPORT_OPTIONS = ("pdf", "report_published")
"""Options of the annual reports checked on their own (a switch, dates by year)."""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A report slug: lowercase ASCII letters and digits in hyphen-separated words."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FOLDER_CONTROL = "holds a control character (a NUL, a line break...): not a folder name d5site accepts"

KeyLines = dict[str, int]
"""1-based lines of mkdocs.yml's keys: top-level ones by name (`site_dir`), the d5site plugin's as `d5site.<name>`,
the i18n plugin's `languages` as `i18n.languages`."""


def key_lines(text: str, loader: type[yaml.SafeLoader]) -> KeyLines:
    """Where the keys d5site checks are in the text of mkdocs.yml ({} when it cannot be parsed)."""
    try:
        node = yaml.compose(text, Loader=loader)  # a SafeLoader subclass
    except yaml.YAMLError:
        return {}
    lines: KeyLines = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        lines.setdefault(key.value, key.start_mark.line + 1)
        if key.value == "plugins":
            _plugin_lines(value, lines)
    return lines


def _plugin_lines(plugins: yaml.Node, lines: KeyLines) -> None:
    """The lines of the d5site plugin's options and of the i18n plugin's `languages`."""
    entries: list[tuple[yaml.Node, yaml.Node]] = []
    if isinstance(plugins, yaml.MappingNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.MappingNode):
                entries.extend(item.value)
            elif isinstance(item, yaml.ScalarNode):
                lines.setdefault(str(item.value), item.start_mark.line + 1)
    for key, value in entries:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name = str(key.value)
        lines.setdefault(name, key.start_mark.line + 1)
        if isinstance(value, yaml.MappingNode):
            for option, _ in value.value:
                if isinstance(option, yaml.ScalarNode):
                    lines.setdefault(f"{name}.{option.value}", option.start_mark.line + 1)


def shape_problems(rel: str, raw: dict[str, Any], lines: KeyLines) -> list[Diagnostic]:
    """Settings of the wrong type that d5site reads from mkdocs.yml (MkDocs refuses them too, with its own words)."""
    out: list[Diagnostic] = []
    for key in ("docs_dir", "site_dir"):
        if key in raw and not isinstance(raw[key], str):
            out.append(Diagnostic(rel, lines.get(key, 0), f"{key} must be text (a folder), not {_type_name(raw[key])}"))
        elif key in raw and _CONTROL.search(raw[key]):
            out.append(Diagnostic(rel, lines.get(key, 0), f"{key}: {FOLDER_CONTROL}"))
    plugins = raw.get("plugins")
    if plugins is not None and not isinstance(plugins, (list, dict)):
        out.append(Diagnostic(rel, lines.get("plugins", 0), f"plugins must be a list of plugins, not {_type_name(plugins)}"))
        return out
    for name, options in _entries(plugins or []):
        if name == "d5site":
            out += _d5site_option_problems(rel, options, lines)
        elif name == "i18n" and isinstance(options, dict):
            languages = options.get("languages")
            if languages is not None and not isinstance(languages, list):
                out.append(Diagnostic(rel, lines.get("i18n.languages", lines.get("i18n", 0)),
                                      f"i18n: languages must be a list of languages, not {_type_name(languages)}"))
    return out


def _entries(plugins: list[Any] | dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, options as written) of each plugin."""
    if isinstance(plugins, dict):
        return [(str(k), v) for k, v in plugins.items()]
    found: list[tuple[str, Any]] = []
    for item in plugins:
        if isinstance(item, str):
            found.append((item, None))
        elif isinstance(item, dict):
            found.extend((str(k), v) for k, v in item.items())
    return found


def option_problems(rel: str, options: dict[str, Any], lines: KeyLines) -> list[Diagnostic]:
    """Errors in the d5site plugin's options (as MkDocs passed them to the build, or as mkdocs.yml writes them)."""
    return [d for d in _d5site_option_problems(rel, options, lines) if d.severity == "error"]


def _d5site_option_problems(rel: str, options: Any, lines: KeyLines) -> list[Diagnostic]:
    if options is None:
        return []
    if not isinstance(options, dict):
        return [
            Diagnostic(
                rel,
                lines.get("d5site", 0),
                f"d5site: its options must be a mapping (`- d5site:` then `findings_dir: ...` indented below), not {_type_name(options)}",
            )
        ]
    out = []
    for name, value in options.items():
        line = lines.get(f"d5site.{name}", lines.get("d5site", 0))
        if name in TEXT_OPTIONS and not isinstance(value, str):
            out.append(Diagnostic(rel, line, f"d5site: option '{name}' must be text, not {_type_name(value)}"))
        elif name in OPTIONAL_TEXT_OPTIONS and value is not None and not isinstance(value, str):
            what = "text (a folder)" if name.endswith("_dir") else "text"
            out.append(Diagnostic(rel, line, f"d5site: option '{name}' must be {what} or left out, not {_type_name(value)}"))
        elif name in (*TEXT_OPTIONS, *OPTIONAL_TEXT_OPTIONS) and isinstance(value, str) and _CONTROL.search(value):
            problem = "holds a control character (a NUL, a line break...): not accepted" if name.startswith("report_") else FOLDER_CONTROL
            out.append(Diagnostic(rel, line, f"d5site: option '{name}': {problem}"))
        elif name == "report_slug" and isinstance(value, str) and (len(value) > 60 or not SLUG.fullmatch(value)):
            out.append(Diagnostic(rel, line, "d5site: option 'report_slug' must be lowercase letters, digits and single hyphens"
                                  " (e.g. `digital-nations`), at most 60 characters"))
        elif name in REPORT_OPTIONS:
            out += [Diagnostic(rel, line, f"d5site: option '{name}' {problem}") for problem in _report_option_problems(name, value)]
        elif name not in TEXT_OPTIONS and name not in OPTIONAL_TEXT_OPTIONS:
            known = ", ".join((*TEXT_OPTIONS, *OPTIONAL_TEXT_OPTIONS, *REPORT_OPTIONS))
            out.append(Diagnostic(rel, line, f"d5site: unknown option '{name}' (known: {known})", severity="warning"))
    return out


def _report_option_problems(name: str, value: Any) -> list[str]:
    """What is wrong with `pdf` (a switch) or `report_published` (a date for each year), as phrases."""
    if name == "pdf":
        return [] if isinstance(value, bool) else [f"must be true or false, not {_type_name(value)}"]
    if value is None:
        return []
    if not isinstance(value, dict):
        return [f"must map years to dates (`2018: 2019-03-15`), not {_type_name(value)}"]
    out = []
    for year, day in value.items():
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            out.append(f"has a key that is not a year: {str(year)[:20]!r}")
        elif not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
            out.append(f"{year}: must be a date written YYYY-MM-DD, not {_type_name(day)}")
    return out
