"""`d5site translations export|import|diff` and `--changed-since`: the translator's commands, wired to core/kit.py."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from d5site.core import kit as kits, kitnames, po, xliff
from d5site.core.diagnostics import Diagnostic, escape
from d5site.core.model import Document
from d5site.core.site import Loaded, load
from d5site.core.source import read_bytes
from d5site.core.stampstore import write_atomic

MAX_KIT_SIZE = 64 * 1024 * 1024
"""The largest kit read (a whole site's text in XLIFF is a few MB)."""


def _print(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in sorted(diagnostics):
        print(diagnostic.text())


def _translated_locale(loaded: Loaded, locale: str) -> str | None:
    """Why `locale` cannot be a kit's target locale, or None."""
    site = loaded.site
    if locale == site.default_locale:
        return f"'{locale}' is the source language (the default locale): choose a locale to translate into"
    if locale not in site.locales:
        return f"unknown locale '{locale}' (configured: {', '.join(site.locales)})"
    return None


def _configured(locales: list[str], tag: str) -> str:
    """A kit's language tag as the site names it: CAT tools often write a region (`fr-FR`, `fr_FR`) the site has not."""
    if tag in locales:
        return tag
    base = re.split(r"[-_]", tag, maxsplit=1)[0]
    return base if base in locales and base.lower() == tag[: len(base)].lower() else tag


def export(loaded: Loaded, locale: str, fmt: str, everything: bool, output: str | None) -> int:
    """Write the kit of what needs work in `locale` to `output` (or standard output)."""
    problem = _translated_locale(loaded, locale)
    if problem:
        print(escape(f"d5site: {problem}"), file=sys.stderr)
        return 2
    if loaded.diagnostics:
        _print(loaded.diagnostics)
        print("fix these errors first (d5site check)", file=sys.stderr)
        return 1
    kit = kits.build_kit(loaded.content, loaded.site.root, locale, everything=everything)
    labels = kitnames.build_names(loaded.site, loaded.content, kit, everything=everything)
    if labels:
        print(escape(f"note: {labels} labels of the generated pages are not translated into {locale}; to translate them in kits, "
                     "set `catalogs_dir: catalogs` under `- d5site:` in mkdocs.yml"), file=sys.stderr)
    data = (po.dump if fmt == "po" else xliff.dump)(kit)
    units = sum(len(f.units) for f in kit.files)
    review = sum(u.review for f in kit.files for u in f.units)
    if output:
        try:
            write_atomic(Path(output), data)
        except OSError as exc:
            print(escape(f"{output}: cannot write: {exc.strerror or type(exc).__name__}"), file=sys.stderr)
            return 1
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    where = f" -> {output}" if output else ""
    print(escape(f"kit for {locale}: {len(kit.files)} files, {units} units ({review} to review){where}"), file=sys.stderr)
    return 0


def read_kit(path: str) -> kits.Kit:
    """A kit file read as XLIFF or PO (by its content); KitError says why not."""
    data, problem = read_bytes(Path(path), path, MAX_KIT_SIZE)
    if data is None:
        raise kits.KitError(problem.message if problem else "cannot read file")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5]
    return xliff.load(data) if head.startswith(b"<") else po.load(data)


def import_(loaded: Loaded, paths: list[str]) -> int:
    """Write, stamp and validate the translations of each kit; per translation file all or nothing."""
    site = loaded.site
    errors: list[Diagnostic] = []
    for name in paths:
        try:
            kit = read_kit(name)
        except kits.KitError as exc:
            errors.append(Diagnostic(name, exc.line, exc.message))
            continue
        kit.target_locale = _configured(site.locales, kit.target_locale)
        kit.source_locale = _configured(site.locales, kit.source_locale)
        problem = _translated_locale(loaded, kit.target_locale)
        if problem or kit.source_locale not in ("", site.default_locale):
            if problem:
                message = f"target language: {problem}"
            else:
                message = f"source language '{kit.source_locale}' is not this site's ({site.default_locale})"
            errors.append(Diagnostic(name, 0, message))
            continue
        plans = kits.prepare(loaded.content, site.root, kit, name, kitnames.planner(site, loaded.content, kit, name))
        before = kits.write_plans(plans)
        if before:
            after = load(site)
            bad = {d.path for d in after.diagnostics}
            for outcome, path, _text, _document in plans:
                if outcome.written and outcome.path in bad:
                    kits.restore(path, before[path])
                    outcome.written = outcome.stamped = False
                    outcome.errors.extend(d for d in after.diagnostics if d.path == outcome.path)
                    message = f"not imported from {name}: the translation would have these errors; the file is as it was"
                    outcome.errors.append(Diagnostic(outcome.path, 0, message))
            kits.record_sources(site.root, plans)
            loaded = load(site)
        for outcome, _path, _text, document in plans:
            errors.extend(outcome.errors)
            if not outcome.written:
                continue
            if document is None:
                state = f"{outcome.names} name(s) or label(s)" + (f"; {outcome.left} still to translate or review" if outcome.left else "")
            else:
                state = "stamped (current)" if outcome.stamped else f"not stamped: {outcome.left} unit(s) still to translate or review"
            print(escape(f"wrote {outcome.path}: {state}"))
    _print(errors)
    return 1 if errors else 0


def _document_of(loaded: Loaded, rel: str) -> tuple[Document, str] | None:
    """The source document whose translation is at `rel`, and the locale of that translation."""
    from d5site.core.translations import translation_path

    for document in loaded.content.documents():
        for locale in loaded.site.locales[1:]:
            if translation_path(document.path, locale) == rel:
                return document, locale
    return None


def diff(loaded: Loaded, path: str) -> int:
    """`translations diff PATH`: what changed in the source since the translation's stamp, as a word diff."""
    from d5site.core.stampstore import STORE_DIR, lookup

    site = loaded.site
    rel = site.rel(Path(path).absolute())
    found = _document_of(loaded, rel)
    if found is None:
        message = f"{rel}: not a translation of a finding, year overview, principle revision or statement of this site"
        print(escape(message), file=sys.stderr)
        return 1
    document, locale = found
    translation = document.translations.get(locale)
    if translation is None:
        known = {d.path for d in loaded.diagnostics}
        why = "has errors (d5site check)" if rel in known else f"does not exist: the whole of {document.path} needs translating"
        print(escape(f"{rel}: {why}"), file=sys.stderr)
        return 1
    if translation.stamp is None:
        print(escape(f"{rel}: never stamped, so no earlier source is recorded: compare it with the whole of {document.path}"))
        return 0
    if translation.stamp == document.digest():
        print(escape(f"{rel}: current: {document.path} has not changed since the stamp"))
        return 0
    old = lookup(site.root, translation.stamp)
    if old is None:
        print(escape(f"{rel}: outdated, but no earlier source is recorded for its stamp {translation.stamp} "
                     f"(stamped before d5site kept sources in {STORE_DIR}/): compare it with {document.path}, "
                     f"or use git's history (git log -p {document.path})"))
        return 0
    print(escape(f"{rel}: {document.path} changed since the stamp ([-deleted-] {{+inserted+}}):"))
    for what, change in kits.changes(document, old):
        print(escape(f"  {what}: {change}"))
    return 0


class GitError(Exception):
    """git is missing, the site is not in a repository, or a revision is unknown."""


def _git(root: Path, *args: str) -> str:
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8", errors="replace", check=False
        )
    except OSError:
        raise GitError("git is not installed (or not on PATH): --changed-since compares with git history") from None
    if result.returncode != 0:
        raise GitError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"git {args[0]} failed")
    return result.stdout


