"""A generated page's `d5site:` front matter: its state, written so that any YAML reader reads it back exactly."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

FRONT_MATTER_KEY = "d5site"
"""The front matter key carrying a generated page's state (see d5site.compile.state); refused in docs/ pages."""

_NOT_PLAIN = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters a YAML reader takes as a line break or refuses unescaped (JSON escapes C0 controls itself)."""


def yaml_value(value: Any) -> str:
    """`value` (JSON data) as one line of YAML flow: JSON, with what YAML reads otherwise escaped as `\\uXXXX`.

    JSON is YAML here because every string is double-quoted and escaped: no
    character of a value (a line break, `#`, `: `, U+2028, a C1 control) can end
    it or be read as YAML syntax.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return _NOT_PLAIN.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def with_front_matter(markdown: str, entries: Mapping[str, Any], join: bool = True) -> str:
    """`markdown` with `entries` (key -> JSON data) in its front matter: added to a block it already starts with, or,
    with `join` false (it starts with none, only a line `---`: a rule, or a block that is no front matter), in a block
    of their own before it."""
    lines = "".join(f"{key}: {yaml_value(value)}\n" for key, value in entries.items())
    if join and markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return "---\n" + lines + "---\n" + markdown
