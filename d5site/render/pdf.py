"""An annual report as a PDF/UA-1 document: the report page's HTML in d5site's print template, set by WeasyPrint.

Nothing is fetched from outside the site: the URL fetcher serves files of the
built site (under the report's base URL) and refuses everything else (other
hosts, `file:` URLs, paths leading out of the site). Fonts come from the
system (fontconfig): Debian's Noto fonts. A character no font can show fails
the report (it would print as an empty box). PDFs are kept in a cache keyed by
what they show (the document, the stylesheet, the fonts and the versions of the
libraries), so an unchanged report is not set again.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import jinja2

from d5site.core.diagnostics import escape
from d5site.render.bodies import without_permalinks

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("d5site", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_NOTDEF = ".notdef glyph rendered"
MAX_MISSING_SHOWN = 5


class PdfError(Exception):
    """A report whose PDF cannot be made (WeasyPrint missing, a character no font has, a rendering failure)."""


@dataclass(frozen=True)
class PrintedReport:
    """One year's report in one locale, ready to print."""

    html: str
    """The whole print document (see `document`)."""
    css: str
    """The print stylesheet (see `stylesheet`)."""
    base_url: str | None
    """The report page's public address: relative links resolve to the published site (None without site_url)."""
    site_url: str | None
    """The site's public address (mkdocs.yml's site_url): files under it are read from `site_dir`."""
    site_dir: Path
    """The built site: the only place files are read from."""
    label: str
    """How messages name the report, e.g. `reports/2018 (fr)`."""


def document(content_html: str, *, lang: str, rtl: bool, title: str, publisher: str, published: str | None) -> str:
    """The print document around a report page's content HTML (trusted: d5site rendered and sanitized it)."""
    from markupsafe import Markup

    template = _TEMPLATES.get_template("d5site/print/report.html")
    return template.render(content=Markup(without_permalinks(content_html)), lang=lang, rtl=rtl, title=title,
                           publisher=publisher, published=published)


def stylesheet(rtl: bool) -> str:
    """The print stylesheet; the running heads' and page numbers' corners follow the writing direction."""
    start, end = ("right", "left") if rtl else ("left", "right")
    return _TEMPLATES.get_template("d5site/print/report.css").render(start=start, end=end, rtl=rtl)


def _refuse(url: str) -> PdfError:
    return PdfError(f"not fetched (outside the site): {escape(url[:200])}")


def local_file(url: str, report: PrintedReport) -> Path:
    """The file of the built site that `url` names (an address under the site's root); PdfError for anything else."""
    if report.site_url is None:
        raise _refuse(url)
    parts, site = urlsplit(url), urlsplit(report.site_url)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or parts.query:
        raise _refuse(url)
    root = site.path if site.path.endswith("/") else site.path + "/"
    path = unquote(parts.path)
    if not path.startswith(root) or "\x00" in path:
        raise _refuse(url)
    relative = posixpath.normpath(path[len(root):])
    if relative.startswith("..") or relative in ("", "."):
        raise _refuse(url)
    site_dir = Path(os.path.realpath(report.site_dir))
    target = Path(os.path.realpath(site_dir / relative))
    if site_dir not in target.parents or not target.is_file():
        raise _refuse(url)
    return target


def _fetcher(report: PrintedReport) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SiteFetcher(URLFetcher):
        """Serves the built site's files; refuses the network and every other file."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = local_file(url, report)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    return SiteFetcher()


class _Collect(logging.Handler):
    """WeasyPrint's warnings during one rendering."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(_NOTDEF):
            self.missing.append(message.rpartition(" ")[2].strip("()"))


