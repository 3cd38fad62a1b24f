"""`d5site init [DIR]`: a complete minimal site, written from the templates in d5site/templates/init/, that builds as written."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from d5site.cli.scaffold import _fail, _write_new
from d5site.core.diagnostics import ContentError, Diagnostic

LOCALE = re.compile(r"^[a-z]{2}(-[A-Za-z]{4})?(-[A-Z]{2})?$|^[a-z]{2}_[A-Z]{2}$")
"""A locale mkdocs-static-i18n accepts (`en`, `pt-BR`, `zh-Hant`, `en_US`)."""

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""What a site's name must not hold: line breaks and other control characters."""

TEXTS = ("en", "fr")
"""Languages the example texts are written in; a site in another language gets the English text to replace."""

TOP_LEVEL = ("mkdocs.yml", "docs", "charter", "findings", ".gitignore")
"""What init writes at the top of DIR: if any exists, nothing is written."""

_MEMBER_NAMES = (
    {"en": "Example member A", "fr": "Membre exemple A"},
    {"en": "Example member B", "fr": "Membre exemple B"},
)


@dataclass(frozen=True)
class Locale:
    """A locale of the new site: its code and its name in its own language."""

    code: str
    name: str


def _environment() -> jinja2.Environment:
    # YAML and Markdown, not HTML: values a user gives are quoted by the `yaml` filter, not HTML-escaped.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("d5site", "templates/init"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML scalar
    return env


def _locale_name(code: str) -> str:
    """`fr` -> `Français`: the locale's name in its own language (CLDR), else the code."""
    import babel

    try:
        name = babel.Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def parse_locales(value: str) -> list[Locale]:
    """`en,fr` -> the site's locales, the first the default; raise ContentError on a bad list."""
    codes = [code.strip() for code in value.split(",")]
    problems = [f"'{code}' is not a locale (like en, fr, pt-BR)" for code in codes if not LOCALE.match(code)]
    if not problems and len(set(codes)) != len(codes):
        problems.append("a locale is listed twice")
    if problems:
        raise ContentError([Diagnostic("--locales", 0, problem) for problem in problems])
    return [Locale(code, _locale_name(code)) for code in codes]


def _language(locale: str) -> str:
    """`pt-BR` -> `pt`."""
    return locale.split("-")[0].split("_")[0]


def _text_language(locale: str) -> str:
    """The language of the example texts written for `locale`: its own if there are texts in it, else English."""
    return _language(locale) if _language(locale) in TEXTS else "en"


def init_site(folder: Path, name: str = "Our findings", locales: str = "en,fr", today: _dt.date | None = None) -> list[str]:
    """Write a new site into `folder` (created if needed); return the files written, relative to it.

    Refuses, writing nothing, when `folder` is a file or already holds any of
    mkdocs.yml, docs/, charter/, findings/ or .gitignore; never overwrites a
    file and never writes through a symbolic link out of `folder`.
    """
    if not name.strip() or _CONTROL.search(name):
        raise _fail("--name", "the site's name must be one line of text (no line breaks or control characters)")
    site_locales = parse_locales(locales)
    if folder.exists() and not folder.is_dir():
        raise _fail(folder.as_posix(), "is not a folder: nothing written")
    taken = [entry for entry in TOP_LEVEL if os.path.lexists(folder / entry)]
    if taken:
        raise ContentError(
            [
                Diagnostic(
                    (folder / entry).as_posix(), 0, "already exists: d5site init writes a new site into an empty folder (nothing written)"
                )
                for entry in taken
            ]
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(folder.as_posix(), f"cannot create: {exc.strerror or exc}") from None
    today = today or _dt.date.today()
    default = site_locales[0].code
    name_keys = [loc.code for loc in site_locales if loc.code in TEXTS] or ["en"]
    """Members' names in the languages of the example texts (a locale without one falls back to CLDR's name, then the default's)."""
    env = _environment()
    values = {
        "name": name,
        "default": default,
        "locales": site_locales,
        "year": today.year,
        "date": today.isoformat(),
        "member_names": [{code: names[code] for code in name_keys} for names in _MEMBER_NAMES],
    }
    finding = f"findings/{today.year}/first-finding.md"
    sources = {
        "mkdocs.yml": ("mkdocs.yml", default),
        ".gitignore": ("gitignore", default),
        "docs/index.md": ("index.md", default),
        "charter/members.yml": ("members.yml", default),
        "charter/editions.yml": ("editions.yml", default),
        f"charter/principles/user-needs/{today.year}.md": ("principle.md", default),
        finding: ("finding.md", default),
    }
    written = []
    for rel, (template, locale) in sources.items():
        text = env.get_template(template).render(values, lang=_text_language(locale), translation=False)
        _write_new(folder, rel, text)
        written.append(rel)
    translated = [loc.code for loc in site_locales[1:] if _language(loc.code) in TEXTS and _language(loc.code) != _language(default)]
    """Locales with example texts of their own (others fall back to the default locale's pages, as static-i18n does)."""
    for locale in translated:
        rel = f"docs/index.{locale}.md"
        _write_new(folder, rel, env.get_template("index.md").render(values, lang=_language(locale)))
        written.append(rel)
    stamp = _digest(folder, finding)
    for locale in translated:  # another locale's translation is `missing`, as `d5site translations` says
        rel = f"{finding[:-3]}.{locale}.md"
        _write_new(folder, rel, env.get_template("finding.md").render(values, lang=_language(locale), translation=True, stamp=stamp))
        written.append(rel)
    return written


def _digest(folder: Path, finding: str) -> str:
    """The stamp a translation of `finding` carries to be `current`: the source's digest, read as `check` reads it."""
    from d5site.core.site import load_from_config_file

    loaded = load_from_config_file(folder / "mkdocs.yml")
    document = next((doc for doc in loaded.content.documents() if doc.path == finding), None)
    if document is None:
        raise ContentError(loaded.diagnostics or [Diagnostic(finding, 0, "was not read back (please report this)")])
    return document.digest()
