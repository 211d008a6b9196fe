"""Bad files get one clear line with file:line:col and an exit code, never a traceback."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kpi.ops.csv_entries import _SNIFFED_CHARACTERS
from tests.support import MINIMAL_CATALOGUE, kpi, kpi_process


def check_file(path: Path) -> tuple[int, str]:
    result = kpi(path.parent, "check", str(path))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("content", "exit_code", "expected"),
    [
        (
            b"plan: [unclosed\n",
            2,
            "plan.yaml:2:1: error: yaml: did not find expected ',' or ']' (while parsing a flow sequence)",
        ),
        (b"plan:\n\tnumber: 1\n", 2, "plan.yaml:2:1: error: yaml: a tab character; YAML indentation must use spaces"),
        # A BOM and CRLF line endings (Notepad, Git for Windows) are read; the plan's duplicate key is found.
        (b"\xef\xbb\xbfplan: {}\nplan: {}\n", 1, "plan.yaml:2:1: error: plan: duplicate key 'plan'"),
        (b"plan: {}\r\nplan: {}\r\n", 1, "plan.yaml:2:1: error: plan: duplicate key 'plan'"),
        (
            b"plan: {}\rowners: []\r",
            2,
            "plan.yaml:1:1: error: file: has old Mac (CR) line endings; save it with LF (or Windows CRLF) line endings",
        ),
        (b"plan: {}\nowners: \xff\n", 2, "plan.yaml:2:9: error: file: is not valid UTF-8"),
        (b"plan: {}\nplan: {}\n", 1, "plan.yaml:2:1: error: plan: duplicate key 'plan'"),
        (
            "owners:\n  - code: QLCN\n    name_vi: Pho\u0300ng\n".encode(),
            1,
            "plan.yaml:3:14: error: owners[QLCN].name_vi: text is not in Unicode NFC form",
        ),
        (
            b"owners: !!python/object/apply:os.system ['echo pwned']\n",
            1,
            "plan.yaml:1:9: error: owners: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed",
        ),
        (b"plan:\n  period_start: 2.016\n", 1, "plan.yaml:2:17: error: plan.period_start: '2.016' reads as a decimal"),
    ],
    ids=["malformed", "tab", "bom", "crlf", "cr", "not-utf8", "duplicate-key", "not-nfc", "python-tag", "vn-thousands"],
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


@pytest.mark.parametrize(
    "anchored",
    [
        "owners: &o []\nplan: *o\n",
        "owners:\n  - &o QLCN\n  - *o\n",
        "owners: [&o QLCN, *o]\n",
        "owners: {a: &o QLCN, b: *o}\n",
        "owners: [1,&o QLCN]\nplan: *o\n",
        "owners:\t&o QLCN\nplan: *o\n",
        "owners: !!str &o QLCN\nplan: *o\n",
    ],
)
def test_an_alias_is_refused_wherever_its_anchor_stands_beside_text_with_an_ampersand(
    tmp_path: Path, anchored: str
) -> None:
    # `KH&CN` (science and technology) is in nearly every title of the plan: text, not an anchor.
    path = tmp_path / "plan.yaml"
    path.write_text("title: Sở KH&CN\n" + anchored, encoding="utf-8")
    code, output = check_file(path)
    assert code == 1
    assert "aliases are not allowed in data files" in output


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    code, output = check_file(path)
    assert code == 2
    assert (
        "plan.yaml:1:1: error: file: is 52,428,800 bytes, more than the 16,777,216 bytes a catalogue may hold" in output
    )


def test_directory_where_a_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "data" / "plan2018.yaml").mkdir(parents=True)
    result = kpi(tmp_path / "data", "check")
    assert result.exit_code == 2
    assert "plan2018.yaml:1:1: error: file: is a directory, not a catalogue" in result.output


def test_wrong_types_are_reported_per_field(tmp_path: Path) -> None:
    text = MINIMAL_CATALOGUE.replace("period_start: 2016", "period_start: soon").replace(
        "kind: milestone", "kind: someday"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = check_file(path)
    assert code == 1
    assert (
        "plan.period_start: input should be a valid integer, unable to parse string as an integer (got 'soon')"
        in output
    )
    assert "indicators[B.8].kind: input should be 'cumulative', 'annual'" in output


def test_a_wrong_type_is_said_in_the_runs_language(tmp_path: Path) -> None:
    """pydantic writes its messages in English; a Vietnamese run says them in Vietnamese."""
    text = MINIMAL_CATALOGUE.replace("period_start: 2016", "period_start: soon").replace(
        "kind: milestone", "kind: someday"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan2018.yaml").write_text(text, encoding="utf-8")
    result = kpi(tmp_path / "data", "check", lang="vi")
    assert result.exit_code == 1
    assert (
        "lỗi: plan.period_start: giá trị phải là số nguyên; không đọc được chuỗi này thành số nguyên "
        "(nhận được 'soon')" in result.output
    )
    assert "lỗi: indicators[B.8].kind: giá trị phải là 'cumulative', 'annual'" in result.output
    assert "nput should" not in result.output


def test_missing_data_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = kpi_process(
        None, "check", cwd=tmp_path, environment={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "KPI_LANG": "en"}
    )
    assert result.returncode == 2
    assert result.stderr.startswith("kpi: error: no data folder found in ")
    assert "Traceback" not in result.stderr


HUGE = "9" * 5000  # past Python's 4 300-digit limit for reading an int


@pytest.mark.parametrize(
    "value", ["9999999999999999999999999999", HUGE, "1,1234567"], ids=["28 digits", "5000 digits", "7 decimal places"]
)
def test_a_figure_no_measure_can_mean_is_refused_when_recorded(minimal_data: Path, tmp_path: Path, value: str) -> None:
    direct = kpi(minimal_data, "record", "B.1", "-q", "2018-Q1", "--value", value)
    csv_file = tmp_path / "q1.csv"
    csv_file.write_text(f'indicator,value\nB.1,"{value}"\n', encoding="utf-8")
    imported = kpi(minimal_data, "record", "--from", str(csv_file), "-q", "2018-Q1")
    for result in (direct, imported):
        assert result.exit_code == 2, result.output
        assert any(
            reason in result.stderr
            for reason in ("digits before the decimal point", "decimal places", "a cell of 5,000 characters")
        )
        assert "internal error" not in result.stderr
    assert not (minimal_data / "actuals" / "2018-Q1").exists()


@pytest.mark.parametrize(
    "value",
    ["9999999999999999999999999999", HUGE, "1e999999", "0.0000001"],
    ids=["28 digits", "5000 digits", "exponent", "7 decimal places"],
)
def test_every_reader_survives_a_hand_edited_figure(minimal_data: Path, value: str) -> None:
    folder = minimal_data / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    (folder / "QLCN.yaml").write_text(
        f"quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: {value}\n", encoding="utf-8"
    )
    for command in (
        ["check"],
        ["status", "--as-of", "2018-06-30"],
        ["show", "B.1", "--as-of", "2018-06-30"],
        ["report", "--as-of", "2018-06-30", "-f", "md"],
        ["report", "--as-of", "2018-06-30", "-f", "csv"],
    ):
        result = kpi(minimal_data, *command)
        assert result.exit_code == (1 if command == ["check"] else 2), (command, result.output)
        assert "QLCN.yaml:5:12: error: records[0].value:" in result.output, (command, result.output)
        assert "internal error" not in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(("byte", "name"), [(b"\x00", "U+0000"), (b"\x07", "U+0007")], ids=["NUL", "BEL"])
def test_a_control_character_is_located_by_line_and_column(minimal_data: Path, byte: bytes, name: str) -> None:
    folder = minimal_data / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    path = folder / "QLCN.yaml"
    path.write_bytes(b"quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 5" + byte + b"\n")
    code, output = check_file(path)
    assert code == 2
    assert f"QLCN.yaml:5:13: error: yaml: control character {name} is not allowed in YAML" in output
    assert "    value: 5" in output and "position" not in output


def test_an_explicit_float_tag_on_a_whole_number_is_that_number(minimal_data: Path) -> None:
    folder = minimal_data / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    path = folder / "QLCN.yaml"
    path.write_text(
        "quarter: 2018-Q1\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: !!float 5\n", encoding="utf-8"
    )
    result = kpi(minimal_data, "check")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_minus_zero_is_zero(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q1", "--value", "-0")
    assert result.exit_code == 0, result.output
    assert "value: 0\n" in (minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml").read_text(encoding="utf-8")
    negative = kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "-1")
    assert negative.exit_code == 2 and "negative" in negative.stderr


def test_a_done_date_far_outside_the_plan_names_the_quarter_s_days(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.8", "-q", "2018-Q1", "--done", "--date", "0001-01-01")
    assert result.exit_code == 2
    assert "0001-01-01 is not in 2018-Q1 (2018-01-01 to 2018-03-31)" in result.stderr
    assert "record it under" not in result.stderr
    inside = kpi(minimal_data, "record", "B.8", "-q", "2018-Q1", "--done", "--date", "2018-05-02")
    assert inside.exit_code == 2 and "record it under 2018-Q2" in inside.stderr


# ------------------------------------------------------------ issue 18 items 5, 6 and 9


def test_a_csv_cell_too_long_is_named_by_line_and_column(minimal_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "q1.csv"
    sheet.write_text('indicator,value,note\nB.1,5,ok\nB.1.1,5,"' + "x" * 140_000 + '"\n', encoding="utf-8")
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q1")
    assert result.exit_code == 2, result.output
    assert (
        result.stderr
        == f"kpi: {sheet}:3: error: note (column C): a cell of 140,000 characters; a cell holds at most 2,000\n"
    )


def test_a_control_character_in_a_csv_cell_is_named_by_line_and_column(minimal_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "q1.csv"
    sheet.write_bytes(b"indicator,value\nB.1,5\x00\n")
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q1")
    assert result.exit_code == 2
    assert (
        result.stderr == f"kpi: {sheet}:2: error: value (column B): control character U+0000 in the cell; delete it\n"
    )


def test_a_csv_of_thousands_of_columns_is_one_refusal(minimal_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "q1.csv"
    sheet.write_text(",".join(["indicator", "value"] + ["x"] * 200_000) + "\nB.1,5\n", encoding="utf-8")
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q1")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"kpi: {sheet}:1: error: header: has 200,002 columns; a kpi CSV file has at most 50 (it knows 10)\n"
    )


def test_a_header_that_stalls_the_csv_sniffer_is_refused_at_once(
    minimal_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "q1.csv"
    sheet.write_text(',"' * 100_000 + "\n", encoding="utf-8")  # csv.Sniffer took 150 s on the whole line
    sniffed: list[int] = []
    sniff = csv.Sniffer.sniff

    def measured(self: csv.Sniffer, sample: str, delimiters: str | None = None) -> type[csv.Dialect]:
        sniffed.append(len(sample))
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", measured)
    result = kpi(minimal_data, "record", "--from", str(sheet), "-q", "2018-Q1")
    assert result.exit_code == 2 and "columns" in result.stderr
    assert sniffed and max(sniffed) <= _SNIFFED_CHARACTERS  # only the start of the line, never the whole of it


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: os.mkfifo(path), "is a pipe or socket, not a CSV file"),
        (lambda path: path.symlink_to("/dev/zero"), "is a device or other special file, not a CSV file"),
    ],
    ids=["FIFO", "/dev/zero"],
)
@pytest.mark.posix
def test_from_a_pipe_or_device_is_refused_without_reading(
    minimal_data: Path, tmp_path: Path, make: Callable[[Path], None], reason: str
) -> None:
    path = tmp_path / "q1.csv"
    make(path)
    result = kpi_process(
        None,
        "--data",
        str(minimal_data),
        "record",
        "--from",
        str(path),
        "-q",
        "2018-Q1",
        input=b"",
        text=False,
    )
    assert result.returncode == 2
    assert result.stderr.decode() == f"kpi: {path}:1: error: file: {reason}; kpi reads only regular files" + (
        " (a pipe could keep it waiting for ever); to read standard input, give --from -\n"
        if "pipe" in reason
        else "\n"
    )


def test_from_standard_input_is_read_with_the_same_cap(minimal_data: Path) -> None:
    recorded = kpi_process(
        None,
        "--data",
        str(minimal_data),
        "record",
        "--from",
        "-",
        "-q",
        "2018-Q1",
        input=b"indicator,value\nB.1,5\n",
        text=False,
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "value: 5\n" in (minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml").read_text(encoding="utf-8")
    endless = kpi_process(
        None,
        "--data",
        str(minimal_data),
        "record",
        "--from",
        "-",
        "-q",
        "2018-Q2",
        input=b"indicator,value\n" + b"B.1,5\n" * 200_000,
        text=False,
    )
    assert endless.returncode == 2
    assert (
        endless.stderr.decode()
        == "kpi: -:1: error: file: holds more than 1,048,576 bytes, the most a CSV file may hold\n"
    )


@pytest.mark.parametrize("name", ["settings.yaml", "plan2018.yaml", "actuals/2018-Q1/QLCN.yaml"])
@pytest.mark.posix
def test_a_data_file_that_is_a_fifo_is_refused_by_every_command(minimal_data: Path, name: str) -> None:
    path = minimal_data / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    for command in (["check"], ["status"]):
        result = kpi_process(None, "--data", str(minimal_data), *command, input=b"", text=False)
        assert result.returncode == 2, result.stderr
        assert f"{path}:1:1: error: file: is a pipe or socket, not " in result.stdout.decode() + result.stderr.decode()


def test_an_actuals_file_over_the_cap_is_refused_before_it_is_read(minimal_data: Path) -> None:
    folder = minimal_data / "actuals" / "2018-Q1"
    folder.mkdir(parents=True)
    with (folder / "QLCN.yaml").open("wb") as stream:
        stream.truncate(2 * 1024 * 1024 + 1)
    result = kpi(minimal_data, "status")
    assert result.exit_code == 2
    assert (
        "QLCN.yaml:1:1: error: file: is 2,097,153 bytes, more than the 2,097,152 bytes an actuals file may hold"
        in result.stderr
    )


def test_a_ledger_bigger_than_the_caps_raises_them_in_the_environment(
    minimal_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bench/'s 100 000 indicators need bigger files than a city's plan: KPI_MAX_FILE_MIB raises
    the catalogue's and the actuals files' caps, and the refusal says so."""
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    path.parent.mkdir(parents=True)
    comment = "# " + "-" * (2 * 1024 * 1024) + "\n"  # takes the file over 2 MiB
    path.write_text(
        f"quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1.1\n    value: 5\n{comment}", encoding="utf-8"
    )
    refused = kpi(minimal_data, "status", "-f", "csv")
    assert refused.exit_code == 2
    assert "an actuals file may hold; a ledger this big can raise the limit with KPI_MAX_FILE_MIB=MIB" in refused.stderr
    monkeypatch.setenv("KPI_MAX_FILE_MIB", "3")
    read = kpi(minimal_data, "status", "-f", "csv")
    assert read.exit_code == 0, read.stderr
    monkeypatch.setenv("KPI_MAX_FILE_MIB", "lots")
    wrong = kpi(minimal_data, "status", "-f", "csv")
    assert wrong.exit_code == 2
    assert (
        wrong.stderr
        == "kpi: KPI_MAX_FILE_MIB: error: environment: must be a whole number of MiB from 1 to 4096, not 'lots'\n"
    )


