"""The site's words in one locale: labels, dates, documents' translations, members' names and the `lang` of text in another language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from markupsafe import Markup, escape

from d5site.core.catalog import Catalog
from d5site.core.collation import sort_key
from d5site.core.model import Content, Document, Member
from d5site.core.siteconfig import SiteConfig
from d5site.core.translations import state_of

T = TypeVar("T")


class Fields(dict):
    """Translatable fields; a field that is not set reads as None in templates."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name)


@dataclass
class Localized:
    """A document's text in a locale: the translation, or the source when there is none."""

    title: str
    body: str
    fields: dict[str, str]
    lang: str
    state: str
    """'source', 'current', 'outdated' or 'missing'."""
    source_fields: frozenset[str] = frozenset()
    """Fields shown from the source because the translation lacks them (in the default locale's language)."""
    source_lang: str = ""
    path: str = ""
    """The file the title and body come from: the translation's, or the source's."""

    def lang_of(self, name: str) -> str:
        """The language of field `name`: the translation's, or the source's where the translation lacks it."""
        return self.source_lang if name in self.source_fields else self.lang

    @property
    def fallback(self) -> bool:
        """Whether this is the default-locale text shown in another locale."""
        return self.state == "missing"


class Memo:
    """Values computed once: those that depend only on the content and the locale (not on the page being rendered)."""

    def __init__(self) -> None:
        self._values: dict[tuple[Any, ...], Any] = {}

    def get(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """The value under `key`, computed by `compute` the first time."""
        try:
            value: T = self._values[key]
        except KeyError:
            value = self._values[key] = compute()
        return value


class LocaleText:
    """Texts in one locale: catalog labels, dates, documents (translated or not), names, and `lang` attributes for the rest."""

    def __init__(self, site: SiteConfig, content: Content, locale: str, catalog: Catalog) -> None:
        self.site = site
        self.content = content
        self.locale = locale
        self.catalog = catalog
        self.rtl = site.is_rtl(locale)
        self._memo = Memo()

    def t(self, key: str, **values: Any) -> str:
        """A label from the catalog."""
        return self.catalog.t(key, **values)

    def date(self, value: Any) -> str:
        """A date in the locale's format."""
        return self.catalog.date(value)

    def language_name(self, locale: str) -> str:
        """The name of `locale`'s language, in this locale."""
        return self.catalog.language_name(locale)

    def collate(self, text: str) -> tuple[Any, ...]:
        """A sort key for `text` in this locale's alphabetical order (d5site.core.collation)."""
        return sort_key(text, self.locale)

    def loc(self, document: Document) -> Localized:
        """`document` in this locale."""
        return self._memo.get(("loc", id(document)), lambda: self._loc(document))

    def _loc(self, document: Document) -> Localized:
        default = self.site.default_locale
        if self.locale == default:
            return Localized(document.title, document.body, Fields(document.translatable_fields()), default, "source", path=document.path)
        translation = document.translations.get(self.locale)
        if translation is None:
            return Localized(document.title, document.body, Fields(document.translatable_fields()), default, "missing", path=document.path)
        fields = Fields(document.translatable_fields())
        untranslated = frozenset(name for name in fields if not translation.fields.get(name))
        fields.update(translation.fields)
        return Localized(translation.title, translation.body, fields, self.locale, state_of(document, self.locale), untranslated, default,
                         path=translation.path)

    def source(self, document: Document) -> Localized:
        """`document` in the default locale, whatever this locale."""
        default = self.site.default_locale
        return Localized(
            document.title,
            document.body,
            Fields(document.translatable_fields()),
            default,
            "source" if self.locale == default else "missing",
        )

    def lang_attrs(self, lang: str) -> Markup:
        """` lang="en"` (and `dir`) for text whose language differs from the page's; else nothing."""
        if lang == self.locale:
            return Markup("")
        attrs = f' lang="{escape(lang)}"'
        if self.site.is_rtl(lang) != self.rtl:
            attrs += f' dir="{"rtl" if self.site.is_rtl(lang) else "ltr"}"'
        return Markup(attrs)

    def attr_list(self, lang: str) -> Markup:
        """An attr_list ` { lang=".." dir=".." }` for a Markdown heading in another language than the page's."""
        attrs = str(self.lang_attrs(lang)).strip()
        return Markup(f" {{ {attrs} }}") if attrs else Markup("")

    def localized_map(self, values: dict[str, str]) -> str:
        """A per-locale value (place, note): this locale, then the default locale."""
        return values.get(self.locale) or values.get(self.site.default_locale) or ""

    def map_lang(self, values: dict[str, str]) -> Markup:
        """` lang=".."` (and `dir`) for `localized_map(values)` shown in the default locale's language; else nothing."""
        return self.lang_attrs(self.locale if values.get(self.locale) else self.site.default_locale)

    def member_name(self, code: str) -> str:
        """A member's name: members.yml for this locale, then CLDR, then the default locale's name."""
        return self._memo.get(("member", code), lambda: self._member_name(code))

    def _member_name(self, code: str) -> str:
        member: Member | None = self.content.members.get(code)
        names = member.names if member else {}
        return names.get(self.locale) or self.catalog.territory(code) or names.get(self.site.default_locale) or code.upper()
