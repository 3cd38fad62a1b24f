"""Translation kits: what needs translating in a locale, as units a CAT tool can carry (export), and their return (import).

A kit holds one `KitFile` per source document (finding, year overview, principle
revision, statement of interest) with the digest of the source it was made from,
and one `Unit` per translatable field: `title`, the optional fields (`summary`,
`change`, `place`, `theme`) and the body's blocks (`body.1`, `body.2`...; see
core/segment.py). The formats (core/xliff.py, core/po.py) only read and write
this model; every rule about what a kit may change lives here.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from d5site.core import stampstore
from d5site.core.diagnostics import Diagnostic
from d5site.core.diff import word_diff
from d5site.core.loader import STRUCTURAL_KEYS
from d5site.core.model import Content, Document, Finding, Revision, Statement, Translation, YearOverview, content_digest
from d5site.core.segment import Template, codes, placeheld, segment
from d5site.core.source import parse_front_matter, text_problem
from d5site.core.translations import kind_of, state_of, translation_path

Part = str | int
"""A piece of a unit's text as a format reads it: words, or the number of a protected placeholder."""


@dataclass
class Unit:
    """One translatable field or body block."""

    id: str
    """`title`, a translatable field's name, or `body.N` (N from 1)."""
    source: str
    target: str = ""
    review: bool = False
    """The target is a previous translation whose source has changed: a translator must confirm it."""
    note: str = ""
    line: int = 0
    """Line of the source file where the text is (for references)."""
    parts: list[Part] | None = field(default=None, repr=False)
    """On import: the target as read, placeholders by number (resolved against the source's inline syntax)."""


@dataclass
class KitFile:
    """The units of one source document."""

    source: str
    """Site-relative path of the source file (XLIFF `original`, PO references)."""
    digest: str
    """The source's digest when the kit was made: a kit made from another version of the source is refused."""
    note: str = ""
    units: list[Unit] = field(default_factory=list)


@dataclass
class Kit:
    """A translation kit: the files of one target locale."""

    source_locale: str
    target_locale: str
    files: list[KitFile] = field(default_factory=list)
    placeholders: bool = False
    """Read from a format whose unit sources carry inline syntax as `{N}` (PO): compared with the source in that form."""


class KitError(Exception):
    """A kit that cannot be read at all (not XLIFF or PO, a DTD, bad XML): `line` in the kit file (0: unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# -- the units of a document ---------------------------------------------------------

def _fields(meta_or_doc: Document | Translation | stampstore.Recorded, names: tuple[str, ...]) -> dict[str, str]:
    """The string-valued translatable fields (only those a translation file can carry as text)."""
    if isinstance(meta_or_doc, Document):
        values = meta_or_doc.translatable_fields()
    else:
        values = meta_or_doc.fields
    return {name: values[name] for name in names if isinstance(values.get(name), str) and values[name]}


def texts_of(document: Document, title: str, fields: dict[str, str], body: str) -> dict[str, str]:
    """Unit id -> text, in order, for a document's (or one of its versions') title, fields and body."""
    result = {"title": title}
    result.update({name: fields[name] for name in document.TRANSLATABLE if name in fields})
    for number, piece in enumerate(segment(body).segments, 1):
        result[f"body.{number}"] = piece.text
    return result


def source_units(document: Document) -> dict[str, str]:
    """The unit texts of a source document as it is now."""
    return texts_of(document, document.title, _fields(document, document.TRANSLATABLE), document.body)


def diff_text(old: str, new: str) -> str:
    """A word diff as plain text: `[-deleted-]` and `{+inserted+}`, the rest as it is."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return "".join(marks[s.op].format(s.text) for s in word_diff(old, new))


def describe(document: Document, content: Content) -> str:
    """What a document is, for translators: the page and the year."""
    if isinstance(document, Finding):
        return f"A finding of {document.year}: \u201c{document.title}\u201d ({document.path})"
    if isinstance(document, YearOverview):
        return f"The overview of the year {document.year}: \u201c{document.title}\u201d ({document.path})"
    if isinstance(document, Revision):
        return f"Principle \u201c{document.principle_id}\u201d as adopted at the {document.year} review of the charter ({document.path})"
    assert isinstance(document, Statement)
    owner = content.owner_of(document)
    who = owner.names.get(content.default_locale, owner.code) if owner else document.name
    when = f" ({document.date.year})" if document.date else ""
    return f"The statement of interest of {who}{when} ({document.path})"


_CONTEXTS = {"paragraph": "paragraph", "heading": "heading", "item": "list item", "cell": "table cell", "quote": "quotation"}


def _unit_note(unit_id: str, template: Template) -> str:
    if unit_id.startswith("body."):
        return f"body, {_CONTEXTS[template.segments[int(unit_id[5:]) - 1].context]} {unit_id[5:]}"
    return {"title": "the title", "summary": "the summary (lists, feeds)", "change": "the note on what changed that year",
            "place": "the place of the summit", "theme": "the theme of the summit"}.get(unit_id, unit_id)