INVERTED = "thresholds:\n  on_track: 0.5\n  at_risk: 0.9\n"


def test_check_reads_the_settings(minimal_data: Path) -> None:
    (minimal_data / "settings.yaml").write_text(INVERTED, encoding="utf-8")
    expected = "settings.yaml:2:3: error: thresholds: at_risk must not exceed on_track"
    status = kpi(minimal_data, "status")
    assert status.exit_code == 2 and expected in status.stderr
    for paths in ([], [str(minimal_data / "settings.yaml")], [str(minimal_data)]):
        result = kpi(minimal_data, "check", *paths)
        assert result.exit_code == 1, (paths, result.output)
        assert expected in result.stdout, (paths, result.output)
        assert "unknown top-level field" not in result.stdout
    summary = kpi(minimal_data, "check").stderr
    assert summary == "2 files checked: 1 error, 0 warnings\n"


def test_an_impossible_date_in_the_settings_is_a_finding_not_a_crash(minimal_data: Path) -> None:
    (minimal_data / "settings.yaml").write_text("reporting_date: 2018-13-45\n", encoding="utf-8")
    result = kpi_process(None, "--data", str(minimal_data), "check", input=b"", text=False)
    assert result.returncode == 1, result.stderr
    assert "settings.yaml:1:17: error: reporting_date: input should be a valid date" in result.stdout.decode()
