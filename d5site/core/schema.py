"""JSON Schemas shipped with d5site, and their errors as located, readable diagnostics."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from d5site.core.diagnostics import Diagnostic
from d5site.core.source import LineDict, LineList, to_json_compatible

ONE_LINE = "^[^\\t\\n\\r\\u000b\\u000c\\u0085\\u2028\\u2029]*$"
"""The `pattern` of one-line text (titles): no line break of any kind and no tab, as JSON Schema writes it."""
SCHEMA_NAMES = ("finding", "revision", "overview", "translation", "members", "editions", "themes", "statement")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (one of SCHEMA_NAMES) as shipped in the package."""
    text = resources.files("d5site.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


_ECMA_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_ECMA_ESCAPES = {"d": ("[0-9]", "0-9"), "s": (f"[{_ECMA_SPACE}]", _ECMA_SPACE)}
"""ECMA-262 class escapes that mean something else in Python: (outside a class, inside one)."""


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` (ECMA-262) as a Python regex with the same meaning.

    In ECMA-262 `$` matches only at the very end of the text; in Python it also
    matches before a final newline, which would let `gb\\n` pass `^[a-z]{2}$`.
    Every `$` outside a character class becomes `\\Z`.
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:  # ECMA-262's d and s escapes, not Python's Unicode ones
            out[-1] = _ECMA_ESCAPES.get(char, ("\\" + char, "\\" + char))[1 if in_class else 0]
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif in_class:
            out.append(char)
            in_class = char != "]"
        elif char == "[":
            out.append(char)
            in_class = True
        elif char == "$":
            out.append(r"\Z")
        else:
            out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterator[jsonschema.ValidationError]:
    """JSON Schema's `pattern` keyword with ECMA-262's `$` (see ecma_pattern)."""
    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator(name: str, kind: str | None = None) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    if kind is not None:
        schema = schema["$defs"][kind]
    cls = jsonschema.validators.extend(jsonschema.validators.validator_for(schema), {"pattern": _pattern})
    return cls(schema)


def _line(data: Any, path: list[Any]) -> int:
    """The line of the deepest element of `path` inside `data`."""
    line = getattr(data, "line", 0)
    node = data
    for element in path:
        if isinstance(node, LineDict):
            key = element
            if key not in node and isinstance(key, str) and key.isdigit() and int(key) in node:
                key = int(key)
            line = node.line_of(key)
            node = node.get(key)
        elif isinstance(node, LineList) and isinstance(element, int):
            line = node.line_of(element)
            node = node[element] if element < len(node) else None
        else:
            break
    return line


def _where(path: list[Any]) -> str:
    text = ""
    for element in path:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else str(element))
    return text


_TYPES = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number", "boolean": "true or false"}


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_PATTERN_MESSAGES: tuple[tuple[str, str], ...] = (
    ("^[a-z0-9]+(-", "is not a valid id (lower-case letters and digits, joined by single hyphens)"),
    ("^https?", "is not allowed: links must be http:// or https:// URLs"),
    ("^\\d{4}-", "is not a date (YYYY-MM-DD)"),
    ("^[a-z]{2}$", "is not a member code (two lower-case letters, ISO 3166-1)"),
    ("^sha256", "is not a stamp; run `d5site translations stamp` to write one"),
    ("^[0-9]{4}$", "is not a four-digit year"),
    ("^[a-z]{2,3}", "is not a locale code"),
)
"""What a value that fails a schema `pattern` is not, by the pattern's start."""


def _pattern_message(what: str, value: Any, pattern: str) -> str:
    if pattern == ONE_LINE:
        return f"{what} must be one line (no line breaks or tabs)"
    hint = ""
    if isinstance(value, str) and value != value.lower() and ecma_pattern(pattern).search(value.lower()):
        hint = f" (did you mean '{value.lower()}'?)"  # codes and ids are lower case: 'GB' -> 'gb'
    for start, problem in _PATTERN_MESSAGES:
        if pattern.startswith(start):
            return f"{what}: '{value}' {problem}{hint}"
    return f"{what}: '{value}' is not in the expected form{hint}"


def _message(error: jsonschema.ValidationError) -> tuple[str, list[Any]]:
    """A readable message for one schema error, and the path it concerns."""
    path = list(error.absolute_path)
    what = _where(path) or "front matter"
    validator, value = error.validator, error.instance
    if validator == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return f"missing required key '{missing[0]}'", path
    if validator == "additionalProperties":
        return _unknown_keys(error)[0]
    if validator == "type":
        expected = error.validator_value
        name = _TYPES.get(expected, expected) if isinstance(expected, str) else " or ".join(expected)
        return f"{what} must be {name}, not {_type_name(value)}", path
    if validator == "pattern":
        return _pattern_message(what, value, error.validator_value), path
    if validator == "enum":
        return f"{what}: '{value}' is not one of: {', '.join(str(v) for v in error.validator_value)}", path
    if validator == "minItems":
        return f"{what} must list at least one item", path
    if validator == "uniqueItems":
        return f"{what} lists the same item twice", path
    if validator == "minLength":
        return f"{what} must not be empty", path
    if validator == "maxLength":
        return f"{what}: '{value}' is longer than {error.validator_value} characters", path
    if validator in ("minimum", "maximum"):
        return f"{what}: {value} is not a four-digit year", path
    return f"{what}: {error.message}", path


def _unknown_keys(error: jsonschema.ValidationError) -> list[tuple[str, list[Any]]]:
    """One message (and path) per unknown key of an `additionalProperties` error.

    jsonschema reports every unknown key of a mapping in a single error; each
    one is a separate typo to fix, on its own line.
    """
    path = list(error.absolute_path)
    allowed = sorted(error.schema.get("properties", {}))
    where = f" in {_where(path)}" if path else ""
    result = []
    for key in (k for k in error.instance if k not in allowed):
        hint = difflib.get_close_matches(str(key), allowed, n=1)
        text = f"unknown key '{key}'{where}"
        text += f" (did you mean '{hint[0]}'?)" if hint else f" (allowed: {', '.join(allowed)})"
        result.append((text, path + [key]))
    return result


def _is_key_error(error: jsonschema.ValidationError) -> bool:
    """Whether an error concerns a mapping key (raised under `propertyNames`), not a value.

    jsonschema reports such errors with the key as instance, the keyword that
    failed (e.g. `pattern`) as validator and the mapping's path as path.
    """
    schema_path = list(error.absolute_schema_path)
    return len(schema_path) >= 2 and schema_path[-2] == "propertyNames"


def _key_line(data: Any, path: list[Any], key: Any) -> int:
    """The line of `key` itself in the mapping at `path` (its value may start on the next line)."""
    node = data
    for element in path:
        if isinstance(node, LineDict):
            if element not in node and isinstance(element, str) and element.isdigit() and int(element) in node:
                element = int(element)
            node = node.get(element)
        elif isinstance(node, LineList) and isinstance(element, int) and element < len(node):
            node = node[element]
        else:
            return _line(data, path)
    if isinstance(node, LineDict):
        for candidate in (key, int(key) if isinstance(key, str) and key.isdigit() else None):
            if candidate in node.key_lines:
                return node.key_lines[candidate]
    return _line(data, path)


def _key_message(error: jsonschema.ValidationError) -> str:
    """A readable message for a key that is not in the expected form."""
    path = list(error.absolute_path)
    what = f"key in {_where(path)}" if path else "key"
    if error.validator == "pattern":
        return _pattern_message(what, error.instance, error.validator_value)
    return f"{what}: '{error.instance}': {error.message}"


def check(name: str, data: Any, rel: str, kind: str | None = None) -> list[Diagnostic]:
    """Validate parsed YAML `data` against schema `name` (or one of its `$defs`)."""
    validator = _validator(name, kind)
    diagnostics = []
    for error in validator.iter_errors(to_json_compatible(data)):
        if _is_key_error(error):
            path = list(error.absolute_path)
            diagnostics.append(Diagnostic(rel, _key_line(data, path, error.instance), _key_message(error)))
            continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            for message, path in _unknown_keys(error):
                diagnostics.append(Diagnostic(rel, _line(data, path), message))
            continue
        message, path = _message(error)
        diagnostics.append(Diagnostic(rel, _line(data, path), message))
    return sorted(set(diagnostics))