def _previous(document: Document, translation: Translation, current: dict[str, str], root: Path) -> dict[str, tuple[str, bool, str]]:
    """unit id -> (previous target, needs review, note) for an existing translation of `document`."""
    names = document.TRANSLATABLE
    mine = texts_of(document, translation.title, {k: v for k, v in translation.fields.items() if isinstance(v, str)}, translation.body)
    if translation.stamp == document.digest():
        return {uid: (mine[uid], False, "") for uid in current if uid in mine}
    old = stampstore.lookup(root, translation.stamp)
    result: dict[str, tuple[str, bool, str]] = {}
    if old is None:
        why = "the translation was never stamped" if not translation.stamp else "no earlier source is recorded for its stamp"
        body_ids = [u for u in current if u.startswith("body.")]
        same_shape = len(body_ids) == len([u for u in mine if u.startswith("body.")])
        for uid in current:
            if uid in mine and (same_shape or not uid.startswith("body.")):
                result[uid] = (mine[uid], True, f"Previous translation: check it against the source ({why}).")
        return result
    before = texts_of(document, old.title, _fields(old, names), old.body)
    mine_body = [t for u, t in mine.items() if u.startswith("body.")]
    same_shape = len(mine_body) == len([u for u in before if u.startswith("body.")])
    for uid, (old_uid, old_text) in align(before, current).items():
        if old_uid is None or (uid.startswith("body.") and not same_shape) or old_uid not in mine:
            if uid.startswith("body.") and old_uid is None:
                result[uid] = ("", False, "New since the last translation.")
            continue
        changed = old_text != current[uid]
        note = f"Source changed since the last translation: {diff_text(old_text, current[uid])}" if changed else ""
        result[uid] = (mine[old_uid], changed, note)
    return result


