"""The `d5site` command: check, translations, new. Never a traceback, always a located message."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

from d5site import __version__
from d5site.core.diagnostics import ContentError, Diagnostic, escape


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", "-f", metavar="mkdocs.yml", default=argparse.SUPPRESS, help="the site's mkdocs.yml (default: ./mkdocs.yml)"
    )

    parser = argparse.ArgumentParser(
        prog="d5site", description="Check, translate and scaffold a d5site content repository.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"d5site {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", parents=[common], help="validate findings/ and charter/ without building")
    check.add_argument(
        "--format", choices=["text", "github"], default="text", help="text (path:line: message) or GitHub Actions annotations"
    )

    tr = commands.add_parser("translations", parents=[common], help="translation state of every item per locale")
    tr.add_argument("--locale", "-l", action="append", help="only this locale (repeatable)")
    tr.add_argument(
        "--format", choices=["text", "json", "github"], default="text",
        help="json: the report as data; github: annotations (with --changed-since)",
    )
    tr.add_argument(
        "--changed-since", metavar="REF", help="list the translations that the change since the git revision REF makes outdated"
    )
    tr_commands = tr.add_subparsers(dest="action", metavar="ACTION")
    stamp = tr_commands.add_parser("stamp", parents=[common], help="record that translations match their source as it is now")
    stamp.add_argument("paths", nargs="+", metavar="PATH", help="translation files (or folders of them)")
    export = tr_commands.add_parser("export", parents=[common], help="a translation kit (XLIFF 1.2 or PO) of what needs work in a locale")
    export.add_argument("--locale", "-l", dest="kit_locale", required=True, help="the locale to translate into")
    export.add_argument(
        "--format", dest="kit_format", choices=["xliff", "po"], default="xliff",
        help="XLIFF 1.2 (CAT tools; default) or PO (Weblate, Crowdin, Poedit)",
    )
    export.add_argument("--all", dest="everything", action="store_true", help="every item, current ones too")
    export.add_argument("--output", "-o", metavar="FILE", help="write the kit here (default: standard output)")
    kit_import = tr_commands.add_parser("import", parents=[common], help="write, stamp and validate the translations of kits")
    kit_import.add_argument("kits", nargs="+", metavar="FILE", help="XLIFF or PO kits made by export and translated")
    tr_diff = tr_commands.add_parser("diff", parents=[common], help="what changed in the source since a translation's stamp (word diff)")
    tr_diff.add_argument("path", metavar="PATH", help="a translation file, e.g. findings/2018/x.fr.md")

    build = commands.add_parser("build", parents=[common], help="build the site like `mkdocs build`, each locale in its own process")
    build.add_argument(
        "--config-file", dest="config", metavar="mkdocs.yml", default=argparse.SUPPRESS, help="same as --config (mkdocs build's name)"
    )
    build.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help="locales built at once (default: the number of CPUs)")
    build.add_argument("--site-dir", "-d", metavar="DIR", default=None, help="the folder to publish into (default: site_dir of mkdocs.yml)")
    build.add_argument("--strict", "-s", action="store_true", help="fail on any warning, like mkdocs build --strict")
    build.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                       help="mkdocs (default), or zensical: experimental, one Zensical process per locale (pip install zensical==0.0.73)")

    serve = commands.add_parser("serve", parents=[common], help="preview the site like `mkdocs serve`, optionally one locale only")
    serve.add_argument("--config-file", dest="config", metavar="mkdocs.yml", default=argparse.SUPPRESS, help="same as --config")
    serve.add_argument("--locale", "-l", help="build and serve this locale only (its pages are under /<locale>/)")
    serve.add_argument("--dirty", action="store_true", help="rebuild only the pages a save changed (generated pages included)")
    serve.add_argument("--pdf", action="store_true", help="build the annual reports' PDFs too (skipped by default: they take time)")
    serve.add_argument("--dev-addr", "-a", metavar="IP:PORT", default=None, help="address to serve on (default: dev_addr of mkdocs.yml)")

    init = commands.add_parser("init", help="write a complete minimal site into DIR (default: here) that builds as written")
    init.add_argument("folder", nargs="?", default=".", metavar="DIR")
    init.add_argument("--name", default="Our findings", help="the site's name (default: Our findings)")
    init.add_argument("--locales", default="en,fr", metavar="L,L", help="the site's locales, the default first (default: en,fr)")

    schemas = commands.add_parser("schemas", parents=[common], help="write d5site's JSON Schemas into a folder (for editors)")
    schemas.add_argument("folder", nargs="?", default=".d5site/schemas", metavar="FOLDER")

    new = commands.add_parser("new", parents=[common], help="scaffold a valid file")
    new_commands = new.add_subparsers(dest="what", metavar="WHAT")
    new_commands.required = True
    finding = new_commands.add_parser("finding", parents=[common], help="findings/YEAR/ID.md")
    finding.add_argument("year", type=int, metavar="YEAR")
    finding.add_argument("id", metavar="ID")
    finding.add_argument("--member", "-m", action="append", default=[], required=True, help="member code (repeatable)")
    finding.add_argument("--principle", "-p", action="append", default=[], required=True, help="principle id (repeatable)")
    finding.add_argument("--title")
    revision = new_commands.add_parser("revision", parents=[common], help="charter/principles/PRINCIPLE/YEAR.md")
    revision.add_argument("principle", metavar="PRINCIPLE")
    revision.add_argument("year", type=int, metavar="YEAR")
    revision.add_argument("--title")
    statement = new_commands.add_parser("statement", parents=[common], help="charter/statements/CODE.md, a statement of interest")
    statement.add_argument("code", metavar="CODE", help="the member's or candidate's code in members.yml")
    statement.add_argument(
        "--date", type=_iso_date, help="when it is presented (YYYY-MM-DD; default: today): its sections are the principles in force then"
    )
    statement.add_argument("--title")
    return parser


def _iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: str = "text") -> None:
    for diagnostic in sorted(diagnostics):
        print(diagnostic.github() if fmt == "github" else diagnostic.text())


def _load(args: argparse.Namespace):
    from d5site.core.site import load_from_config_file

    return load_from_config_file(Path(getattr(args, "config", "mkdocs.yml")))


def cmd_check(args: argparse.Namespace) -> int:
    """`d5site check`: the content, and docs/ files at a path the build generates (as the build refuses them)."""
    from d5site.core.siteconfig import setup_errors
    from d5site.render.clashes import docs_clashes

    loaded = _load(args)
    setup = setup_errors(Path(getattr(args, "config", "mkdocs.yml")), loaded.site)
    diagnostics = sorted(set(setup + loaded.diagnostics + docs_clashes(loaded.site, loaded.content, loaded.site.use_directory_urls)))
    warnings = loaded.site.warnings + loaded.warnings
    _print_diagnostics(warnings, args.format)
    _print_diagnostics(diagnostics, args.format)
    count = len(diagnostics)
    if count:
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    content = loaded.content
    print(
        f"ok: {len(content.findings)} findings in {len(content.years)} years, "
        f"{len(content.principles)} principles, {len(content.editions)} editions, "
        f"{len(content.members)} members, locales {', '.join(content.locales)}"
        + (f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""),
        file=sys.stderr,
    )
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """`d5site translations [stamp]`."""
    from d5site.core import translations

    loaded = _load(args)
    if args.action == "stamp":
        return _stamp(loaded, args.paths)
    if args.action in ("export", "import", "diff"):
        from d5site.cli import translate

        if args.action == "diff":
            return translate.diff(loaded, args.path)
        if args.action == "export":
            return translate.export(loaded, args.kit_locale, args.kit_format, args.everything, args.output)
        return translate.import_(loaded, args.kits)
    if loaded.diagnostics:
        _print_diagnostics(loaded.diagnostics)
        print("fix these errors first (d5site check)", file=sys.stderr)
        return 1
    if args.changed_since:
        from d5site.cli.translate import changed_since

        return changed_since(loaded, args.changed_since, args.format, args.locale)
    if args.format == "github":
        print("d5site: --format github goes with --changed-since REF", file=sys.stderr)
        return 2
    unknown = [loc for loc in args.locale or [] if loc not in loaded.content.locales]
    if unknown:
        print(escape(f"d5site: unknown locale {', '.join(unknown)} (configured: {', '.join(loaded.content.locales)})"), file=sys.stderr)
        return 2
    report = translations.report(loaded, args.locale)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for locale, data in report["locales"].items():
        counts = data["summary"]
        print(f"{locale}: {counts['current']} current, {counts['outdated']} outdated, {counts['missing']} missing")
        for item in data["items"]:
            if item["state"] != "current":
                print(_item_line(item))
        pages = data.get("pages")
        if pages and pages["items"]:
            counts = pages["summary"]
            print(f"{locale} docs pages: {counts['current']} current, {counts['outdated']} outdated, {counts['missing']} missing")
            for item in pages["items"]:
                if item["state"] != "current":
                    print(_item_line(item))
        for message in data.get("catalog_missing", []):
            print(f"  missing   catalog message '{escape(message)}' (falls back to English)")
    return 0


def _item_line(item: dict) -> str:
    """`  outdated  findings/2018/x.fr.md  (Title; unstamped)`: one line of `d5site translations`."""
    why = f"; {item['reason']}" if item.get("reason") else ""
    return f"  {item['state']:<9} {escape(item['path'])}  ({escape(item['title'])}{why})"


def _stamp(loaded, paths: list[str]) -> int:
    from d5site.core.kit import record_document
    from d5site.core.model import Document
    from d5site.core.translations import LINK_NOT_STAMPED, StampError, docs_pages, translation_path, write_stamp

    site = loaded.site
    by_path: dict[str, str] = {}
    """translation path -> digest of its source as it is now (findings, revisions, overviews, docs/ pages)."""
    sources: dict[str, Document] = {}
    """translation path -> its source document (whose text the stamp store keeps, for `translations diff`)."""
    for document in loaded.content.documents():
        for locale in site.locales[1:]:
            by_path[translation_path(document.path, locale)] = document.digest()
            sources[translation_path(document.path, locale)] = document
    pages: set[str] = set()
    """Translations of docs/ pages, whose front matter MkDocs reads."""
    for page in docs_pages(site):
        for locale in site.locales[1:]:
            by_path[page.translation_path(locale)] = page.digest
            pages.add(page.translation_path(locale))
    targets: list[Path] = []
    errors: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_dir():  # symbolic links inside it are not followed (os.walk), and refused below if they are translations
            targets.extend(sorted(p for p in _files_in(path) if site.rel(p) in by_path))
        else:  # the folders leading to it resolved, not the file itself: a link is refused, not written through
            targets.append(Path(raw).absolute().parent.resolve() / Path(raw).name)
    stamped = 0
    broken = {d.path for d in loaded.diagnostics}
    for path in targets:
        rel = site.rel(path)
        if not path.is_relative_to(site.root):
            errors.append(Diagnostic(rel, 0, "outside the site's folder: not stamped"))
        elif path.is_symlink():
            errors.append(Diagnostic(rel, 0, LINK_NOT_STAMPED))
        elif not path.is_file():
            errors.append(Diagnostic(rel, 0, "no such file"))
        elif rel not in by_path:
            errors.append(Diagnostic(rel, 0, "not a translation of a known source (expected <source>.<locale>.md beside a valid source)"))
        elif rel in broken:
            errors.append(Diagnostic(rel, 0, "has errors; fix them (d5site check) before stamping"))
        else:
            try:
                write_stamp(path, by_path[rel], docs_page=rel in pages)
            except StampError as exc:
                errors.append(Diagnostic(rel, exc.line, exc.message))
                continue
            if rel in sources:
                try:
                    record_document(site.root, sources[rel])
                except OSError as exc:
                    reason = exc.strerror or type(exc).__name__
                    errors.append(Diagnostic(".d5site/stamps", 0, f"cannot record the source of {rel} (for `translations diff`): {reason}"))
            print(f"stamped {escape(rel)}")
            stamped += 1
    _print_diagnostics(errors)
    return 1 if errors else 0


def _files_in(folder: Path) -> list[Path]:
    """The `.md` files (symbolic links included, not followed) below `folder`, never through a linked folder."""
    found = []
    for parent, _dirs, names in os.walk(folder):  # followlinks=False: a linked folder is listed, never entered
        found.extend(Path(parent) / name for name in names if name.endswith(".md"))
    return found


def cmd_new(args: argparse.Namespace) -> int:
    """`d5site new finding|revision|statement`."""
    from d5site.cli import scaffold

    loaded = _load(args)
    if args.what == "finding":
        path = scaffold.new_finding(loaded, args.year, args.id, args.member, args.principle, args.title)
    elif args.what == "statement":
        path = scaffold.new_statement(loaded, args.code, args.date, args.title)
        member = loaded.content.members.get(args.code)
        if member is None or member.accession is None or not member.accession.statement:
            print(f"note: name it in members.yml: {args.code}: accession: {{statement: {args.code}}}", file=sys.stderr)
    else:
        path = scaffold.new_revision(loaded, args.principle, args.year, args.title)
    print(f"created {loaded.site.rel(path)}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """`d5site build`: the site `mkdocs build` writes, with the locales built in parallel processes."""
    import time

    if args.jobs is not None and args.jobs < 1:
        print("d5site build: --jobs must be at least 1", file=sys.stderr)
        return 2
    config_file = getattr(args, "config", "mkdocs.yml")
    if not Path(config_file).is_file():
        print(f"{config_file}: no such file (run from the site's root or pass --config)", file=sys.stderr)
        return 1
    if args.engine == "zensical":
        from d5site.zensical.build import build_site  # no MkDocs: Zensical reads mkdocs.yml itself
    else:
        from d5site.mkdocs.parallel import build_site  # MkDocs only now: `check` never imports it

    start = time.perf_counter()
    outcome = build_site(config_file, site_dir=args.site_dir, jobs=args.jobs, strict=args.strict)
    for line in outcome.lines:
        print(line, file=sys.stderr)
    if outcome.status == 0:
        try:
            where = os.path.relpath(outcome.site_dir)
        except ValueError:  # another drive
            where = outcome.site_dir
        print(
            escape(f"d5site build: {', '.join(outcome.locales)} built into {where} in {time.perf_counter() - start:.1f} s"), file=sys.stderr
        )
    return outcome.status


def cmd_serve(args: argparse.Namespace) -> int:
    """`d5site serve`: `mkdocs serve`, with one locale (`--locale`) and d5site-aware `--dirty` rebuilds."""
    config_file = getattr(args, "config", "mkdocs.yml")
    if not Path(config_file).is_file():
        print(f"{config_file}: no such file (run from the site's root or pass --config)", file=sys.stderr)
        return 1
    from d5site.mkdocs.preview import serve  # MkDocs only now: `check` never imports it

    return serve(config_file, locale=args.locale, dirty=args.dirty, dev_addr=args.dev_addr, pdf=args.pdf)


def cmd_init(args: argparse.Namespace) -> int:
    """`d5site init [DIR]`: a new site that `mkdocs build --strict` and `d5site check` accept as written."""
    from d5site.cli.init import init_site

    folder = Path(args.folder)
    for rel in init_site(folder, args.name, args.locales):
        print(f"created {escape((folder / rel).as_posix())}")
    here = "" if args.folder == "." else f"cd {escape(args.folder)} && "
    print(f"next: {here}d5site check && d5site build --strict   (then replace the examples with your own)", file=sys.stderr)
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    """`d5site schemas [FOLDER]`: write the shipped JSON Schemas, for editors' YAML language servers."""
    import json

    from d5site.core.schema import SCHEMA_NAMES, load_schema

    folder = Path(args.folder)
    if folder.exists() and not folder.is_dir():
        print(escape(f"{args.folder}: exists and is not a folder; give a folder to write the schemas into"), file=sys.stderr)
        return 1
    for name in SCHEMA_NAMES:
        path = folder / f"{name}.schema.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(load_schema(name), indent=2, ensure_ascii=False) + "\n", "utf-8")
        except OSError as exc:
            print(escape(f"{path.as_posix()}: cannot write: {exc.strerror or type(exc).__name__}"), file=sys.stderr)
            return 1
        print(f"wrote {path.as_posix()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    handlers = {
        "check": cmd_check,
        "build": cmd_build,
        "serve": cmd_serve,
        "translations": cmd_translations,
        "new": cmd_new,
        "schemas": cmd_schemas,
        "init": cmd_init,
    }
    try:
        return handlers[args.command](args)
    except ContentError as exc:
        _print_diagnostics(exc.diagnostics, getattr(args, "format", "text") if args.command == "check" else "text")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stdout = open(os.devnull, "w")  # silence the flush at exit (the file stays open until then)
        return 0
    except Exception as exc:  # the promise is: never a traceback
        print(escape(f"d5site: internal error: {type(exc).__name__}: {exc} (please report this)"), file=sys.stderr)
        return 2


def main_exit() -> None:
    """Console-script entry point."""
    sys.exit(main())
