"""Checks of a tagged PDF with pikepdf, beyond the `pdfua` checker: what PDF/UA-1 asks of an annual report.

    problems = structure_problems(path, lang="fr", title="Rapport annuel 2018 – Digital Nations",
                                  bookmarks=["Sommaire", ...], other_langs={"en"})

Each problem is a sentence; an empty list is a pass. `pdfua_problems` runs the machine checker.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pikepdf


def pdfua_problems(path: Path) -> list[str]:
    """The `pdfua` checker's findings (every severity) and the rules it could not run, as sentences."""
    import pdfua

    report = pdfua.validate(str(path))
    out = [f"{f.rule_id}: {f.message}" for f in report.findings]
    ran = [o for o in report.outcomes if o.skipped_reason is None]
    if len(ran) < 8:
        out.append(f"pdfua ran only {len(ran)} rules")
    return out


def struct_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """The structure elements of the tree, in document (reading) order."""
    def walk(node: object) -> Iterator[pikepdf.Dictionary]:
        if isinstance(node, pikepdf.Array):
            for item in node:
                yield from walk(item)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node and node.get("/Type") != pikepdf.Name("/OBJR") \
                and node.get("/Type") != pikepdf.Name("/MCR"):
            yield node
            yield from walk(node.get("/K"))

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        yield from walk(root.get("/K"))


def _marks_content(node: object) -> bool:
    if isinstance(node, pikepdf.Dictionary):
        return _marks_content(node.get("/K")) or node.get("/Type") == pikepdf.Name("/MCR")
    if isinstance(node, pikepdf.Array):
        return any(_marks_content(item) for item in node)
    return isinstance(node, int)


def outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    """Every bookmark's title, depth first."""
    def walk(items: Iterable[pikepdf.OutlineItem]) -> Iterator[str]:
        for item in items:
            yield item.title
            yield from walk(item.children)

    with pdf.open_outline() as outline:
        return list(walk(outline.root))


def fonts(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every font of every page (and of its margin boxes, which are page content)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                yield font


def _embedded(font: pikepdf.Dictionary) -> bool:
    descendants = font.get("/DescendantFonts")
    target = descendants[0] if descendants is not None else font
    descriptor = target.get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def structure_problems(path: Path, *, lang: str, title: str, bookmarks: Iterable[str] = (),
                       other_langs: Iterable[str] = ()) -> list[str]:
    """What a PDF/UA-1 annual report lacks: tags, language, title, bookmarks, fonts, links, headings, tables."""
    out: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            return ["no structure tree (untagged)"]
        if not bool((root.get("/MarkInfo") or {}).get("/Marked", False)):
            out.append("MarkInfo /Marked is not true")
        if str(root.get("/Lang", "")) != lang:
            out.append(f"/Lang is {str(root.get('/Lang', ''))!r}, not {lang!r}")
        if not bool((root.get("/ViewerPreferences") or {}).get("/DisplayDocTitle", False)):
            out.append("DisplayDocTitle is not true: a reader's window shows the file name")
        if str(pdf.docinfo.get("/Title", "")) != title:
            out.append(f"title is {str(pdf.docinfo.get('/Title', ''))!r}, not {title!r}")
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            if str(meta.get("pdfuaid:part", "")) != "1":
                out.append("XMP metadata does not declare PDF/UA-1 (pdfuaid:part)")
        marks = outline_titles(pdf)
        for wanted in bookmarks:
            if wanted not in marks:
                out.append(f"no bookmark {wanted!r} (bookmarks: {marks[:12]})")
        for font in fonts(pdf):
            name = str(font.get("/BaseFont", font.get("/Name", "?")))
            if font.get("/Subtype") == pikepdf.Name("/Type3"):
                out.append(f"Type 3 font {name}")
            elif not _embedded(font):
                out.append(f"font {name} is not embedded")
        elements = list(struct_elements(pdf))
        roles = [str(e.S) for e in elements]
        headings = [int(r[2]) for r in roles if len(r) == 3 and r.startswith("/H") and r[2].isdigit()]
        if not headings or headings[0] != 1 or headings.count(1) != 1:
            out.append(f"headings do not start with one H1: {headings[:8]}")
        for before, after in zip(headings, headings[1:], strict=False):
            if after > before + 1:
                out.append(f"heading level jumps from H{before} to H{after}")
                break
        for element in elements:
            if str(element.S).startswith("/H") and len(str(element.S)) == 3 and not _marks_content(element):
                out.append(f"empty heading {element.S}")
        links = [a for page in pdf.pages for a in (page.get("/Annots") or []) if a.get("/Subtype") == pikepdf.Name("/Link")]
        untagged = [a for a in links if "/StructParent" not in a]
        if untagged:
            out.append(f"{len(untagged)} of {len(links)} link annotations are not tagged (no /StructParent)")
        if links and "/Link" not in roles:
            out.append("links are not in the structure tree (/Link)")
        if "/Table" in roles and "/TH" not in roles:
            out.append("a table without header cells (/TH)")
        langs = {str(e.Lang) for e in elements if "/Lang" in e}
        for other in other_langs:
            if other not in langs:
                out.append(f"no passage tagged /Lang {other!r} (tagged: {sorted(langs)})")
    return out
