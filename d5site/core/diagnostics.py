"""Diagnostics: one content error, located by file and line, and how it is printed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a message must not carry raw: controls, line and paragraph separators, bidi overrides."""
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """`text` with control characters, line breaks and bidi controls written as escapes (`\\n`, `\\u2028`).

    Messages quote input (file names, keys, values): escaped, a key holding a
    newline and `::warning file=...::` cannot start a line of its own, forge a
    `path:line:` error or a GitHub workflow command.
    """
    return _UNSAFE.sub(
        lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}"), text
    )


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem in a content file.

    Sorted by path, then line, then message, so that every run prints the
    same list in the same order.
    """

    path: str
    """Path of the file, relative to the site root, with forward slashes."""
    line: int = 0
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str = field(default="", compare=True)
    severity: str = field(default="error", compare=False)
    """`error` (check fails) or `warning` (printed, check still passes)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", escape(str(self.path)))
        object.__setattr__(self, "message", escape(str(self.message)))

    def text(self) -> str:
        """`path:line: message`, or `path: message` without a line; a warning says so."""
        message = f"warning: {self.message}" if self.severity == "warning" else self.message
        if self.line:
            return f"{self.path}:{self.line}: {message}"
        return f"{self.path}: {message}"

    def github(self) -> str:
        """A GitHub Actions `::error` (or `::warning`) workflow command."""

        def prop(value: str) -> str:
            return (
                value.replace("%", "%25")
                .replace("\r", "%0D")
                .replace("\n", "%0A")
                .replace(":", "%3A")
                .replace(",", "%2C")
            )

        def data(value: str) -> str:
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        where = f"file={prop(self.path)}"
        if self.line:
            where += f",line={self.line}"
        return f"::{'warning' if self.severity == 'warning' else 'error'} {where}::{data(self.message)}"

    def __str__(self) -> str:
        return self.text()


class ContentError(Exception):
    """Raised when content cannot be published; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.text() for d in self.diagnostics))
