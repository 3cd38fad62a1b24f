"""Word-level diffs between two revisions' texts."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A run of text that is kept, inserted or deleted."""

    op: Literal["equal", "insert", "delete"]
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """The words of `new` against `old`: equal, inserted and deleted runs, in reading order."""
    a = _TOKENS.findall(old.strip())
    b = _TOKENS.findall(new.strip())
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return [s for s in segments if s.text]


def has_changes(segments: list[Segment]) -> bool:
    """Whether a diff inserts or deletes anything."""
    return any(s.op != "equal" for s in segments)
