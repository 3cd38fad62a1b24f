"""Reading content files: strict UTF-8, YAML that keeps line numbers, front matter."""

from __future__ import annotations

import bisect
import datetime as _dt
import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from d5site.core.diagnostics import Diagnostic

try:  # libyaml's parser is much faster; d5site builds values from its events itself.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class LineDict(dict):
    """A mapping that remembers the line of each key's value (1-based)."""

    line: int = 0
    lines: dict[Any, int]
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The line of `key`'s value, or the mapping's own line."""
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the line of each item (1-based)."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        """The line of item `index`, or the sequence's own line."""
        if 0 <= index < len(self.lines):
            return self.lines[index]
        return self.line


class YamlError(Exception):
    """A YAML document that cannot be read; `line` is relative to the document."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


MAX_DEPTH = 32
"""Deepest nesting of mappings and lists a data file may have (d5site's own files need 4)."""

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_TIMESTAMP = re.compile(
    r"[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
    r"(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?"
)


class _Lines:
    """Line numbers from character offsets, counting only LF as a line break.

    YAML parsers also count NEL, U+2028 and U+2029 as line breaks; an editor,
    `git diff` and d5site's messages do not.
    """

    def __init__(self, text: str):
        self.text = text
        self.starts = [0]
        start = text.find("\n")
        while start != -1:
            self.starts.append(start + 1)
            start = text.find("\n", start + 1)

    def line(self, mark: Any) -> int:
        """The 1-based line of a YAML mark (its character index)."""
        if mark is None:
            return 0
        return bisect.bisect_right(self.starts, mark.index)


def _scalar(value: str, line: int) -> Any:
    """The value of a plain scalar, as YAML 1.2's core schema reads it (plus dates).

    `no`, `yes`, `on`, `off` are text (Norway is `no`); quoted and block
    scalars are always text and never come here.
    """
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    try:
        if _INT.fullmatch(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)
        if _FLOAT.fullmatch(value):
            special = value.lstrip("+-").lower()
            if special in (".inf", ".nan"):
                return float(("-" if value.startswith("-") else "") + special[1:])
            return float(value)
    except ValueError:
        raise YamlError(f"'{value[:20]}...' is too large a number", line) from None
    if _TIMESTAMP.fullmatch(value):
        node = yaml.ScalarNode(_TIMESTAMP_TAG, value)
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise YamlError(f"'{value}' is not a calendar date ({exc})", line) from None
    return value


NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters no text of a content or data file may hold: C0 and C1 controls other than tab and line breaks
(DEL too), and the bidirectional embedding, override and isolate controls. YAML escapes (`"\\x1b"`, `"\\0"`)
write them; they would reach pages, `<title>`, feeds and CSV. The bidi marks U+200E and U+200F stay allowed."""


def text_problem(value: str) -> str | None:
    """Why `value` is not text (see NOT_TEXT), naming the character by its code point; None if it is."""
    found = NOT_TEXT.search(value)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char >= "\u202a":
        return (f"bidirectional control {code} is not allowed: it would reorder the text around it on every page "
                "(the marks U+200E and U+200F are allowed)")
    return f"control character {code} is not allowed in text (a YAML escape such as \\x1b or \\0 writes one): remove it"


_OTHER_BREAKS = re.compile("[\r\x85\u2028\u2029]")
_PLAIN_START = frozenset("0123456789+-.~nNtTfF")
"""First characters of a plain scalar that may be something other than text."""


def load_yaml(text: str, text_only: bool = True) -> Any:
    """Parse one YAML document as data, keeping lines; raise YamlError on any problem.

    With `text_only` (d5site's own files), a key or value holding a character that
    is not text (NOT_TEXT) is a problem too; a docs/ page's front matter is MkDocs'.

    Data means: no anchors or aliases (a "billion laughs" document is refused at
    its first anchor, before anything is expanded), no tags, no duplicate keys
    (`2016` and `"2016"` are the same key), keys are text, at most MAX_DEPTH
    levels of nesting. The document is read as a stream of parser events, so
    no Python recursion is involved whatever its depth.
    """
    lines = _Lines(text) if _OTHER_BREAKS.search(text) else None  # else the parser's own lines are right
    parser = _BaseLoader(text)
    get_event = parser.get_event
    stack: list[tuple[Any, bool, Any]] = []
    """Enclosing collections: (collection, is a mapping, its pending key)."""
    top: Any = None
    is_map = False
    key: Any = _NO_KEY
    root: Any = None
    documents = 0
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _SCALAR or cls is _MAPPING_START or cls is _SEQUENCE_START:
                mark = event.start_mark
                line = mark.line + 1 if lines is None else lines.line(mark)
                if event.anchor is not None:
                    raise YamlError(f"anchors (&{event.anchor}) are not allowed: write each value out", line)
                if event.tag is not None:
                    shown = event.tag.replace("tag:yaml.org,2002:", "!!")
                    raise YamlError(f"tags ({shown}) are not allowed: write a plain value", line)
                if cls is _SCALAR:
                    if text_only and NOT_TEXT.search(event.value):
                        where = f"{key}: " if is_map and key is not _NO_KEY else (f"key '{event.value[:60]}': " if is_map else "")
                        raise YamlError(f"{where}{text_problem(event.value)}", line)
                    if is_map and key is _NO_KEY:  # keys are text: `2018` and "2018" are one key, `no` is Norway
                        key = event.value
                        if key in top.key_lines:
                            raise YamlError(f"duplicate key '{key}' (first on line {top.key_lines[key]})", line)
                        top.key_lines[key] = line
                        continue
                    value = event.value
                    if not event.style and (not value or value[0] in _PLAIN_START):
                        try:
                            value = _scalar(value, line)
                        except YamlError as exc:
                            if is_map:
                                raise YamlError(f"{key}: {exc.message}", exc.line) from None  # name the key
                            raise
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", line)
                    if is_map and key is _NO_KEY:
                        raise YamlError("a key must be a plain value", line)
                    stack.append((top, is_map, key))
                    if cls is _MAPPING_START:
                        top = LineDict()
                        top.lines, top.key_lines = {}, {}
                        is_map, key = True, _NO_KEY
                    else:
                        top = LineList()
                        top.lines = []
                        is_map, key = False, None
                    top.line = line
                    continue
            elif cls is _MAPPING_END or cls is _SEQUENCE_END:
                value = top
                line = value.line
                top, is_map, key = stack.pop()
            elif cls is _ALIAS:
                line = event.start_mark.line + 1 if lines is None else lines.line(event.start_mark)
                raise YamlError(f"aliases (*{event.anchor}) are not allowed: write the value out", line)
            elif cls is _DOCUMENT_START:
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1 if lines is None else lines.line(event.start_mark)
                    raise YamlError("only one YAML document is allowed (a second starts here)", line)
                continue
            elif event is None or cls is _STREAM_END:
                break
            else:
                continue
            if top is None:
                root = value
            elif is_map:
                top[key] = value
                top.lines[key] = line
                key = _NO_KEY
            else:
                top.append(value)
                top.lines.append(line)
    except yaml.YAMLError as exc:
        message, line = _describe(exc, lines or _Lines(text))
        raise YamlError(message, line) from None
    finally:
        parser.dispose()
    return root


_SCALAR = yaml.ScalarEvent
_MAPPING_START, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_ALIAS, _DOCUMENT_START, _STREAM_END = yaml.AliasEvent, yaml.DocumentStartEvent, yaml.StreamEndEvent


@dataclass
class _Index:
    """A mark made from a character offset."""

    index: int


_NO_KEY = object()
"""Marks a mapping on the stack whose next scalar is a key."""


def _describe(exc: yaml.YAMLError, lines: _Lines) -> tuple[str, int]:
    if isinstance(exc, yaml.reader.ReaderError):
        return (
            f"invalid YAML: character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} is not allowed",
            lines.line(_Index(exc.position)),
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = lines.line(mark)
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else problem
    return f"invalid YAML: {message}{yaml_hint(exc, lines.text)}", line


def yaml_hint(exc: yaml.YAMLError, text: str) -> str:
    """What to do about the YAML errors newcomers meet most (an unquoted ' : ', a tab), to append to the parser's text."""
    problem = str(getattr(exc, "problem", None) or "")
    if "mapping values are not allowed" in problem:
        return "; a value holding ': ' must be quoted, as in title: \"2014 : Londres\""
    mark = getattr(exc, "problem_mark", None)
    found = text[mark.index] if mark is not None and 0 <= mark.index < len(text) else ""
    if "tab" in problem or found == "\t":
        return "; a tab cannot indent YAML: indent with spaces"
    return ""


MAX_FILE_SIZE = 5 * 1024 * 1024
"""Largest content file d5site reads (5 MB); a larger one is an error, not a read."""


def read_bytes(path: Path, rel: str, limit: int = MAX_FILE_SIZE) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file of at most `limit` bytes; anything else is a diagnostic, never a hang.

    The file is opened without blocking (a FIFO does not wait for a writer) and
    checked to be a regular file before anything is read (not a device such as
    /dev/zero, a FIFO or a socket); at most `limit` + 1 bytes are ever read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return None, Diagnostic(rel, 0, f"cannot read file: {os_reason(exc)}")
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        os.close(fd)
        return None, Diagnostic(rel, 0, f"cannot read file: {os_reason(exc)}")
    if not stat.S_ISREG(mode):  # checked before fdopen, which refuses a folder with an exception
        os.close(fd)
        return None, Diagnostic(rel, 0, "not a regular file (a folder, device, FIFO or socket): not read")
    with os.fdopen(fd, "rb", buffering=0) as handle:
        try:
            info = os.fstat(handle.fileno())
            if info.st_size > limit:
                return None, Diagnostic(rel, 0, f"file is larger than {limit // (1024 * 1024)} MB: not read")
            chunks, size = [], 0
            while size <= limit:
                chunk = handle.read(min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            return None, Diagnostic(rel, 0, f"cannot read file: {os_reason(exc)}")
    if size > limit:
        return None, Diagnostic(rel, 0, f"file is larger than {limit // (1024 * 1024)} MB: not read")
    return b"".join(chunks), None


def link_problem(path: Path, root: Path) -> str | None:
    """Why `path` must not be read or published, if it is (or passes through) a symbolic link that leaves
    `root` (the site root), loops or leads nowhere; None for anything else (a missing path included)."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        if os.path.islink(path):
            return "symbolic link to nothing (its target does not exist): not followed"
        return None
    real_root = Path(os.path.realpath(root))
    if target != real_root and not target.is_relative_to(real_root):
        return "symbolic link leading outside the site root: not followed, not published"
    return None


def os_reason(exc: OSError) -> str:
    """An OSError's reason without the path it names (the diagnostic names the file)."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return exc.strerror or type(exc).__name__


def read_text(path: Path, rel: str) -> tuple[str | None, Diagnostic | None]:
    """Read a UTF-8 file (BOM ignored, CRLF accepted) as text with LF line ends (see read_bytes for limits)."""
    raw, problem = read_bytes(path, rel)
    if raw is None:
        return None, problem
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, Diagnostic(rel, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


@dataclass
class FrontMatterDoc:
    """A Markdown file split into its front matter and body."""

    meta: LineDict
    body: str
    body_line: int
    """Line of the file on which the body starts."""


def parse_front_matter(text: str, rel: str) -> tuple[FrontMatterDoc | None, list[Diagnostic]]:
    """Split and parse a front-matter Markdown file, strictly.

    Front matter is required: it starts on the first line with `---` and ends
    with a line `---` (or `...`). Line numbers in the returned mapping are
    lines of the file.
    """
    if not text.strip():
        return None, [Diagnostic(rel, 1, "file is empty")]
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [Diagnostic(rel, 1, "missing front matter: the file must start with a line '---'")]
    end = None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    if end is None:
        return None, [Diagnostic(rel, 1, "front matter is not closed: add a line '---' after it")]
    yaml_text = "\n".join(lines[1:end])
    try:
        data = load_yaml(yaml_text)
    except YamlError as exc:
        line = min(exc.line + 1, end) if exc.line else 1
        return None, [Diagnostic(rel, line, exc.message)]
    if data is None:
        data = LineDict()
        data.line, data.lines, data.key_lines = 1, {}, {}
    if not isinstance(data, LineDict):
        return None, [Diagnostic(rel, 2, "front matter must be a mapping of keys to values")]
    _shift_lines(data, 1)
    body = "\n".join(lines[end + 1 :])
    return FrontMatterDoc(meta=data, body=body, body_line=end + 2), []


def _shift_lines(value: Any, offset: int) -> None:
    """Add `offset` to every line recorded in a parsed YAML tree."""
    if isinstance(value, LineDict):
        value.line += offset
        value.lines = {k: v + offset for k, v in value.lines.items()}
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, LineList):
        value.line += offset
        value.lines = [v + offset for v in value.lines]
        for item in value:
            _shift_lines(item, offset)


def to_json_compatible(value: Any) -> Any:
    """Dates to ISO strings, keys to strings where they are plain: for JSON Schema."""
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else str(k)): to_json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_compatible(v) for v in value]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return value
