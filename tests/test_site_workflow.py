"""The GitHub Actions workflow for site repositories (.github/workflows/site.yml) and its guide (guide/publishing.md)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def load() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as true
    return workflow


def runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_pull_requests_are_checked_and_built_strictly() -> None:
    workflow = load()
    assert "pull_request" in workflow["on"]
    check = workflow["jobs"]["check"]
    assert "if" not in check
    commands = runs(check)
    assert "d5site check --format github" in commands
    assert any(re.fullmatch(r"mkdocs build --strict( .*)?", c) for c in commands)
    assert commands.index("d5site check --format github") < next(i for i, c in enumerate(commands) if c.startswith("mkdocs build"))
    assert workflow["env"]["NO_MKDOCS_2_WARNING"] == "1"
    assert workflow["permissions"] == {"contents": "read"}


def test_main_is_deployed_to_github_pages() -> None:
    workflow = load()
    assert workflow["on"]["push"]["branches"] == ["main"]
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    upload = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert "refs/heads/main" in upload["if"] and "pull_request" in upload["if"]
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "check"
    assert "refs/heads/main" in deploy["if"] and "pull_request" in deploy["if"]
    assert uses(deploy) == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_the_guide_shows_the_workflow_as_it_is() -> None:
    guide = (REPO / "guide" / "publishing.md").read_text("utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", guide, flags=re.S | re.M)
    assert WORKFLOW.read_text("utf-8") in blocks


def test_pull_requests_list_the_translations_they_make_outdated_with_the_history_it_needs() -> None:
    check = load()["jobs"]["check"]
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    step = next(s for s in check["steps"] if "--changed-since" in s.get("run", ""))
    assert step["if"] == "github.event_name == 'pull_request'"
    assert step["run"] == 'd5site translations --changed-since "origin/$BASE" --format github'
    assert step["env"]["BASE"] == "${{ github.base_ref }}"  # never ${{ }} inside the script itself