def _tag_languages() -> None:
    """Give a tagged element the `/Lang` of its HTML element's `lang` (WeasyPrint 70 tags only the document's).

    PDF/UA (7.2) asks for the language of every passage in another language than the document's: an
    untranslated finding in a French report is read out in English. WeasyPrint builds the structure tree
    in `weasyprint.pdf.tags._build_box_tree`, a generator yielding the structure elements of a box; the
    wrapper sets `/Lang` on those of a box whose element carries `lang`. Installed once, idempotent.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "d5site_lang", False):
        return

    def build_box_tree(box: Any, *args: Any) -> Any:
        element = getattr(box, "element", None)
        lang = None
        if element is not None and getattr(box, "element_tag", None) not in ("html", "body") and hasattr(element, "get"):
            lang = element.get("lang")
        for structure in original(box, *args):
            if lang and isinstance(structure, pydyf.Dictionary) and "Lang" not in structure:
                structure["Lang"] = pydyf.String(lang)
            yield structure

    build_box_tree.d5site_lang = True  # type: ignore[attr-defined]
    tags._build_box_tree = build_box_tree


def _weasyprint(report: PrintedReport) -> Any:
    """The weasyprint module; PdfError saying what to install when it (or Pango under it) is missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found no Pango library
        raise PdfError(f"{report.label}: PDFs need WeasyPrint and Pango: pip install 'd5site[pdf]' and the Debian packages"
                       f" libpango-1.0-0 libpangoft2-1.0-0 ({escape(str(exc))[:200]})") from None
    return weasyprint


def render(report: PrintedReport) -> bytes:
    """The PDF/UA-1 bytes of `report`; PdfError naming the report for a character no font has or a failure."""
    weasyprint = _weasyprint(report)
    _tag_languages()
    fetcher = _fetcher(report)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    propagate = logger.propagate
    logger.addHandler(collect)
    logger.propagate = False  # its warnings (refused fetches among them) are this function's to report
    try:
        html = weasyprint.HTML(string=report.html, base_url=report.base_url, url_fetcher=fetcher)
        css = weasyprint.CSS(string=report.css, url_fetcher=fetcher)
        data = html.write_pdf(stylesheets=[css], pdf_variant="pdf/ua-1", pdf_identifier=_identifier(report),
                              uncompressed_pdf=False, optimize_images=False)
    except PdfError:
        raise
    except Exception as exc:
        raise PdfError(f"{report.label}: the PDF could not be made: {escape(type(exc).__name__ + ': ' + str(exc))[:300]}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    if collect.missing:
        shown = ", ".join(sorted(set(collect.missing))[:MAX_MISSING_SHOWN])
        raise PdfError(f"{report.label}: no installed font has the characters {shown}: they would print as empty boxes"
                       " (install a font that has them, e.g. a Debian fonts-noto-* package)")
    if data is None:  # pragma: no cover - write_pdf without a target returns bytes
        raise PdfError(f"{report.label}: the PDF could not be made")
    return data


def _identifier(report: PrintedReport) -> bytes:
    """The PDF's /ID: from what it shows, so the same report is the same bytes."""
    return hashlib.sha256((report.html + "\x00" + report.css).encode("utf-8")).hexdigest()[:32].encode("ascii")


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """What the installed fonts are (fontconfig's list of files and versions): a change sets every report again."""
    fc_list = shutil.which("fc-list")
    listing = ""
    if fc_list:
        try:
            listing = subprocess.run([fc_list, "--format", "%{file}|%{fontversion}|%{family}\n"], capture_output=True,
                                     text=True, timeout=60, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
    return hashlib.sha256("\n".join(sorted(listing.splitlines())).encode("utf-8")).hexdigest()


def cache_key(report: PrintedReport) -> str:
    """A key of everything the PDF depends on: document, stylesheet, base address, fonts, library versions."""
    weasyprint = _weasyprint(report)
    import pydyf

    parts = [report.html, report.css, report.base_url or "", report.site_url or "", fonts_fingerprint(),
             weasyprint.__version__, pydyf.__version__, _site_files(report)]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


def _site_files(report: PrintedReport) -> str:
    """The site's files the document may load (its images): their content's digest, in order of the document."""
    digest = hashlib.sha256()
    for name in sorted(set(_IMG_SRC.findall(report.html))):
        digest.update(name.encode("utf-8") + b"\x00")
        try:
            path = local_file(urljoin(report.base_url or "", name), report)
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except PdfError:
            digest.update(b"-")
    return digest.hexdigest()


_IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"")


def write(report: PrintedReport, target: Path, cache_dir: Path | None) -> bool:
    """Write `report`'s PDF to `target`, from the cache when it holds this content; True if it was set anew."""
    key = cache_key(report) if cache_dir is not None else ""
    cached = cache_dir / f"{key}.pdf" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        data = cached.read_bytes()
        made = False
    else:
        data = render(report)
        made = True
        if cached is not None:
            _write_atomic(cached, data)
    _write_atomic(target, data)
    return made


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder (parallel builds share the cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