_HUNK = re.compile(r"^@@ -[0-9]+(?:,[0-9]+)? \+([0-9]+)(?:,([0-9]+))? @@", re.MULTILINE)


def changed_since(loaded: Loaded, ref: str, fmt: str, locales: list[str] | None = None) -> int:
    """`translations --changed-since REF`: the translations (into `locales`, else any) that the change since REF makes outdated.

    They are reported on the source lines that changed.
    """
    root = loaded.site.root
    try:
        _git(root, "rev-parse", "--git-dir")
    except GitError as exc:
        print(escape(f"d5site: --changed-since {ref}: the site is not in a git repository ({exc})"), file=sys.stderr)
        return 2
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
    except GitError:
        print(escape(f"d5site: --changed-since {ref}: no such commit in this clone; fetch it (git fetch origin {ref}), "
                     "or check out with the history it needs (actions/checkout with fetch-depth: 0)"), file=sys.stderr)
        return 2
    try:
        base = _git(root, "merge-base", commit, "HEAD").strip() or commit
    except GitError:
        base = commit
    prefix = _git(root, "rev-parse", "--show-prefix").strip()
    changed = set(_git(root, "diff", "--name-only", "-z", "--relative", base, "--").split("\0")) - {""}
    diagnostics: list[Diagnostic] = []
    count = 0
    for document in loaded.content.documents():
        if document.path not in changed:
            continue
        try:
            old_text = _git(root, "show", f"{base}:./{document.path}")
        except GitError:
            continue  # a new source: its translations were missing before, not made outdated
        old = kits.digest_of_version(document, old_text)
        if old is None or old == document.digest():
            continue  # only structural keys changed (or the old version did not parse)
        made = sorted(t.path for t in document.translations.values() if t.stamp == old and (not locales or t.locale in locales))
        if not made:
            continue
        count += len(made)
        diff = _git(root, "diff", "-U0", base, "--", document.path)
        hunks = [(int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)) for m in _HUNK.finditer(diff)]
        message = (f"this change makes {len(made)} translation{'s' if len(made) != 1 else ''} outdated: {', '.join(made)} "
                   f"(see d5site translations diff {made[0]})")
        where = prefix + document.path if fmt == "github" else document.path
        relevant = [hunk for hunk in hunks if kits.touches_text(document, *hunk)]
        for start, _length in relevant or hunks[:1] or [(1, 1)]:
            diagnostics.append(Diagnostic(where, max(start, 1), message, severity="warning"))
    for diagnostic in sorted(diagnostics):
        print(diagnostic.github() if fmt == "github" else diagnostic.text())
    print(escape(f"{count} translation{'s' if count != 1 else ''} made outdated since {ref}"), file=sys.stderr)
    return 0
