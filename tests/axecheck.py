"""axe-core in a Playwright page: inject node_modules/axe-core, run it, describe its violations (tests/quality/)."""

from __future__ import annotations

import json

import pytest

from examplesite import NODE_MODULES

AXE = NODE_MODULES / "axe-core" / "axe.min.js"


def run_axe(page, tags: tuple[str, ...] | None = None, include: tuple[str, ...] | None = None) -> list[dict]:
    """axe.run on the loaded page (its default rules, or only those with one of `tags`; the whole document, or only
    the elements matching `include`); the violations."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run ./scripts/test, which installs it with npm ci", pytrace=False)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options: dict[str, object] = {"resultTypes": ["violations"]}
    if tags:
        options["runOnly"] = {"type": "tag", "values": list(tags)}
    context: object = {"include": [[selector] for selector in include]} if include else None
    result = page.evaluate("async ([context, options]) => await axe.run(context || document, options)", [context, options])
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more nodes")
    return "\n".join(lines)
