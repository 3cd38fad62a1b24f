"""A content folder's files grouped by name into a source and its translations, each translation read and checked."""

from __future__ import annotations

from pathlib import Path

from d5site.core import schema
from d5site.core.model import Document, Translation
from d5site.core.siteconfig import SiteConfig
from d5site.core.source import LineDict
from d5site.core.sourcenames import split_name
from d5site.core.sourcereader import SourceReader

STRUCTURAL_KEYS = ("members", "principles", "date", "themes", "links", "licence", "replaces", "host", "code", "partners", "publish")
"""Keys that belong to the source file only; a translation that sets one is an error."""

Group = dict[str | None, Path]
"""The files of one name in a folder: {None: source, 'fr': translation, ...}."""


class SourceGroups:
    """Groups a folder's `<name>[.<locale>].md` files and reads their translations, reporting through a `SourceReader`."""

    def __init__(self, site: SiteConfig, reader: SourceReader):
        self.site = site
        self.reader = reader

    def group(self, folder: Path, what: str, refused: set[str] | None = None) -> dict[str, Group]:
        """Files of a folder grouped by name: {name: {None: source, 'fr': translation}}.

        `refused` (when given) receives the names of the source entries refused: links that may not be read, folders.
        """
        reader = self.reader
        groups: dict[str, Group] = {}
        for entry in reader.scan(folder):
            path = Path(entry.path)
            rel = self.site.rel(path)
            if entry.is_symlink() and not reader.readable_entry(path, rel):
                self._refuse(entry.name, refused)
                continue
            if entry.is_dir():
                reader.error(rel, 0, f"unexpected folder in {what}")
                self._refuse(entry.name, refused)
                continue
            parts = split_name(entry.name)
            if parts is None:
                reader.error(rel, 0, f"unexpected file in {what}: expected <name>.md or <name>.<locale>.md")
                continue
            name, locale = parts
            if locale is not None and not self._check_locale(rel, locale):
                continue
            groups.setdefault(name, {})[locale] = path
        for name in list(groups):
            source = self._misnamed_translation(name, groups)
            if source is not None and None in groups[name]:
                rel = self.site.rel(groups[name].pop(None))
                reader.error(rel, 0, f"looks like a translation of {source[0]}.md misnamed: name it {source[0]}.{source[1]}.md")
                if not groups[name]:
                    del groups[name]
        return groups

    def attach_translations(self, document: Document, files: Group, kind: str) -> None:
        """Read every translation among `files` (checked as a `kind`) into `document.translations`, in locale order."""
        for locale, path in sorted(files.items(), key=lambda item: item[0] or ""):
            if locale is None:
                continue
            translation = self._translation(path, locale, kind)
            if translation is not None:
                document.translations[locale] = translation

    def orphans(self, files: Group, source_name: str) -> None:
        """Report every translation among `files`, whose source `source_name` does not exist."""
        for locale, path in files.items():
            if locale is not None:
                self.reader.error(self.site.rel(path), 0, f"translation without a source: {source_name} does not exist")

    @staticmethod
    def _refuse(name: str, refused: set[str] | None) -> None:
        """Record in `refused` the name of a source file (`<name>.md`) that exists but is refused."""
        parts = split_name(name)
        if refused is not None and parts is not None and parts[1] is None:
            refused.add(parts[0])

    def _misnamed_translation(self, name: str, groups: dict[str, Group]) -> tuple[str, str] | None:
        """(source name, locale) when `name` is another file's name with a locale joined by `-` or `_` (`x-fr` beside `x`)."""
        for locale in self.site.locales[1:]:
            for separator in "-_":
                suffix = f"{separator}{locale}".lower()
                if name.lower().endswith(suffix) and name[: -len(suffix)] in groups:
                    return name[: -len(suffix)], locale
        return None

    def _check_locale(self, rel: str, locale: str) -> bool:
        """Whether `locale`, from a file name, is a configured locale other than the default; reports it if not."""
        if locale == self.site.default_locale:
            self.reader.error(rel, 0, f"'{locale}' is the default locale: its text belongs in the file without a locale suffix")
            return False
        if locale not in self.site.locales:
            configured = ", ".join(self.site.locales)
            same = [known for known in self.site.locales if known.lower() == locale.lower()]
            hint = f" (did you mean {rel.rsplit('/', 1)[-1].replace(f'.{locale}.md', f'.{same[0]}.md')}?)" if same else ""
            self.reader.error(rel, 0, f"unknown locale '{locale}' in file name (configured: {configured}){hint}")
            return False
        return True

    def _translation(self, path: Path, locale: str, kind: str) -> Translation | None:
        """One translation file read and checked as a `kind`; None (with diagnostics) if it fails or sets a structural key."""
        reader = self.reader
        loaded = reader.markdown(path)
        if loaded is None:
            return None
        rel, doc = loaded
        meta: LineDict = doc.meta
        bad = False
        for key in STRUCTURAL_KEYS:
            if key in meta:
                reader.error(rel, meta.key_lines[key], f"'{key}' belongs to the source file only, not to a translation: "
                             "delete this line (a translation carries its title, summary, body and stamp)")
                bad = True
        rest = LineDict({k: v for k, v in meta.items() if k not in STRUCTURAL_KEYS})
        rest.line, rest.lines, rest.key_lines = meta.line, meta.lines, meta.key_lines
        problems = schema.check("translation", rest, rel, kind=kind)
        if problems:
            reader.diagnostics.extend(problems)
            return None
        if bad:
            return None
        return Translation(
            locale=locale,
            path=rel,
            title=meta["title"],
            body=doc.body,
            body_line=doc.body_line,
            fields={k: v for k, v in meta.items() if k not in ("title", "stamp")},
            stamp=meta.get("stamp"),
        )
