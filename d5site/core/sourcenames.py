"""Ids and source file names: what makes a valid id, and how `<name>[.<locale>].md` splits into name and locale."""

from __future__ import annotations

import re

from d5site.core.model import ID_MAX_LENGTH, ID_PATTERN, RESERVED_PRINCIPLE_IDS

_ID = re.compile(ID_PATTERN)
YEAR = re.compile(r"[0-9]{4}")
"""A year folder or revision file name, matched as a whole string (`fullmatch`)."""

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


def principle_id_problem(name: str) -> str | None:
    """Why a principle folder's name is not a usable principle id, or None."""
    if not is_id(name):
        return f"'{name}' is not a valid principle id ({ID_RULE})"
    if name in RESERVED_PRINCIPLE_IDS:
        return f"'{name}' cannot be a principle id: /charter/principles/{name}/ would replace a generated page (the list of principles)"
    return None


def year_folder_problem(name: str) -> str | None:
    """Why a folder under findings/ is not a year folder, or None."""
    return None if YEAR.fullmatch(name) else f"'{name}' is not a year folder (four digits, e.g. findings/2018/)"
