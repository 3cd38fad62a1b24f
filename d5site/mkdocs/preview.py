"""`d5site serve`: MkDocs' development server building one locale (`--locale`) and honouring `--dirty`."""

from __future__ import annotations

import logging
import sys

from d5site.mkdocs.pdfs import ReportPdfs
from d5site.mkdocs.plugin import D5sitePlugin


def serve(config_file: str, locale: str | None = None, dirty: bool = False, dev_addr: str | None = None, pdf: bool = False) -> int:
    """Run `mkdocs serve` on `config_file` until interrupted; the exit status.

    With `locale`, every rebuild builds that locale alone (static-i18n's own
    per-locale build, as `d5site build` uses): a save costs about a third of a
    three-locale rebuild. With `dirty`, generated pages whose Markdown did not
    change are not rebuilt either (see d5site.mkdocs.pagebuffer.PageBuffer.fill). With `pdf`, the annual
    reports' PDFs are built too (when mkdocs.yml turns them on); `mkdocs serve` and `d5site serve` skip them.
    """
    from mkdocs import __main__ as mkdocs_main
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    handler = logging.StreamHandler(sys.stderr)  # MkDocs' CLI log format, as `mkdocs serve` shows it
    handler.setFormatter(mkdocs_main.ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    D5sitePlugin.preview_locale = locale
    ReportPdfs.serve_pdfs = pdf
    options = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        mkdocs_serve(config_file=config_file, livereload=True, build_type="dirty" if dirty else None, **options)
    except MkDocsException as exc:
        print(f"ERROR - {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        D5sitePlugin.preview_locale = None
        ReportPdfs.serve_pdfs = False
        logger.removeHandler(handler)
    return 0
