"""Bad files get one clear line with file:line:col and an exit code, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kpi.cli import app
from tests.conftest import MINIMAL_CATALOGUE

runner = CliRunner()


def check_file(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["--data", str(path.parent), "check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("content", "exit_code", "expected"),
    [
        (b"plan: [unclosed\n", 2, "plan.yaml:2:1: error: yaml: did not find expected ',' or ']' (while parsing a flow sequence)"),
        (b"plan:\n\tnumber: 1\n", 2, "plan.yaml:2:1: error: yaml: a tab character; YAML indentation must use spaces"),
        (b"\xef\xbb\xbfplan: {}\n", 2, "plan.yaml:1:1: error: file: starts with a byte-order mark (BOM)"),
        (b"plan: {}\r\nowners: []\r\n", 2, "plan.yaml:1:1: error: file: has Windows (CRLF) or old Mac (CR) line endings"),
        (b"plan: {}\nowners: \xff\n", 2, "plan.yaml:2:9: error: file: is not valid UTF-8"),
        (b"plan: {}\nplan: {}\n", 1, "plan.yaml:2:1: error: plan: duplicate key 'plan'"),
        ("owners:\n  - code: QLCN\n    name_vi: Pho\u0300ng\n".encode(), 1,
         "plan.yaml:3:14: error: owners[QLCN].name_vi: text is not in Unicode NFC form"),
        (b"owners: !!python/object/apply:os.system ['echo pwned']\n", 1,
         "plan.yaml:1:9: error: owners: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed"),
        (b"plan:\n  period_start: 2.016\n", 1, "plan.yaml:2:17: error: plan.period_start: '2.016' reads as a decimal"),
    ],
    ids=["malformed", "tab", "bom", "crlf", "not-utf8", "duplicate-key", "not-nfc", "python-tag", "vn-thousands"],
)
def test_hostile_file(tmp_path: Path, content: bytes, exit_code: int, expected: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(content)
    code, output = check_file(path)
    assert code == exit_code
    assert expected in output


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output = check_file(path)
    assert code == 1
    assert "aliases are not allowed in data files" in output


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    code, output = check_file(path)
    assert code == 2
    assert "plan.yaml:1:1: error: file: is 52,428,800 bytes; data files are limited to" in output


def test_directory_where_a_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "data" / "plan2018.yaml").mkdir(parents=True)
    result = runner.invoke(app, ["--data", str(tmp_path / "data"), "check"])
    assert result.exit_code == 2
    assert "plan2018.yaml:1:1: error: file: is a directory, not a YAML file" in result.output


def test_wrong_types_are_reported_per_field(tmp_path: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("period_start: 2016", "period_start: soon").replace(
        "kind: milestone", "kind: someday")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = check_file(path)
    assert code == 1
    assert "plan.period_start: input should be a valid integer, unable to parse string as an integer (got 'soon')" in output
    assert "indicators[B.8].kind: input should be 'cumulative', 'annual'" in output


def test_missing_data_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kpi", "check"], cwd=tmp_path, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KPI_LANG": "en"})
    assert result.returncode == 2
    assert result.stderr.startswith("kpi: error: no data folder found in ")
    assert "Traceback" not in result.stderr