def align(before: dict[str, str], current: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    """For each current unit, the unit of an earlier version of the source it comes from and that unit's text.

    Fields match by name; body blocks by a diff of the block lists (an unchanged
    block, or one replaced in place; an inserted block comes from nothing: None).
    """
    result: dict[str, tuple[str | None, str]] = {}
    for uid in current:
        if not uid.startswith("body."):
            result[uid] = (uid, before[uid]) if uid in before else (None, "")
    old_ids = [u for u in before if u.startswith("body.")]
    new_ids = [u for u in current if u.startswith("body.")]
    matcher = difflib.SequenceMatcher(a=[before[u] for u in old_ids], b=[current[u] for u in new_ids], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for offset in range(j2 - j1):
            paired = i1 + offset if tag in ("equal", "replace") and i1 + offset < i2 else None
            result[new_ids[j1 + offset]] = (old_ids[paired], before[old_ids[paired]]) if paired is not None else (None, "")
    return result


def removed(before: dict[str, str], current: dict[str, str]) -> list[str]:
    """The texts of an earlier version's units that no current unit comes from (see align)."""
    used = {old for old, _ in align(before, current).values() if old}
    return [text for uid, text in before.items() if uid not in used]


def changes(document: Document, old: stampstore.Recorded) -> list[tuple[str, str]]:
    """(what, word diff) for each unit of `document` that differs from the recorded source `old`."""
    before = texts_of(document, old.title, _fields(old, document.TRANSLATABLE), old.body)
    current = source_units(document)
    template = segment(document.body)
    found = []
    for uid, (old_uid, old_text) in align(before, current).items():
        if old_uid is None:
            found.append((_unit_note(uid, template), "{+" + current[uid] + "+} (new)"))
        elif old_text != current[uid]:
            found.append((_unit_note(uid, template), diff_text(old_text, current[uid])))
    found.extend(("removed", f"[-{text}-]") for text in removed(before, current))
    return found


def build_kit(content: Content, root: Path, locale: str, *, everything: bool = False) -> Kit:
    """The kit of what needs work in `locale` (missing, unstamped, outdated), or of everything with `everything`."""
    kit = Kit(content.default_locale, locale)
    for document in content.documents():
        state = state_of(document, locale)
        if state == "current" and not everything:
            continue
        current = source_units(document)
        template = segment(document.body)
        translation = document.translations.get(locale)
        previous = _previous(document, translation, current, root) if translation else {}
        page = describe(document, content)
        entry = KitFile(document.path, document.digest(), f"{page} \u2014 {kind_of(document)}, {state}")
        for uid, text in current.items():
            target, review, extra = previous.get(uid, ("", False, ""))
            line = document.body_line + template.segments[int(uid[5:]) - 1].line if uid.startswith("body.") else document.line_of(uid)
            note = "; ".join(part for part in (page, _unit_note(uid, template), extra) if part)
            entry.units.append(Unit(uid, text, target, review, note, line))
        kit.files.append(entry)
    return kit


# -- import ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    """What importing one kit file did."""

    path: str
    """The translation file."""
    written: bool = False
    stamped: bool = False
    left: int = 0
    """Units not translated yet or still marked for review."""
    names: int = 0
    """Names or labels set (names files only)."""
    errors: list[Diagnostic] = field(default_factory=list)


def resolve(parts: list[Part], source: str) -> str:
    """A target's text with its placeholders replaced by the source's inline syntax; ValueError names an unknown one."""
    known = codes(source)
    out = []
    for part in parts:
        if isinstance(part, int):
            if part not in known:
                raise ValueError(f"placeholder {part} is not in the source (it has {len(known)})")
            out.append(known[part])
        else:
            out.append(part)
    return "".join(out)


def clean_target(text: str, unit_id: str) -> str:
    """A target's text checked for what no d5site text may hold; ValueError says why."""
    problem = text_problem(text)
    if problem:
        raise ValueError(problem)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if unit_id == "title":
        text = " ".join(line.strip(" \t") for line in text.split("\n") if line.strip(" \t"))
    return text.strip(" \t\n")  # not str.strip(): a narrow no-break space (U+202F) is text


def _documents_by_path(content: Content) -> dict[str, Document]:
    return {document.path: document for document in content.documents()}


NamesPlanner = Callable[[KitFile], tuple[Outcome, Path, str] | None]
"""Composes a kit file that is a names or labels YAML file (see `kitnames.planner`); None for any other file."""


def prepare(
    content: Content, root: Path, kit: Kit, kit_name: str, names: NamesPlanner | None = None
) -> list[tuple[Outcome, Path, str, Document | None]]:
    """Check every kit file against the site as it is and compose the new translation files (nothing written yet).

    Returns (outcome, path, new text, document) for each kit file; an outcome with errors has no text to write.
    """
    documents = _documents_by_path(content)
    plans: list[tuple[Outcome, Path, str, Document | None]] = []
    seen: set[str] = set()
    for entry in kit.files:
        if entry.source in seen:
            refused = Diagnostic(kit_name, 0, f"file '{entry.source}': given twice in the kit: refused")
            plans.append((Outcome(entry.source, errors=[refused]), root, "", None))
            continue
        seen.add(entry.source)
        named = names(entry) if names is not None else None
        if named is not None:
            plans.append((*named, None))
            continue
        document = documents.get(entry.source)
        if document is None:
            if _outside(entry.source):
                where = "outside the site"
            else:
                where = "not a source file of this site (finding, overview, revision or statement)"
            refused = Diagnostic(kit_name, 0, f"file '{entry.source}': {where}: refused")
            plans.append((Outcome(entry.source, errors=[refused]), root, "", None))
            continue
        rel = translation_path(document.path, kit.target_locale)
        outcome = Outcome(rel)
        text = _compose(document, entry, kit, kit_name, outcome)
        plans.append((outcome, root / rel, text, document))
    return plans


def _outside(path: str) -> bool:
    parts = path.replace("\\", "/").split("/")
    return path.startswith(("/", "\\")) or ".." in parts or (len(path) > 1 and path[1] == ":")


def same_source(kit_source: str, source: str, placeholders: bool) -> bool:
    """Whether a unit's source in a kit is the site's source text (whitespace aside: tools may reflow it)."""
    expected = placeheld(source, source) if placeholders else source
    return kit_source.split() == expected.split()


def _compose(document: Document, entry: KitFile, kit: Kit, kit_name: str, outcome: Outcome) -> str:
    """The new text of `document`'s translation from a kit file's units ('' with errors in `outcome`)."""
    def refuse(unit: str, message: str) -> None:
        outcome.errors.append(Diagnostic(kit_name, 0, f"{entry.source}, unit '{unit}': {message}"))

    current = source_units(document)
    seen: dict[str, Unit] = {}
    for unit in entry.units:
        if unit.id in STRUCTURAL_KEYS:
            refuse(unit.id, f"'{unit.id}' belongs to the source file only: a kit cannot set it")
        elif unit.id not in current:
            refuse(unit.id, "no such unit in the source (export a new kit)")
        elif unit.id in seen:
            refuse(unit.id, "given twice")
        elif not same_source(unit.source, current[unit.id], kit.placeholders):
            refuse(unit.id, "the source changed since the kit was made: export a new kit (d5site translations export)")
        seen[unit.id] = unit
    if entry.digest != document.digest() and not outcome.errors:
        message = f"{entry.source}: the source changed since the kit was made (units added or removed): export a new kit"
        outcome.errors.append(Diagnostic(kit_name, 0, message))
    if outcome.errors:
        return ""
    translation = document.translations.get(kit.target_locale)
    previous = texts_of(document, translation.title, translation.fields, translation.body) if translation else {}
    final: dict[str, str] = {}
    done = True
    for uid, source in current.items():
        unit = seen.get(uid)
        text = ""
        if unit is not None:
            try:
                raw = resolve(unit.parts, source) if unit.parts is not None else unit.target
                text = clean_target(raw, uid)
            except ValueError as exc:
                refuse(uid, str(exc))
                continue
        if not text or (unit is not None and unit.review):
            done = False
            outcome.left += 1
        kept = text or previous.get(uid, "")
        if kept or uid == "title" or uid.startswith("body."):
            final[uid] = kept or source  # an optional field never translated stays out: the page shows the source's
    if outcome.errors:
        return ""
    if not any(unit.target or unit.parts for unit in seen.values()):
        return ""  # nothing translated in this file: nothing to write
    meta: dict[str, str] = {"title": final["title"]}
    meta.update({name: final[name] for name in document.TRANSLATABLE if name in final})
    template = segment(document.body)
    body = template.fill([final[f"body.{n}"] for n in range(1, len(template.segments) + 1)])
    same = translation is not None and (translation.title, translation.fields, translation.body.strip()) == (
        meta["title"], {k: v for k, v in meta.items() if k != "title"}, body.strip())
    if same and (not done or translation.stamp == document.digest()):
        return ""  # the translation as it is (a kit sent back untouched): the file is left as its author wrote it
    stamp = document.digest() if done else (translation.stamp if translation else None)
    if not done and stamp == document.digest():
        stamp = None  # it now holds a unit still to translate or review: no longer `current`
    if stamp:
        meta["stamp"] = stamp
    text = stampstore.dump_markdown(meta, body)
    parsed, problems = parse_front_matter(text, outcome.path)
    if problems or parsed is None or any(parsed.meta.get(k) != v for k, v in meta.items()):
        outcome.errors.append(Diagnostic(kit_name, 0, f"{entry.source}: the translation cannot be written as valid front matter"))
        return ""
    outcome.stamped = done
    return text


def write_plans(plans: list[tuple[Outcome, Path, str, Document | None]]) -> dict[Path, bytes | None]:
    """Write each composed translation atomically; returns each written path's previous bytes (None: it was new)."""
    before: dict[Path, bytes | None] = {}
    for outcome, path, text, _document in plans:
        if outcome.errors or not text:
            continue
        if path.is_symlink():
            outcome.errors.append(Diagnostic(outcome.path, 0, "symbolic link: not written through"))
            continue
        before[path] = path.read_bytes() if path.is_file() else None
        try:
            stampstore.write_atomic(path, text)
        except OSError as exc:
            outcome.errors.append(Diagnostic(outcome.path, 0, f"cannot write file: {exc.strerror or type(exc).__name__}"))
            before.pop(path)
            continue
        outcome.written = True
    return before


def restore(path: Path, previous: bytes | None) -> None:
    """Put back a file as it was before import wrote it (removing it if it was new)."""
    if previous is None:
        path.unlink(missing_ok=True)
    else:
        stampstore.write_atomic(path, previous)


def record_sources(root: Path, plans: list[tuple[Outcome, Path, str, Document | None]]) -> None:
    """Record in the stamp store the source of every file stamped."""
    for outcome, _path, _text, document in plans:
        if outcome.stamped and outcome.written and document is not None:
            record_document(root, document)


def record_document(root: Path, document: Document) -> None:
    """Record a document's current source text under its digest (see core/stampstore.py)."""
    stampstore.record(root, document.digest(), document.title, _fields(document, document.TRANSLATABLE), document.body)


def digest_of_version(document: Document, text: str) -> str | None:
    """The digest another version of `document`'s source file (its text) had, or None if that text does not parse."""
    parsed, problems = parse_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), document.path)
    if parsed is None or problems or not isinstance(parsed.meta.get("title"), str):
        return None
    fields = {name: value for name in document.TRANSLATABLE if (value := parsed.meta.get(name))}
    return content_digest(parsed.meta["title"], fields, parsed.body)


def touches_text(document: Document, start: int, length: int) -> bool:
    """Whether lines `start`..`start+length-1` of the source file hold translatable text (title, fields, body)."""
    front = document.front
    key_lines = getattr(front, "key_lines", None)
    if not isinstance(key_lines, dict):
        return True
    keys = sorted(key_lines.items(), key=lambda item: item[1])
    spans = [(document.body_line, float("inf"))]
    for index, (key, line) in enumerate(keys):
        if key == "title" or key in document.TRANSLATABLE:
            end = keys[index + 1][1] - 1 if index + 1 < len(keys) else document.body_line - 2
            spans.append((line, end))
    return any(first <= line <= last for line in range(start, start + max(length, 1)) for first, last in spans)
