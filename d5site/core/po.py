"""PO kits (gettext catalogs, for Weblate, Crowdin, Poedit): writing a `Kit` and reading one back as hostile input.

One entry per unit. `msgctxt` is `<source path>|<unit id>|<source digest>` (what
tools never change); `#:` gives the source file and line; `#.` the note and what
each placeholder stands for. Inline Markdown syntax is a numbered placeholder
`{1}`, `{2}`... (the flag `placeholders:` tells Weblate to check them); an
outdated unit is `fuzzy` with the previous translation as its `msgstr`.
"""

from __future__ import annotations

import re

import polib

from d5site.core.kit import Kit, KitError, KitFile, Part, Unit
from d5site.core.segment import codes, placeheld

FLAG = r'placeholders:r"\{[0-9]+\}"'
"""Weblate's check that a translation keeps the source's placeholders."""
_PLACEHOLDER = re.compile(r"\{([0-9]+)\}")


def dump(kit: Kit) -> bytes:
    """The kit as a PO file (UTF-8)."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "d5site translation kit",
        "Language": kit.target_locale,
        "X-Source-Language": kit.source_locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for entry in kit.files:
        for unit in entry.units:
            legend = ", ".join(f"{{{n}}} = {raw}" for n, raw in sorted(codes(unit.source).items()))
            comment = "\n".join(part for part in (unit.note, f"Placeholders (keep them): {legend}" if legend else "") if part)
            po.append(polib.POEntry(
                msgctxt=f"{entry.source}|{unit.id}|{entry.digest}",
                msgid=placeheld(unit.source, unit.source),
                msgstr=placeheld(unit.target, unit.source) if unit.target else "",
                occurrences=[(entry.source, str(unit.line))] if unit.line else [(entry.source, "")],
                comment=comment,
                flags=(["fuzzy"] if unit.review else []) + ([FLAG] if legend else []),
            ))
    return str(po).encode("utf-8")


def _parts(text: str) -> list[Part]:
    parts: list[Part] = []
    at = 0
    for match in _PLACEHOLDER.finditer(text):
        parts.extend([text[at : match.start()], int(match.group(1))])
        at = match.end()
    parts.append(text[at:])
    return [part for part in parts if part != ""]


def load(data: bytes) -> Kit:
    """Read a PO kit; KitError for what is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KitError("not UTF-8") from None
    if "\n" not in text or "msgid" not in text:
        raise KitError("not a PO file (nor XLIFF)")
    try:
        po = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as exc:
        raise KitError(f"not a valid PO file: {exc}") from None
    kit = Kit(po.metadata.get("X-Source-Language", ""), po.metadata.get("Language", ""), placeholders=True)
    files: dict[tuple[str, str], KitFile] = {}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        context = (entry.msgctxt or "").split("|")
        if len(context) != 3:
            raise KitError(f"entry without a d5site context (msgctxt '<file>|<unit>|<digest>'): {entry.msgid[:40]!r}", entry.linenum)
        source, unit_id, digest = context
        file = files.get((source, digest))
        if file is None:
            file = files[(source, digest)] = KitFile(source, digest)
            kit.files.append(file)
        unit = Unit(unit_id, entry.msgid)
        unit.parts = _parts(entry.msgstr) if entry.msgstr else []
        unit.target = entry.msgstr
        unit.review = "fuzzy" in entry.flags
        file.units.append(unit)
    return kit
