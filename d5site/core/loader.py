"""Loading `charter/` and `findings/` into the content model, collecting every structural error."""

from __future__ import annotations

import datetime as _dt
import enum
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from d5site.core import schema
from d5site.core.diagnostics import Diagnostic
from d5site.core.model import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    RESERVED_PRINCIPLE_IDS,
    Accession,
    Code,
    Content,
    Document,
    Edition,
    Finding,
    Link,
    Member,
    Partner,
    Principle,
    Revision,
    Statement,
    Summit,
    Theme,
    Translation,
    YearOverview,
)
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict, LineList, YamlError, link_problem, load_yaml, os_reason, parse_front_matter, read_text
from d5site.core.statements import parse_sections

_ID = re.compile(ID_PATTERN)
_YEAR = re.compile(r"[0-9]{4}")
"""A year folder or revision file name, matched as a whole string (`fullmatch`)."""
STRUCTURAL_KEYS = ("members", "principles", "date", "themes", "links", "licence", "replaces", "host", "code", "partners", "publish")
"""Keys that belong to the source file only; a translation that sets one is an error."""


ID_RULE = "lower-case letters and digits, joined by single hyphens, at most 64 characters"
"""What makes a valid id (principle, finding, theme, statement name), for messages."""


def is_id(value: str) -> bool:
    """Whether `value` is a valid principle, finding or theme id (the whole string: no trailing newline)."""
    return bool(_ID.fullmatch(value)) and len(value) <= ID_MAX_LENGTH


def label_from_id(value: str) -> str:
    """A readable label made from an id: `artificial-intelligence` -> `Artificial intelligence`."""
    words = value.replace("-", " ")
    return words[:1].upper() + words[1:]


def split_name(name: str) -> tuple[str, str | None] | None:
    """`x.md` -> (x, None); `x.fr.md` -> (x, 'fr'); anything else -> None."""
    if not name.endswith(".md"):
        return None
    parts = name[:-3].split(".")
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2:
        return parts[0], parts[1]
    return None


def _principle_id_problem(name: str) -> str | None:
    """Why a principle folder's name is not a usable principle id, or None."""
    if not is_id(name):
        return f"'{name}' is not a valid principle id ({ID_RULE})"
    if name in RESERVED_PRINCIPLE_IDS:
        return f"'{name}' cannot be a principle id: /charter/principles/{name}/ would replace a generated page (the list of principles)"
    return None


class Part(enum.Enum):
    """A part of `charter/` that other files refer to: when it cannot be loaded whole, the checks that depend on it are skipped."""

    MEMBERS = "members.yml"
    EDITIONS = "editions.yml"
    PRINCIPLES = "principles/"
    THEMES = "themes.yml"


@dataclass
class LoadResult:
    """What `Loader.load` read: the content, its structural diagnostics, and what loaded whole."""

    content: Content
    diagnostics: list[Diagnostic]
    whole: set[Part] = field(default_factory=set)
    """The parts that loaded without a diagnostic (for the principles: whose folder could be read)."""
    unloaded_revisions: set[tuple[str, int]] = field(default_factory=set)
    """(principle id, year) of revision source files that exist but could not be loaded."""
    statement_files: set[str] = field(default_factory=set)
    """Names of the statement source files that exist (loaded or not), for `accession.statement`."""

    def loaded(self, *parts: Part) -> bool:
        """Whether every one of `parts` loaded whole."""
        return all(part in self.whole for part in parts)


