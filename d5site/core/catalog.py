"""Message catalogs for generated pages, and locale-aware names and dates (CLDR via Babel)."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import babel.core
import yaml
from babel import Locale, UnknownLocaleError, localedata
from babel.dates import DateTimeFormat, format_date, parse_pattern

from d5site.core.diagnostics import Diagnostic
from d5site.core.source import LineDict, YamlError, link_problem, load_yaml, read_text

FALLBACK = "en"
_FULL_MONTH = re.compile(r"(?<!M)MMM(?!M)")
"""An abbreviated month in a CLDR pattern, which date ranges write in full."""


@cache
def _shipped(locale: str) -> dict[str, str]:
    try:
        text = resources.files("d5site.locales").joinpath(f"{locale}.yml").read_text("utf-8")
    except FileNotFoundError:
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(text) or {}).items()}


def shipped_locales() -> list[str]:
    """Locales for which d5site ships a catalog."""
    return sorted(p.name[:-4] for p in resources.files("d5site.locales").iterdir() if p.name.endswith(".yml"))


def _babel_locale(locale: str) -> Locale | None:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def _site_messages(extra_dir: Path | None, locale: str) -> dict[str, str]:
    """A site catalog's messages (`<catalogs_dir>/<locale>.yml`); nothing if absent or unreadable (see check_catalogs)."""
    if extra_dir is None:
        return {}
    path = extra_dir / f"{locale}.yml"
    if not path.is_file():
        return {}
    text, problem = read_text(path, path.name)
    if text is None or problem is not None:
        return {}
    try:
        data = load_yaml(text)
    except YamlError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items() if v is not None and not isinstance(v, (dict, list))}


class Catalog:
    """Labels in one locale: the site's catalog over the shipped one, English for what is missing.

    Dates, territory and language names come from CLDR through Babel, each
    computed once. A build computes the ones its content needs up front
    (`warm`) and then lets Babel's locale data go (`release_cldr`: several MiB
    per locale); anything asked later loads it again.
    """

    def __init__(self, locale: str, extra_dir: Path | None = None):
        self.locale = locale
        self.messages = {**_shipped(locale), **_site_messages(extra_dir, locale)}
        self.english = {**_shipped(FALLBACK), **_site_messages(extra_dir, FALLBACK)}
        self._babel: Locale | None = None
        self._babel_loaded = False
        """Whether `_babel` is parsed (False again after `release_cldr`)."""
        self._dates: dict[_dt.date, str] = {}
        self._ranges: dict[tuple[_dt.date, _dt.date], str] = {}
        self._territories: dict[str, str | None] = {}
        self._languages: dict[str, str] = {}

    @property
    def babel(self) -> Locale | None:
        """Babel's locale (None where CLDR does not know it), parsed when first needed."""
        if not self._babel_loaded:
            self._babel = _babel_locale(self.locale)
            self._babel_loaded = True
        return self._babel

    def warm(self, dates: Iterable[_dt.date] = (), territories: Iterable[str] = (), languages: Iterable[str] = (),
             ranges: Iterable[tuple[_dt.date, _dt.date]] = ()) -> None:
        """Compute these dates, territory names, language names and date ranges now (see the class)."""
        for value in dates:
            self.date(value)
        for start, end in ranges:
            self.date_range(start, end)
        for code in territories:
            self.territory(code)
        for locale in languages:
            self.language_name(locale)

    def release_cldr(self) -> None:
        """Forget Babel's locale; the next date or name not computed yet parses it again."""
        self._babel = None
        self._babel_loaded = False

    def missing(self) -> list[str]:
        """Message keys that fall back to English in this locale."""
        return sorted(k for k in self.english if k not in self.messages)

    def t(self, key: str, **values: object) -> str:
        """The message `key`, with `{placeholders}` filled."""
        message = self.messages.get(key) or self.english.get(key) or key
        try:
            return message.format(**values) if values else message
        except (KeyError, IndexError, ValueError):
            return message

    def is_fallback(self, key: str) -> bool:
        """Whether `key` is shown in English because this catalog lacks it."""
        return key not in self.messages and self.locale != FALLBACK

    def date(self, value: _dt.date | None) -> str:
        """A date in the locale's long format (CLDR)."""
        if value is None:
            return ""
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = self._format_date(value)
        return text

    def _format_date(self, value: _dt.date) -> str:
        babel = self.babel
        if babel is None:
            return value.isoformat()
        text = format_date(value, format="long", locale=babel)
        if value.day == 1 and babel.language == "fr":
            text = re.sub(r"^1(?=\s)", "1er", text)  # French writes the first of the month as an ordinal: 1er novembre
        return text

    def date_range(self, start: _dt.date | None, end: _dt.date | None) -> str:
        """Days from `start` to `end` in the locale's long format ("21–22 février 2018"); one date when `end` is None or the same."""
        if start is None:
            return ""
        if end is None or end <= start:
            return self.date(start)
        key = (start, end)
        text = self._ranges.get(key)
        if text is None:
            text = self._ranges[key] = self._format_range(start, end)
        return text

    def _format_range(self, start: _dt.date, end: _dt.date) -> str:
        """CLDR's interval pattern for day, abbreviated month and year, with the month's name written in full (as `date` does)."""
        babel = self.babel
        patterns = babel.interval_formats.get("yMMMd") if babel is not None else None
        if babel is None or not patterns:
            return f"{self.date(start)} – {self.date(end)}"
        first, last = DateTimeFormat(start, locale=babel), DateTimeFormat(end, locale=babel)
        field = next(f for f in ("y", "M", "d") if first.extract(f) != last.extract(f))
        if field not in patterns:
            return f"{self.date(start)} – {self.date(end)}"
        parts = zip(patterns[field], (start, end), strict=False)
        text = "".join(parse_pattern(_FULL_MONTH.sub("MMMM", pattern)).apply(day, babel) for pattern, day in parts)
        if start.day == 1 and babel.language == "fr":
            text = re.sub(r"^1(?=\D)", "1er", text)  # as in `_format_date`: 1er novembre
        return text

    def territory(self, code: str) -> str | None:
        """The CLDR name of a territory in this locale."""
        if code not in self._territories:
            babel = self.babel
            self._territories[code] = None if babel is None else babel.territories.get(code.upper())
        return self._territories[code]

    def language_name(self, locale: str) -> str:
        """The name of a language, in this locale."""
        name = self._languages.get(locale)
        if name is None:
            other = _babel_locale(locale)
            babel = self.babel
            name = self._languages[locale] = locale if other is None or babel is None else (other.get_display_name(babel) or locale)
        return name


