"""XLIFF 1.2 kits: writing a `Kit` for CAT tools, and reading one back as hostile input (no DTD, entity or external reference).

Each source document is a `<file original="findings/2018/x.md" build-num="sha256:...">`
(`build-num`: the digest of the source the kit was made from); each unit a
`<trans-unit id="title|summary|body.N">` with its `<note>`. Inline Markdown syntax
is carried as `<ph id="N">**</ph>`: CAT tools show it as a tag the translator
moves but cannot break. An outdated unit's target is the previous translation
with `state="needs-review-translation"`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from d5site.core.kit import Kit, KitError, KitFile, Part, Unit
from d5site.core.segment import Code, codes, tokens

NS = "urn:oasis:names:tc:xliff:document:1.2"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REVIEW_STATES = frozenset({"needs-review-translation", "needs-review-adaptation", "needs-review-l10n", "needs-adaptation", "needs-l10n"})
"""Target states meaning: a translation is there, but not confirmed."""
UNTRANSLATED_STATES = frozenset({"new", "needs-translation"})


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _inline(element: ET.Element, text: str, source: str) -> None:
    """Fill `element` with `text`, inline syntax as `<ph>` (numbered as in `source`, where the same syntax is)."""
    known = {raw: number for number, raw in sorted(codes(source).items(), reverse=True)}
    used: set[int] = set()
    extra = 0
    last: ET.Element | None = None
    for token in tokens(text):
        if isinstance(token, Code):
            number = token.id if text == source else known.get(token.raw)
            if number is None or number in used:
                extra += 1
                ident = f"t{extra}"
            else:
                used.add(number)
                ident = str(number)
            last = ET.SubElement(element, _q("ph"), id=ident)
            last.text = token.raw
        elif last is None:
            element.text = (element.text or "") + token
        else:
            last.tail = (last.tail or "") + token


def dump(kit: Kit) -> bytes:
    """The kit as an XLIFF 1.2 document (UTF-8)."""
    ET.register_namespace("", NS)
    root = ET.Element(_q("xliff"), version="1.2")
    for entry in kit.files:
        attrs = {"original": entry.source, "source-language": kit.source_locale, "target-language": kit.target_locale,
                 "datatype": "x-markdown", "product-name": "d5site", "build-num": entry.digest}
        file = ET.SubElement(root, _q("file"), attrs)
        ET.SubElement(ET.SubElement(file, _q("header")), _q("note")).text = entry.note
        body = ET.SubElement(file, _q("body"))
        for unit in entry.units:
            element = ET.SubElement(body, _q("trans-unit"), {"id": unit.id, "resname": unit.id, _XML_SPACE: "preserve"})
            _inline(ET.SubElement(element, _q("source")), unit.source, unit.source)
            if unit.target:
                state = "needs-review-translation" if unit.review else "translated"
                _inline(ET.SubElement(element, _q("target"), state=state), unit.target, unit.source)
            if unit.note:
                ET.SubElement(element, _q("note")).text = unit.note
    ET.indent(root, "  ")  # only between elements: text inside <source>/<target> is left as it is
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parts(element: ET.Element) -> list[Part]:
    """The content of a `<source>`/`<target>`: text, `<ph>` content (or its number when empty), `<g>`/`<mrk>` content."""
    parts: list[Part] = [element.text or ""]
    for child in element:
        name = _local(child.tag)
        if name in ("ph", "x", "bx", "ex", "it", "bpt", "ept"):
            raw = "".join(child.itertext())
            ident = child.get("id", "")
            parts.append(raw if raw else int(ident) if ident.isdigit() else "")
        elif name in ("g", "mrk"):
            parts.extend(_parts(child))
        else:
            raise KitError(f"unexpected element <{name}> inside a unit's text")
        parts.append(child.tail or "")
    return [part for part in parts if part != ""]


def load(data: bytes) -> Kit:
    """Read an XLIFF 1.2 kit; KitError for what is not one. DTDs, entities and external references are refused, never resolved."""
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise KitError("DTDs, entity declarations and external references are not accepted in a kit: remove the <!DOCTYPE ...>") from None
    except ET.ParseError as exc:
        raise KitError(f"not well-formed XML: {str(exc).split(':')[0]}", exc.position[0]) from None
    if _local(root.tag) != "xliff" or root.get("version") != "1.2":
        raise KitError("not an XLIFF 1.2 document (<xliff version=\"1.2\">)")
    kit: Kit | None = None
    for file in root:
        if _local(file.tag) != "file":
            continue
        source_locale, target_locale = file.get("source-language", ""), file.get("target-language", "")
        if kit is None:
            kit = Kit(source_locale, target_locale)
        elif (source_locale, target_locale) != (kit.source_locale, kit.target_locale):
            raise KitError("every <file> of a kit has the same source-language and target-language")
        entry = KitFile(file.get("original", ""), file.get("build-num", ""))
        for element in file.iter(_q("trans-unit")):
            source = element.find(_q("source"))
            target = element.find(_q("target"))
            unit = Unit(element.get("id", ""), "".join(str(p) for p in _parts(source)) if source is not None else "")
            if target is not None:
                state = target.get("state", "translated")
                unit.parts = _parts(target) if state not in UNTRANSLATED_STATES else []
                unit.target = "".join(p for p in unit.parts if isinstance(p, str))
                unit.review = state in REVIEW_STATES
            entry.units.append(unit)
        kit.files.append(entry)
    if kit is None:
        raise KitError("the kit has no <file>")
    return kit
