"""JSON Schema generated from the models: current, usable by editors, and named by the data files."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from kpi.files.inputs import InputKind
from kpi.files.schemas import SCHEMAS, schema_text
from kpi.files.yamlsource import read_yaml
from tests.support import REPO, SHIPPED_DATA, kpi


def as_json_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: as_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_value(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_committed_schemas_are_current() -> None:
    for name, model in SCHEMAS.items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert committed == schema_text(model), f"schemas/{name} is stale: run `kpi schema`"


def test_schema_check_flags_a_stale_file(tmp_path: Path) -> None:
    assert kpi(None, "schema", "-o", str(tmp_path)).exit_code == 0
    assert kpi(None, "schema", "-o", str(tmp_path), "--check").exit_code == 0
    (tmp_path / "plan.schema.json").write_text("{}", encoding="utf-8")
    result = kpi(None, "schema", "-o", str(tmp_path), "--check")
    assert result.exit_code == 1
    assert "plan.schema.json is stale" in result.output


def test_schema_into_a_file_is_refused_in_the_runs_words(tmp_path: Path) -> None:
    """-o names a folder: a file there is refused in words, the operating system's English left out."""
    in_the_way = tmp_path / "plan2018.yaml"
    in_the_way.write_text("plan: {}\n", encoding="utf-8")
    result = kpi(None, "schema", "-o", str(in_the_way), lang="vi")
    assert result.exit_code == 2
    assert "đã có một tệp cùng tên; đã ghi 0/4 tệp schema" in result.stderr
    assert "File exists" not in result.stderr
    assert in_the_way.read_text(encoding="utf-8") == "plan: {}\n"


@pytest.mark.slow
def test_shipped_catalogue_validates_against_its_schema() -> None:
    schema = json.loads((REPO / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
    data = as_json_value(read_yaml(SHIPPED_DATA / "plan2018.yaml", InputKind.CATALOGUE).data)
    jsonschema.validate(data, schema)
    data["indicators"][0]["tagret"] = 1
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "tagret" in exc.message
    else:
        raise AssertionError("the schema accepted an unknown field")


def test_data_file_names_its_schema_for_editors() -> None:
    first = (SHIPPED_DATA / "plan2018.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert first == "# yaml-language-server: $schema=../schemas/plan.schema.json"
    assert (SHIPPED_DATA / first.split("=")[1]).resolve() == (REPO / "schemas" / "plan.schema.json")


def test_an_approvals_file_written_by_kpi_validates_against_the_schema_it_names(minimal_data: Path) -> None:
    assert kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "5").exit_code == 0
    for args in (["approve", "2018-Q2", "--by", "An"], ["reopen", "2018-Q2", "--reason", "typo", "--by", "An"]):
        assert kpi(minimal_data, *args).exit_code == 0
    path = minimal_data / "approvals.yaml"
    first = path.read_text(encoding="utf-8").split("\n")[0]
    assert first == "# yaml-language-server: $schema=../schemas/approvals.schema.json"
    schema = json.loads((REPO / "schemas" / "approvals.schema.json").read_text(encoding="utf-8"))
    data = as_json_value(read_yaml(path, InputKind.CATALOGUE).data)
    jsonschema.validate(data, schema)
    data["events"][1].pop("reason")
    data["events"][0]["action"] = "approved"
    errors = sorted(error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert any("'approved' is not one of ['approve', 'reopen']" in message for message in errors), errors
