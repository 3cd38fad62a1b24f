"""Kit files for names and labels: member names (charter/members.yml), theme names (charter/themes.yml), the site's catalog labels.

These translations live in YAML files that people also edit by hand, so import
changes only the lines it must: the locale's entry of one `name:` mapping (block
or one-line flow style, rewritten by the YAML emitter), or one line of the
site's catalog (`<catalogs_dir>/<locale>.yml`). Comments and everything else stay
byte for byte; the result is parsed again before it is written.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

from d5site.core.catalog import Catalog
from d5site.core.diagnostics import Diagnostic
from d5site.core.kit import Kit, KitFile, NamesPlanner, Outcome, Unit, clean_target, resolve, same_source
from d5site.core.model import Content
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict, YamlError, load_yaml, read_text

LABELS = "@labels"
"""The `original` of the kit file of catalog labels (they have no single source file: shipped catalog and the site's)."""
_FLOW_NAME = re.compile(r"^(?P<lead>[ \t]*name:[ \t]*)\{[^#\n]*\}(?P<trail>[ \t]*(?:#.*)?)$")


def _digest(texts: dict[str, str]) -> str:
    payload = json.dumps(texts, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _dump(mapping: dict[str, str], flow: bool = False) -> str:
    """One YAML line (`key: value`, or `{a: b, c: d}` with `flow`), quoted as YAML needs."""
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, default_flow_style=flow, width=1 << 30).rstrip("\n")


def sources(site: SiteConfig, content: Content) -> dict[str, dict[str, tuple[str, str | None, str]]]:
    """Kit file source -> unit id -> (source text, current translation or None, note), for a locale-free view.

    The translation is filled per locale by `build_names`.
    """
    default = site.default_locale
    found: dict[str, dict[str, tuple[str, str | None, str]]] = {}
    members = {code: m for code, m in content.members.items() if m.names.get(default)}
    if members:
        found[site.rel(site.charter_path / "members.yml")] = {
            code: (m.names[default], None, f"The name of member {code}" + (f" (joined {m.joined})" if m.joined else " (a candidate)")
                   + ", on member pages, findings and lists") for code, m in members.items()
        }
    themes = {tid: t for tid, t in content.themes.items() if not t.derived and t.names.get(default)}
    if themes:
        found[site.rel(site.charter_path / "themes.yml")] = {
            tid: (t.names[default], None, f"The name of the theme {tid}") for tid, t in themes.items()
        }
    return found


def build_names(site: SiteConfig, content: Content, kit: Kit, *, everything: bool = False) -> int:
    """Add to `kit` the member and theme names and the catalog labels its locale lacks (or all of them).

    Labels only when the site has a catalog of its own (`catalogs_dir`), where import
    can write them; otherwise returns how many labels the locale lacks (else 0).
    """
    locale = kit.target_locale
    names = {site.rel(site.charter_path / "members.yml"): {c: m.names for c, m in content.members.items()},
             site.rel(site.charter_path / "themes.yml"): {t: th.names for t, th in content.themes.items()}}
    for source, units in sources(site, content).items():
        entry = KitFile(source, _digest({uid: text for uid, (text, _t, _n) in units.items()}), "Names (one line each)")
        for uid, (text, _none, note) in units.items():
            target = names[source][uid].get(locale, "")
            if everything or not target:
                entry.units.append(Unit(uid, text, target, False, note))
        if entry.units:
            kit.files.append(entry)
    if not site.options.catalogs_dir:
        return len(Catalog(locale).missing())
    extra = site.root / site.options.catalogs_dir
    source_catalog, target_catalog = Catalog(site.default_locale, extra), Catalog(locale, extra)
    labels = {key: source_catalog.t(key) for key in sorted(source_catalog.english)}
    entry = KitFile(LABELS, _digest(labels), "Labels of the generated pages (menus, headings, notices); keep {placeholders} as they are")
    missing = set(target_catalog.missing())
    for key, text in labels.items():
        if everything or key in missing:
            entry.units.append(Unit(key, text, "" if key in missing else target_catalog.t(key), False, f"label '{key}'"))
    if entry.units:
        kit.files.append(entry)
    return 0


def is_names_file(site: SiteConfig, source: str) -> bool:
    """Whether a kit file's `original` is one of the names files (not a document)."""
    return source in (LABELS, site.rel(site.charter_path / "members.yml"), site.rel(site.charter_path / "themes.yml"))


def planner(site: SiteConfig, content: Content, kit: Kit, kit_name: str) -> NamesPlanner:
    """The names planner `kit.prepare` takes: it composes the kit files that are names files of `site`."""
    def plan(entry: KitFile) -> tuple[Outcome, Path, str] | None:
        return prepare_names(site, content, entry, kit, kit_name) if is_names_file(site, entry.source) else None
    return plan


def prepare_names(site: SiteConfig, content: Content, entry: KitFile, kit: Kit, kit_name: str) -> tuple[Outcome, Path, str]:
    """Check a names kit file and compose the new YAML file ('' with errors in the outcome, or when nothing changes)."""
    locale = kit.target_locale
    if entry.source == LABELS:
        if not site.options.catalogs_dir:
            outcome = Outcome(LABELS)
            message = (
                "labels: the site has no catalog of its own: set `catalogs_dir: catalogs` under `- d5site:` in mkdocs.yml, "
                "then import again"
            )
            outcome.errors.append(Diagnostic(kit_name, 0, message))
            return outcome, site.root, ""
        extra = site.root / site.options.catalogs_dir
        catalog = Catalog(site.default_locale, extra)
        current = {key: catalog.t(key) for key in catalog.english}
        existing = Catalog(locale, extra).messages
        path = extra / f"{locale}.yml"
    else:
        current = {uid: text for uid, (text, _t, _n) in sources(site, content).get(entry.source, {}).items()}
        owners = content.members if entry.source.endswith("members.yml") else content.themes
        existing = {uid: owner.names[locale] for uid, owner in owners.items() if locale in owner.names}
        path = site.root / entry.source
    outcome = Outcome(site.rel(path))
    values: dict[str, str] = {}
    for unit in entry.units:
        if unit.id not in current:
            outcome.errors.append(Diagnostic(kit_name, 0, f"{entry.source}, unit '{unit.id}': no such name or label in the source"))
        elif not same_source(unit.source, current[unit.id], kit.placeholders):
            message = f"{entry.source}, unit '{unit.id}': the source changed since the kit was made: export a new kit"
            outcome.errors.append(Diagnostic(kit_name, 0, message))
        else:
            try:
                text = clean_target(resolve(unit.parts, current[unit.id]) if unit.parts is not None else unit.target, "title")
            except ValueError as exc:
                outcome.errors.append(Diagnostic(kit_name, 0, f"{entry.source}, unit '{unit.id}': {exc}"))
                continue
            if text and not unit.review:
                if existing.get(unit.id) != text:
                    values[unit.id] = text
            else:
                outcome.left += 1
    outcome.names = len(values)
    if outcome.errors or not values:
        return outcome, path, ""
    try:
        text = _edit_catalog(path, values) if entry.source == LABELS else _edit_names(path, locale, values)
    except (ValueError, YamlError) as exc:
        outcome.errors.append(Diagnostic(outcome.path, getattr(exc, "line", 0), f"not changed by {kit_name}: {exc}"))
        return outcome, path, ""
    return outcome, path, text


def _read(path: Path) -> tuple[str, list[str], object]:
    text, problem = read_text(path, path.name)
    if text is None or problem is not None:
        raise ValueError(problem.message if problem else "cannot read file")
    return text, text.split("\n"), load_yaml(text)


def _edit_names(path: Path, locale: str, values: dict[str, str]) -> str:
    """members.yml or themes.yml with `name: {<locale>: value}` set for each id in `values`."""
    _text, lines, data = _read(path)
    if not isinstance(data, LineDict):
        raise ValueError("must be a mapping")
    for ident, value in values.items():
        entry = data.get(ident)
        names = entry.get("name") if isinstance(entry, LineDict) else None
        if not isinstance(names, LineDict):
            raise ValueError(f"'{ident}' has no name mapping to add a translation to")
        at = entry.key_lines["name"] - 1
        flow = _FLOW_NAME.match(lines[at])
        if flow and all(line - 1 == at for line in names.key_lines.values()):
            updated = {str(k): str(v) for k, v in names.items()} | {locale: value}
            lines[at] = flow.group("lead") + _dump(updated, flow=True) + flow.group("trail")
        elif all(line - 1 > at for line in names.key_lines.values()) and all(names.lines[k] == names.key_lines[k] for k in names):
            first = lines[min(names.key_lines.values()) - 1]
            indent = first[: len(first) - len(first.lstrip())]
            new = indent + _dump({locale: value})
            if locale in names:
                lines[names.key_lines[locale] - 1] = new
            else:
                lines.insert(max(names.key_lines.values()), new)
        else:
            raise ValueError(f"the names of '{ident}' are not one line per locale or one {{...}} line: add the translation by hand")
        data = load_yaml("\n".join(lines))  # lines may have moved: read them again for the next id
    result = "\n".join(lines)
    check = load_yaml(result)
    for ident, value in values.items():
        if check[ident]["name"].get(locale) != value:
            raise ValueError(f"the name of '{ident}' cannot be written without breaking the file: add it by hand")
    return result


def _edit_catalog(path: Path, values: dict[str, str]) -> str:
    """The site's catalog for a locale with each label of `values` set (the file is created if needed)."""
    if not path.exists():
        return "\n".join(_dump({key: value}) for key, value in values.items()) + "\n"
    text, lines, data = _read(path)
    if data is None:
        data = LineDict()
        data.key_lines, data.lines = {}, {}
    if not isinstance(data, LineDict):
        raise ValueError("must be a mapping of labels")
    if lines and lines[-1] == "":
        lines.pop()
    for key, value in values.items():
        if key in data and data.key_lines[key] == data.lines[key]:
            lines[data.key_lines[key] - 1] = _dump({key: value})
        elif key in data:
            raise ValueError(f"label '{key}' spans several lines: change it by hand")
        else:
            lines.append(_dump({key: value}))
    result = "\n".join(lines) + "\n"
    check = load_yaml(result)
    if any(check.get(key) != value for key, value in values.items()):
        raise ValueError("the labels cannot be written without breaking the file: add them by hand")
    return result
