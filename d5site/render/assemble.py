"""Assembling per-locale builds into one site: folder overlay and sitemap splicing. Nothing here imports MkDocs.

`d5site build` builds each locale in its own process and folder. MkDocs with
static-i18n builds them one after another into one folder, each build writing
over what the previous one wrote, so the merge replays those writes in the same
order (`overlay`). The one file that static-i18n makes from every locale at
once is `sitemap.xml` (the last build renders every locale's pages, gathered
since the first): `splice_sitemap` rebuilds it from each locale's own render.
"""

from __future__ import annotations

import gzip
import os
import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class AssembleError(Exception):
    """The per-locale builds cannot be merged into the site a sequential build writes."""


def overlay(source: Path, target: Path) -> None:
    """Move everything under `source` into `target`; a file of `source` replaces the one at the same path.

    Folders that exist on one side only are moved whole (one rename), so the
    cost follows the number of shared paths (theme assets), not of pages.
    """
    target.mkdir(parents=True, exist_ok=True)
    with os.scandir(source) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            dest = target / entry.name
            if entry.is_dir(follow_symlinks=False):
                if dest.is_dir() and not dest.is_symlink():
                    overlay(Path(entry.path), dest)
                    continue
                if dest.is_symlink() or dest.exists():
                    dest.unlink()
                os.rename(entry.path, dest)
            else:
                if dest.is_dir() and not dest.is_symlink():
                    shutil.rmtree(dest)
                os.replace(entry.path, dest)


@dataclass(frozen=True)
class SitemapRender:
    """One locale's build rendered the sitemap template twice: with no page (`frame`) and with its own pages (`full`)."""

    locale: str
    frame: str
    full: str


def splice_sitemap(renders: Sequence[SitemapRender]) -> str:
    """The sitemap a sequential build writes: the last build's frame around every locale's pages, in build order.

    The template loops over the locales and writes one block per locale between
    a head and a tail that do not depend on the pages; each locale's `full`
    render is therefore `head + block + tail` and its `frame` is `head + tail`.
    Any split of the frame that every render starts and ends with gives the same
    result (a block shifted by a few shared characters shifts them back in the
    concatenation), so the first one found is used.
    """
    if not renders:
        raise AssembleError("no sitemap to merge")
    frame = renders[-1].frame
    if any(render.frame != frame for render in renders):
        odd = next(render.locale for render in renders if render.frame != frame)
        raise AssembleError(
            f"sitemap.xml: the template writes something for locale '{odd}' outside its loop over pages, "
            "so the locales' sitemaps cannot be merged; build with `mkdocs build`"
        )
    for split in range(len(frame) + 1):
        head, tail = frame[:split], frame[split:]
        if all(r.full.startswith(head) and r.full.endswith(tail) and len(r.full) >= len(frame) for r in renders):
            blocks = [r.full[split : len(r.full) - len(tail)] for r in renders]
            return head + "".join(blocks) + tail
    raise AssembleError("sitemap.xml: a locale's sitemap does not contain the template's frame; build with `mkdocs build`")


def gzip_mtime(path: Path) -> int:
    """The modification time recorded in a gzip file's header."""
    with path.open("rb") as stream:
        header = stream.read(10)
    if len(header) < 10 or header[:2] != b"\x1f\x8b":
        raise AssembleError(f"{path.name}: not a gzip file")
    return int(struct.unpack("<I", header[4:8])[0])


def write_sitemap(site: Path, text: str, mtime: int) -> None:
    """Write sitemap.xml and sitemap.xml.gz as MkDocs does (same name and time in the gzip header)."""
    path = site / "sitemap.xml"
    data = text.encode("utf-8")
    path.write_bytes(data)
    gz_path = f"{path}.gz"
    with open(gz_path, "wb") as stream:
        with gzip.GzipFile(fileobj=stream, filename=gz_path, mode="wb", mtime=mtime) as compressed:
            compressed.write(data)