def release_cldr(catalogs: Iterable[Catalog]) -> None:
    """Let Babel's locale data go for these catalogs (their computed dates and names stay).

    Babel's global data (2 MiB, read once per process and kept) goes too; Babel
    reads it again if a later date or name needs it.
    """
    for catalog in catalogs:
        catalog.release_cldr()
    localedata.clear_caches()
    if getattr(babel.core, "_global_data", None) is not None:
        babel.core._global_data = None


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def check_catalogs(root: Path, catalogs_dir: str | None, locales: list[str]) -> list[Diagnostic]:
    """Problems in a site's `catalogs_dir`: unreadable files, values that are not text, unknown placeholders.

    Only the catalogs of configured locales are read. A key English does not
    have is allowed (a site's own templates may use it).
    """
    if not catalogs_dir:
        return []
    folder = root / catalogs_dir
    rel_folder = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    if not folder.is_dir():
        return [Diagnostic(rel_folder, 0, "catalogs_dir: folder not found")]
    english = _shipped(FALLBACK)
    problems: list[Diagnostic] = []
    for locale in locales:
        path = folder / f"{locale}.yml"
        if not path.is_file():
            continue
        rel = f"{rel_folder}/{locale}.yml"
        outside = link_problem(folder, root) or link_problem(path, root)
        if outside:
            problems.append(Diagnostic(rel, 0, outside))
            continue
        text, problem = read_text(path, rel)
        if problem is not None or text is None:
            problems.append(problem or Diagnostic(rel, 0, "cannot read file"))
            continue
        try:
            values = load_yaml(text)
        except YamlError as exc:
            problems.append(Diagnostic(rel, exc.line, exc.message))
            continue
        if values is None:
            continue
        if not isinstance(values, LineDict):
            problems.append(Diagnostic(rel, 1, "a catalog is a mapping of message keys to text"))
            continue
        for key, value in values.items():
            line = values.line_of(key)
            if value is None or isinstance(value, (dict, list)):
                problems.append(Diagnostic(rel, line, f"{key}: a message is text"))
                continue
            if key in english:
                expected = set(_PLACEHOLDER.findall(english[key]))
                unknown = sorted(set(_PLACEHOLDER.findall(str(value))) - expected)
                if unknown:
                    allowed = ", ".join(f"{{{name}}}" for name in sorted(expected)) or "none"
                    problems.append(
                        Diagnostic(
                            rel, line, f"{key}: unknown placeholder {', '.join(f'{{{n}}}' for n in unknown)} (this message has: {allowed})"
                        )
                    )
    return problems
