"""Reading content files: strict UTF-8, YAML that keeps line numbers, front matter."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from d5site.core.diagnostics import Diagnostic

try:  # libyaml's parser is much faster; the constructor stays in Python.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


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


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader producing LineDict/LineList and refusing duplicate keys."""


_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise YamlError("a key must be a plain value", key_node.start_mark.line + 1) from None
        if key in result:
            raise YamlError(f"duplicate key '{key}'", key_node.start_mark.line + 1)
        try:
            result[key] = loader.construct_object(value_node, deep=True)
        except YamlError as exc:
            if value_node.tag == _TIMESTAMP_TAG and isinstance(value_node, yaml.ScalarNode):
                raise YamlError(f"{key}: {exc.message}", exc.line) from None  # name the key
            raise
        result.key_lines[key] = key_node.start_mark.line + 1
        result.lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A YAML date (2018-11-22) as a date; an impossible one (2018-02-30) as a located error."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise YamlError(f"'{node.value}' is not a calendar date ({exc})", node.start_mark.line + 1) from None


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(_TIMESTAMP_TAG, _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _describe(exc: yaml.YAMLError) -> tuple[str, int]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else problem
    return f"invalid YAML: {message}", line


def load_yaml(text: str) -> Any:
    """Parse one YAML document, keeping lines; raise YamlError on any problem."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except YamlError:
        raise
    except yaml.YAMLError as exc:
        message, line = _describe(exc)
        raise YamlError(message, line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an impossible date
        raise YamlError(f"invalid YAML value: {exc}", 0) from None


def read_text(path: Path, rel: str) -> tuple[str | None, Diagnostic | None]:
    """Read a UTF-8 file (BOM ignored, CRLF accepted) as text with LF line ends."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, Diagnostic(rel, 0, f"cannot read file: {exc.strerror or exc}")
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
