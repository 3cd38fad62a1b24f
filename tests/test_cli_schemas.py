"""`d5site schemas`: the shipped JSON Schemas, written out for editors, are valid and match real files."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from d5site.cli.main import main
from d5site.core.schema import SCHEMA_NAMES
from d5site.core.source import to_json_compatible

ROOT = Path(__file__).resolve().parent.parent


def test_schemas_are_written_and_valid(tmp_path: Path, capsys) -> None:
    assert main(["schemas", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"{name}.schema.json" for name in SCHEMA_NAMES)
    for path in (tmp_path / "out").iterdir():
        schema = json.loads(path.read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["title"] and schema["description"]
    assert "wrote" in capsys.readouterr().out


def test_example_registries_validate_against_the_written_schemas(tmp_path: Path) -> None:
    main(["schemas", str(tmp_path)])
    for name in ("members", "editions", "themes"):
        schema = json.loads((tmp_path / f"{name}.schema.json").read_text("utf-8"))
        data = to_json_compatible(yaml.safe_load((ROOT / "charter" / f"{name}.yml").read_text("utf-8")))
        jsonschema.validate(data, schema)


def test_a_typo_in_members_is_caught_by_the_editor_schema(tmp_path: Path) -> None:
    main(["schemas", str(tmp_path)])
    schema = json.loads((tmp_path / "members.schema.json").read_text("utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"gb": {"joined": 2014, "joind": 2014}}))
    assert errors and "joind" in errors[0].message
