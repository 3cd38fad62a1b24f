"""What a per-locale build process reports (`d5site build`, any engine): results, the merged report, the outcome.

Engine-neutral: `d5site/mkdocs/parallel.py` and `d5site/zensical/build.py` both
build each locale in its own process, collect that process's warnings and
errors as a `LocaleResult`, print each distinct one once (`report`) and end
with an `Outcome`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class LocaleResult:
    """What a locale's process sends back to the parent."""

    locale: str
    ok: bool = False
    messages: list[tuple[int, str]] = field(default_factory=list)
    """(logging level, text) of every warning and error, in order."""
    sitemap: tuple[str, str] | None = None
    seconds: float = 0.0


@dataclass
class Outcome:
    """The result of `d5site build`: exit status and what to print."""

    status: int
    lines: list[str]
    locales: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    site_dir: str = ""
    """The folder the site was published into (once it was)."""


def clean(text: str) -> str:
    """A message as it may be printed: Windows line ends made plain, control characters as `?`."""
    return _CONTROL.sub("?", text.replace("\r\n", "\n"))


def report(results: list[LocaleResult], all_locales: list[str]) -> list[str]:
    """Every distinct warning or error once, with the locales whose builds logged it (when not all of them)."""
    seen: dict[tuple[int, str], list[str]] = {}
    for result in results:
        for level, text in result.messages:
            key = (level, clean(text))
            seen.setdefault(key, [])
            if result.locale not in seen[key]:
                seen[key].append(result.locale)
    lines = []
    for (level, text), locales in seen.items():
        where = "" if len(all_locales) < 2 or len(locales) == len(all_locales) else f" [{', '.join(locales)}]"
        lines.append(f"{logging.getLevelName(level)} - {text}{where}")
    return lines
