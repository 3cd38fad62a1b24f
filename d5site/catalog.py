"""Message catalogs for generated pages, and locale-aware names and dates (CLDR via Babel)."""

from __future__ import annotations

import datetime as _dt
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date

FALLBACK = "en"


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


class Catalog:
    """Labels in one locale: the site's catalog over the shipped one, English for what is missing."""

    def __init__(self, locale: str, extra_dir: Path | None = None):
        self.locale = locale
        self.messages = dict(_shipped(locale))
        if extra_dir is not None:
            path = extra_dir / f"{locale}.yml"
            if path.is_file():
                data = yaml.safe_load(path.read_text("utf-8-sig")) or {}
                self.messages.update({str(k): str(v) for k, v in data.items()})
        self.english = _shipped(FALLBACK)
        if extra_dir is not None and (extra_dir / f"{FALLBACK}.yml").is_file():
            data = yaml.safe_load((extra_dir / f"{FALLBACK}.yml").read_text("utf-8-sig")) or {}
            self.english = {**self.english, **{str(k): str(v) for k, v in data.items()}}
        self.babel = _babel_locale(locale)

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
        if self.babel is None:
            return value.isoformat()
        return format_date(value, format="long", locale=self.babel)

    def territory(self, code: str) -> str | None:
        """The CLDR name of a territory in this locale."""
        if self.babel is None:
            return None
        return self.babel.territories.get(code.upper())

    def language_name(self, locale: str) -> str:
        """The name of a language, in this locale."""
        other = _babel_locale(locale)
        if other is None or self.babel is None:
            return locale
        return other.get_display_name(self.babel) or locale