class Loader:
    """Reads a site's content; `load()` returns the model, every structural diagnostic and what loaded whole."""

    def __init__(self, site: SiteConfig):
        self.site = site
        self.diagnostics: list[Diagnostic] = []
        self.content = Content(default_locale=site.default_locale, locales=list(site.locales))
        self.root = Path(os.path.realpath(site.root))
        self.whole: set[Part] = set()
        self.unloaded_revisions: set[tuple[str, int]] = set()
        self.statement_files: set[str] = set()
        self.themes_derived = False
        """Whether charter/ has no themes.yml, so that findings' themes are labelled from their ids."""

    # -- helpers -------------------------------------------------------------

    def error(self, rel: str, line: int, message: str) -> None:
        """Record one diagnostic."""
        self.diagnostics.append(Diagnostic(rel, line, message))

    def _outside(self, path: Path) -> str | None:
        """Why `path` must not be read: a symbolic link that leaves the site root, loops or leads nowhere."""
        return link_problem(path, self.root)

    def _readable_entry(self, path: Path, rel: str) -> bool:
        """Whether `path` may be read (see _outside); reports it if not."""
        problem = self._outside(path)
        if problem:
            self.error(rel, 0, problem)
            return False
        return True

    def _scan(self, folder: Path) -> list[os.DirEntry[str]]:
        """The entries of `folder` not starting with `.`, in name order; [] (reported) if it cannot be read."""
        try:
            with os.scandir(folder) as entries:
                return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            self.error(self.site.rel(folder), 0, f"cannot read folder: {os_reason(exc)}")
            return []

    def _read_yaml_file(self, path: Path, schema_name: str) -> LineDict | None:
        rel = self.site.rel(path)
        if not self._readable_entry(path, rel):
            return None
        if not path.is_file() and not path.exists():
            self.error(rel, 0, "file not found")
            return None
        text, problem = read_text(path, rel)
        if problem:
            self.diagnostics.append(problem)
            return None
        if not text.strip():
            self.error(rel, 1, "file is empty")
            return None
        try:
            data = load_yaml(text)
        except YamlError as exc:
            self.error(rel, exc.line, exc.message)
            return None
        if not isinstance(data, LineDict):
            self.error(rel, 1, "must be a mapping")
            return None
        problems = schema.check(schema_name, data, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return data

    def _read_checked(self, path: Path, schema_name: str) -> tuple[str, Any] | None:
        """A Markdown file read and its front matter checked against `schema_name`; None (with diagnostics) if either fails."""
        loaded = self._read_markdown(path)
        if loaded is None:
            return None
        rel, doc = loaded
        problems = schema.check(schema_name, doc.meta, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return rel, doc

    def _read_markdown(self, path: Path) -> tuple[str, Any] | None:
        rel = self.site.rel(path)
        text, problem = read_text(path, rel)
        if problem:
            self.diagnostics.append(problem)
            return None
        doc, problems = parse_front_matter(text, rel)
        if problems:
            self.diagnostics.extend(problems)
            return None
        return rel, doc

    def _check_locale(self, rel: str, locale: str) -> bool:
        if locale == self.site.default_locale:
            self.error(rel, 0, f"'{locale}' is the default locale: its text belongs in the file without a locale suffix")
            return False
        if locale not in self.site.locales:
            configured = ", ".join(self.site.locales)
            same = [known for known in self.site.locales if known.lower() == locale.lower()]
            hint = f" (did you mean {rel.rsplit('/', 1)[-1].replace(f'.{locale}.md', f'.{same[0]}.md')}?)" if same else ""
            self.error(rel, 0, f"unknown locale '{locale}' in file name (configured: {configured}){hint}")
            return False
        return True

    def _translation(self, path: Path, locale: str, kind: str) -> Translation | None:
        loaded = self._read_markdown(path)
        if loaded is None:
            return None
        rel, doc = loaded
        meta: LineDict = doc.meta
        bad = False
        for key in STRUCTURAL_KEYS:
            if key in meta:
                self.error(rel, meta.key_lines[key], f"'{key}' belongs to the source file only, not to a translation: "
                           "delete this line (a translation carries its title, summary, body and stamp)")
                bad = True
        rest = LineDict({k: v for k, v in meta.items() if k not in STRUCTURAL_KEYS})
        rest.line, rest.lines, rest.key_lines = meta.line, meta.lines, meta.key_lines
        problems = schema.check("translation", rest, rel, kind=kind)
        if problems:
            self.diagnostics.extend(problems)
            return None
        if bad:
            return None
        return Translation(
            locale=locale,
            path=rel,
            title=meta["title"],
            body=doc.body,
            body_line=doc.body_line,
            fields={k: v for k, v in meta.items() if k not in ("title", "stamp")},
            stamp=meta.get("stamp"),
        )

    def _group(self, folder: Path, what: str, refused: set[str] | None = None) -> dict[str, dict[str | None, Path]]:
        """Files of a folder grouped by name: {name: {None: source, 'fr': translation}}.

        `refused` (when given) receives the names of the source entries refused: links that may not be read, folders.
        """
        groups: dict[str, dict[str | None, Path]] = {}
        for entry in self._scan(folder):
            path = Path(entry.path)
            rel = self.site.rel(path)
            if entry.is_symlink() and not self._readable_entry(path, rel):
                self._refuse(entry.name, refused)
                continue
            if entry.is_dir():
                self.error(rel, 0, f"unexpected folder in {what}")
                self._refuse(entry.name, refused)
                continue
            parts = split_name(entry.name)
            if parts is None:
                self.error(rel, 0, f"unexpected file in {what}: expected <name>.md or <name>.<locale>.md")
                continue
            name, locale = parts
            if locale is not None and not self._check_locale(rel, locale):
                continue
            groups.setdefault(name, {})[locale] = path
        for name in list(groups):
            source = self._misnamed_translation(name, groups)
            if source is not None and None in groups[name]:
                rel = self.site.rel(groups[name].pop(None))
                self.error(rel, 0, f"looks like a translation of {source[0]}.md misnamed: name it {source[0]}.{source[1]}.md")
                if not groups[name]:
                    del groups[name]
        return groups

    @staticmethod
    def _refuse(name: str, refused: set[str] | None) -> None:
        """Record in `refused` the name of a source file (`<name>.md`) that exists but is refused."""
        parts = split_name(name)
        if refused is not None and parts is not None and parts[1] is None:
            refused.add(parts[0])

    def _misnamed_translation(self, name: str, groups: dict[str, dict[str | None, Path]]) -> tuple[str, str] | None:
        """(source name, locale) when `name` is another file's name with a locale joined by `-` or `_` (`x-fr` beside `x`)."""
        for locale in self.site.locales[1:]:
            for separator in "-_":
                suffix = f"{separator}{locale}".lower()
                if name.lower().endswith(suffix) and name[: -len(suffix)] in groups:
                    return name[: -len(suffix)], locale
        return None

    def _folders(self, root: Path, *, missing: str, stray: str, invalid: Callable[[str], str | None]) -> list[os.DirEntry[str]] | None:
        """The subfolders of `root` in name order; reports stray files and invalid names. None (reported) if `root` cannot be read."""
        before = len(self.diagnostics)
        if not self._readable_entry(root, self.site.rel(root)):
            return None
        if not root.is_dir():
            self.error(self.site.rel(root), 0, missing)
            return None
        entries = self._scan(root)
        if len(self.diagnostics) > before:
            return None
        folders = []
        for entry in entries:
            rel = self.site.rel(Path(entry.path))
            if entry.is_symlink() and not self._readable_entry(Path(entry.path), rel):
                continue
            if not entry.is_dir():
                self.error(rel, 0, stray)
                continue
            problem = invalid(entry.name)
            if problem:
                self.error(rel, 0, problem)
                continue
            folders.append(entry)
        return folders

    def _attach_translations(self, document: Document, files: dict[str | None, Path], kind: str) -> None:
        for locale, path in sorted(files.items(), key=lambda item: item[0] or ""):
            if locale is None:
                continue
            translation = self._translation(path, locale, kind)
            if translation is not None:
                document.translations[locale] = translation

    def _orphans(self, files: dict[str | None, Path], source_name: str) -> None:
        for locale, path in files.items():
            if locale is not None:
                self.error(self.site.rel(path), 0, f"translation without a source: {source_name} does not exist")

    # -- charter -------------------------------------------------------------

    def load_members(self) -> None:
        """charter/members.yml."""
        data = self._read_yaml_file(self.site.charter_path / "members.yml", "members")
        if data is None:
            return
        rel = self.site.rel(self.site.charter_path / "members.yml")
        for code, entry in data.items():
            accession = None
            raw = entry.get("accession")
            if raw is not None:
                accession = Accession(
                    proposed_by=raw.get("proposed_by"),
                    seconded_by=raw.get("seconded_by"),
                    agreed=self._date(raw, rel, "agreed"),
                    statement=raw.get("statement"),
                    line=entry.line_of("accession"),
                    lines=dict(raw.lines),
                )
            self.content.members[code] = Member(
                code=code,
                joined=_year(entry.get("joined")),
                left=_year(entry.get("left")),
                names=dict(entry.get("name") or {}),
                line=data.key_lines[code],
                accession=accession,
                lines=dict(entry.lines),
            )

    def load_editions(self) -> None:
        """charter/editions.yml."""
        data = self._read_yaml_file(self.site.charter_path / "editions.yml", "editions")
        if data is None:
            return
        for key, entry in data.items():
            year = int(key)
            date = self._date(entry, self.site.rel(self.site.charter_path / "editions.yml"))
            if date is None:
                continue
            principles: LineList = entry["principles"]
            self.content.editions[year] = Edition(
                year=year,
                date=date,
                principles=list(principles),
                place=dict(entry.get("place") or {}),
                note=dict(entry.get("note") or {}),
                line=data.key_lines[key],
                principle_lines=list(principles.lines),
                online=entry.get("online") is True,
                chair=entry.get("chair"),
                chair_line=_key_line(entry, "chair", data.key_lines[key]),
                place_line=_key_line(entry, "place", data.key_lines[key]),
            )
        self.content.editions = dict(sorted(self.content.editions.items()))

    def load_themes(self) -> None:
        """charter/themes.yml, the optional vocabulary of themes (without it, the themes findings name: see derive_themes)."""
        path = self.site.charter_path / "themes.yml"
        if not path.exists() and not path.is_symlink():
            self.themes_derived = True
            return
        data = self._read_yaml_file(path, "themes")
        if data is None:
            return
        for tid, entry in data.items():
            self.content.themes[tid] = Theme(
                id=tid, names=dict(entry.get("name") or {}), descriptions=dict(entry.get("description") or {}), line=data.key_lines[tid]
            )

    def load_principles(self) -> bool:
        """charter/principles/<principle-id>/<year>[.<locale>].md; whether the folder could be read."""
        folders = self._folders(
            self.site.charter_path / "principles",
            missing="folder not found: every principle needs charter/principles/<id>/<year>.md",
            stray="unexpected file: principles are folders named by principle id",
            invalid=_principle_id_problem,
        )
        if folders is None:
            return False
        for entry in folders:
            principle = Principle(id=entry.name)
            refused: set[str] = set()
            groups = self._group(Path(entry.path), "a principle folder", refused)
            self.unloaded_revisions.update((principle.id, int(name)) for name in refused if _YEAR.fullmatch(name))
            for name, files in groups.items():
                if not _YEAR.fullmatch(name):
                    for path in files.values():
                        self.error(self.site.rel(path), 0, "a revision file is named by its four-digit year: <year>.md")
                    continue
                source = files.get(None)
                if source is None:
                    self._orphans(files, f"{name}.md")
                    continue
                revision = self._revision(source, principle.id, int(name))
                if revision is None:
                    self.unloaded_revisions.add((principle.id, int(name)))
                    continue
                self._attach_translations(revision, files, "revision")
                principle.revisions.append(revision)
            principle.revisions.sort(key=lambda r: r.year)
            if principle.revisions:
                self.content.principles[principle.id] = principle
        return True

    def _revision(self, path: Path, principle_id: str, year: int) -> Revision | None:
        checked = self._read_checked(path, "revision")
        if checked is None:
            return None
        rel, doc = checked
        if not doc.body.strip():
            self.error(rel, doc.body_line, "the principle's text is empty")
        replaces = doc.meta.get("replaces") or LineList()
        return Revision(
            path=rel,
            title=doc.meta["title"],
            body=doc.body,
            body_line=doc.body_line,
            principle_id=principle_id,
            year=year,
            front=doc.meta,
            change=doc.meta.get("change"),
            replaces=list(replaces),
            replaces_lines=list(getattr(replaces, "lines", [])),
        )

    def load_statements(self) -> None:
        """charter/statements/<name>[.<locale>].md: statements of interest (the folder is optional)."""
        folder = self.site.charter_path / "statements"
        if not folder.exists() and not folder.is_symlink():
            return
        rel_folder = self.site.rel(folder)
        if not self._readable_entry(folder, rel_folder):
            return
        if not folder.is_dir():
            self.error(rel_folder, 0, "statements of interest go in a folder: charter/statements/<name>.md")
            return
        for name, files in self._group(folder, "charter/statements").items():
            if not is_id(name):
                for path in files.values():
                    self.error(self.site.rel(path), 0, f"'{name}' is not a valid statement name ({ID_RULE})")
                continue
            source = files.get(None)
            if source is None:
                self._orphans(files, f"{name}.md")
                continue
            self.statement_files.add(name)
            statement = self._statement(source, name)
            if statement is None:
                continue
            self._attach_translations(statement, files, "statement")
            self.content.statements[name] = statement

    def _statement(self, path: Path, name: str) -> Statement | None:
        checked = self._read_checked(path, "statement")
        if checked is None:
            return None
        rel, doc = checked
        intro, sections, section_problems = parse_sections(doc.body, doc.body_line, rel)
        self.diagnostics.extend(section_problems)
        date = self._date(doc.meta, rel)
        if date is None:
            return None
        return Statement(
            path=rel, title=doc.meta["title"], body=doc.body, front=doc.meta, name=name,
            date=date, publish=doc.meta.get("publish"), intro=intro, sections=sections,
        )

    # -- findings ------------------------------------------------------------

    def load_findings(self) -> None:
        """findings/<year>/index[.<locale>].md and findings/<year>/<id>[.<locale>].md."""
        years = self._folders(
            self.site.findings_path,
            missing="folder not found",
            stray="unexpected file: findings go in a folder named by their four-digit year",
            invalid=lambda name: None if _YEAR.fullmatch(name) else f"'{name}' is not a year folder (four digits, e.g. findings/2018/)",
        )
        for entry in years or []:
            year = int(entry.name)
            for name, files in self._group(Path(entry.path), "a year folder").items():
                source = files.get(None)
                if source is None:
                    self._orphans(files, f"{name}.md")
                    continue
                if name == "index":
                    overview = self._overview(source, year)
                    if overview is not None:
                        self._attach_translations(overview, files, "overview")
                        self.content.overviews[year] = overview
                    continue
                if not is_id(name):
                    for path in files.values():
                        self.error(self.site.rel(path), 0, f"'{name}' is not a valid finding id ({ID_RULE})")
                    continue
                finding = self._finding(source, year, name)
                if finding is not None:
                    self._attach_translations(finding, files, "finding")
                    self.content.findings[(year, name)] = finding

    def _overview(self, path: Path, year: int) -> YearOverview | None:
        checked = self._read_checked(path, "overview")
        if checked is None:
            return None
        rel, doc = checked
        meta = doc.meta
        overview = YearOverview(
            path=rel, title=meta["title"], body=doc.body, body_line=doc.body_line, year=year, front=meta,
            date=self._date(meta, rel), place=meta.get("place"), host=meta.get("host"),
            theme=meta.get("theme"), summary=meta.get("summary"),
            summits=[self._summit(item, rel) for item in meta.get("summits") or []],
        )
        return overview

    def _summit(self, item: LineDict, rel: str) -> Summit:
        """One entry of an overview's `summits:` (schema-checked)."""
        return Summit(
            date=self._date(item, rel), end=self._date(item, rel, "end"), place=dict(item.get("place") or {}),
            host=item.get("host"), theme=dict(item.get("theme") or {}), online=item.get("online") is True,
            line=item.line, lines=dict(item.lines),
        )

    def _finding(self, path: Path, year: int, finding_id: str) -> Finding | None:
        checked = self._read_checked(path, "finding")
        if checked is None:
            return None
        rel, doc = checked
        meta = doc.meta
        finding = Finding(
            path=rel, title=meta["title"], body=doc.body, body_line=doc.body_line, id=finding_id, year=year, front=meta,
            members=list(meta["members"]), principles=list(meta["principles"]),
            date=self._date(meta, rel), summary=meta.get("summary"),
            themes=list(meta.get("themes") or []),
            links=[Link(title=link["title"], url=link["url"]) for link in meta.get("links") or []],
            licence=meta.get("licence"),
            code=[Code(name=item["name"], url=item["url"], licence=item["licence"]) for item in meta.get("code") or []],
            partners=[Partner(name=item["name"], kind=item["kind"]) for item in meta.get("partners") or []],
        )
        return finding

    def _date(self, meta: LineDict, rel: str, key: str = "date") -> _dt.date | None:
        value = meta.get(key)
        if value is None or isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value))
        except ValueError:
            self.error(rel, meta.line_of(key), f"{key}: '{value}' is not a calendar date")
            return None

    def load(self) -> LoadResult:
        """Load everything; diagnostics are structural only (see validate for the rest)."""
        if not self._readable_entry(self.site.charter_path, self.site.rel(self.site.charter_path)):
            pass
        elif not self.site.charter_path.is_dir():
            self.error(self.site.rel(self.site.charter_path), 0,
                       "folder not found: a site needs charter/members.yml, charter/editions.yml and charter/principles/")
        else:
            self._load_whole(Part.MEMBERS, self.load_members)
            self._load_whole(Part.EDITIONS, self.load_editions)
            if self.load_principles():
                self.whole.add(Part.PRINCIPLES)
            self._load_whole(Part.THEMES, self.load_themes)
            self.load_statements()
        self.load_findings()
        if self.themes_derived:
            self.derive_themes()
        return LoadResult(self.content, self.diagnostics, set(self.whole), set(self.unloaded_revisions), set(self.statement_files))

    def _load_whole(self, part: Part, load: Callable[[], None]) -> None:
        """Run `load` (which reads one file and reports only at that file); record `part` as whole if it reported nothing."""
        before = len(self.diagnostics)
        load()
        if len(self.diagnostics) == before:
            self.whole.add(part)

    def derive_themes(self) -> None:
        """Without charter/themes.yml, every valid theme id a finding names is a theme labelled from its id (contract v3 §5).

        The label is the default locale's (ids are written with the source), shown in every locale.
        `index` is left out: /findings/themes/index/ is the list of themes (validate says so at the finding).
        """
        ids = {tid for finding in self.content.findings.values() for tid in finding.themes if is_id(tid) and tid != "index"}
        default = self.content.default_locale
        self.content.themes = {tid: Theme(id=tid, names={default: label_from_id(tid)}, derived=True) for tid in sorted(ids)}


def _year(value: Any) -> Any:
    """A year as a whole number: `2014.0`, which the schema's `integer` accepts (as it always did), is 2014."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _key_line(entry: Any, key: str, default: int) -> int:
    """The line of `key` in a loaded mapping that records its keys' lines, else `default`."""
    lines = getattr(entry, "key_lines", None)
    return lines.get(key, default) if isinstance(lines, dict) else default
