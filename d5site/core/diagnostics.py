"""Diagnostics: one content error, located by file and line, and how it is printed."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def text(self) -> str:
        """`path:line: message`, or `path: message` without a line."""
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"

    def github(self) -> str:
        """A GitHub Actions `::error` workflow command."""

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
        return f"::error {where}::{data(self.message)}"

    def __str__(self) -> str:
        return self.text()


class ContentError(Exception):
    """Raised when content cannot be published; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.text() for d in self.diagnostics))
