"""The stamp store: the source text each translation stamp was computed from, kept in `.d5site/stamps/<digest>.md`.

A stamp (`stamp: sha256:...` in a translation's front matter) is a digest of the
source's title, translatable fields and body. `stamp` and `translations import`
also record that text here, under the digest, so that `translations diff` can
show what changed in the source since the stamp without git history (a shallow
clone, a zip of the repository). The folder is meant to be committed; an entry
is only trusted when its text gives back its digest.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from d5site.core.model import content_digest
from d5site.core.source import parse_front_matter, read_text

STORE_DIR = ".d5site/stamps"
"""The store's folder, relative to the site root."""
_DIGEST = re.compile(r"sha256:([0-9a-f]{16})")


@dataclass(frozen=True)
class Recorded:
    """The source text a stamp was computed from."""

    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)


def entry_path(root: Path, digest: str) -> Path | None:
    """Where the store keeps the source of `digest` (None for what is not a digest)."""
    match = _DIGEST.fullmatch(digest)
    return root / STORE_DIR / f"{match.group(1)}.md" if match else None


def dump_markdown(meta: dict, body: str) -> str:
    """A Markdown file with `meta` as YAML front matter (quoted as YAML needs, by the YAML emitter) and `body`."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1 << 30)
    body = body.strip("\n")
    return f"---\n{front}---\n" + (f"{body}\n" if body else "")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` (text as UTF-8) at once: a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".d5site-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(temp, _mode_for(path))  # mkstemp makes it private: give it the mode the file has, or a new file's
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits of `path` if it exists, else those of a new file under the current umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def record(root: Path, digest: str, title: str, fields: dict[str, str], body: str) -> None:
    """Keep the source text of `digest` (nothing to do when it is kept already)."""
    path = entry_path(root, digest)
    if path is None or path.is_file():
        return
    write_atomic(path, dump_markdown({"title": title, "fields": dict(fields)} if fields else {"title": title}, body))


def lookup(root: Path, digest: str | None) -> Recorded | None:
    """The source text recorded for `digest`, or None when none is (or the entry does not give back its digest)."""
    path = entry_path(root, digest) if digest else None
    if path is None or path.is_symlink() or not path.is_file():
        return None
    text, problem = read_text(path, path.name)
    if text is None or problem is not None:
        return None
    doc, problems = parse_front_matter(text, path.name)
    if doc is None or problems:
        return None
    title, fields = doc.meta.get("title"), doc.meta.get("fields") or {}
    if not isinstance(title, str) or not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        return None
    fields = {str(k): v for k, v in fields.items()}
    if content_digest(title, fields, doc.body) != digest:
        return None
    return Recorded(title, doc.body, fields)
