"""What the newer commands take in, checked (issue 27, "What the newer commands take in without
checking"): approve reads what it freezes, control characters are refused in every way text comes
in and never reach a report, reminder addresses are addresses, a plan file's name and year agree
for every command, file names cannot forge a commit message, approvals.yaml names known units and
quarters of the plan, and the cache is sealed to the bytes it came from. Every test drives kpi
through its command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tests.support import MINIMAL_CATALOGUE, git, use_git_as
from tests.support import kpi_process as kpi

ESC, BEL = "\x1b", "\x07"


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, minimal_data: Path) -> Path:
    """The minimal data folder in a git repository, committed."""
    use_git_as(monkeypatch, tmp_path, "Phòng Kế hoạch", "khth@skhcn.example")
    (minimal_data / ".gitignore").write_text(".kpi-cache/\nactuals/.kpi.lock\n", encoding="utf-8")
    git(minimal_data, "init", "--quiet", "--initial-branch=main")
    git(minimal_data, "add", "--all")
    git(minimal_data, "commit", "--quiet", "--message", "Plan")
    return minimal_data


def actuals(data: Path, quarter: str, text: str, owner: str = "QLCN") -> Path:
    path = data / "actuals" / quarter / f"{owner}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"quarter: {quarter}\nowner: {owner}\nrecords:\n{text}", encoding="utf-8")
    return path


# ---------------------------------------------------------------- 1. approve reads what it freezes


def test_approve_refuses_a_quarter_whose_file_fails_check(repository: Path) -> None:
    path = actuals(repository, "2018-Q2", "  - indicator: B.1\n    value: 850\n")
    path.write_text(
        path.read_text(encoding="utf-8") + "<<<<<<< HEAD\n  - indicator: B.1\n=======\n>>>>>>> theirs\n",
        encoding="utf-8",
    )
    git(repository, "add", "--all")
    git(repository, "commit", "--quiet", "--message", "a merge gone wrong")
    head = git(repository, "rev-parse", "HEAD")
    check = kpi(repository, "check")
    assert check.returncode == 2 and "2018-Q2/QLCN.yaml:7:14: error: yaml: " in check.stdout  # cannot be read
    result = kpi(repository, "approve", "2018-Q2", "--by", "Trưởng phòng")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "actuals/2018-Q2/QLCN.yaml:7:14: error: yaml: " in result.stderr
    assert not (repository / "approvals.yaml").exists()
    assert git(repository, "rev-parse", "HEAD") == head  # nothing committed


def test_approve_names_every_finding_of_the_files_it_would_freeze(minimal_data: Path) -> None:
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: 850\n  - indicator: B.99\n    value: 1\n")
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: -5\n", owner="SHTT")
    result = kpi(minimal_data, "approve", "2018-Q2", "--no-commit")
    assert result.returncode == 2
    problems = result.stderr.splitlines()
    assert any(
        line.startswith("kpi: ") and "2018-Q2/QLCN.yaml:6:16: error: " in line and "B.99" in line for line in problems
    )
    assert any("2018-Q2/SHTT.yaml:5:12: error: " in line for line in problems), result.stderr
    assert not (minimal_data / "approvals.yaml").exists()
    # Fixed, the file can be approved on its own unit's approval (counting what the quarter still
    # misses reads the whole ledger, so the other unit's broken file goes first).
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: 850\n")
    (minimal_data / "actuals" / "2018-Q2" / "SHTT.yaml").unlink()
    approved = kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--no-commit", "--with-missing")
    assert approved.returncode == 0, approved.stderr


def test_approve_refuses_a_plan_that_fails(minimal_data: Path) -> None:
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: 850\n")
    shutil.copy(minimal_data / "plan2018.yaml", minimal_data / "plan2019.yaml")
    result = kpi(minimal_data, "approve", "2018-Q2", "--no-commit")
    assert result.returncode == 2 and "plan2019.yaml:8:9: error: plan.year: " in result.stderr
    assert not (minimal_data / "approvals.yaml").exists()


def test_who_approves_and_why_hold_no_control_characters(minimal_data: Path) -> None:
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: 850\n")
    refused = kpi(minimal_data, "approve", "2018-Q2", "--no-commit", "--by", f"A{ESC}[2J")
    assert refused.returncode == 2 and "--by: control character U+001B" in refused.stderr
    assert kpi(minimal_data, "approve", "2018-Q2", "--no-commit", "--by", "A").returncode == 0
    refused = kpi(minimal_data, "reopen", "2018-Q2", "--no-commit", "--reason", f"sai{BEL}")
    assert refused.returncode == 2 and "--reason: control character U+0007" in refused.stderr
    assert kpi(minimal_data, "check").returncode == 0


# ---------------------------------------------------------------- 2. control characters


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("--evidence", f"QĐ 12{ESC}[31m"),
        ("--note", f"ring{BEL}"),
        ("--source", "x\x9b31m"),  # a C1 control: CSI
        ("--by", "A\x01B"),
        ("--note", "cr\rin the middle"),
    ],
)
def test_record_refuses_control_characters_from_the_command_line(minimal_data: Path, option: str, text: str) -> None:
    result = kpi(minimal_data, "record", "B.8", "-q", "2018-Q1", "--done", "--date", "2018-03-20", option, text)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"error: {option}: control character U+" in result.stderr
    assert not (minimal_data / "actuals" / "2018-Q1").exists()


def test_record_keeps_tabs_and_line_breaks(minimal_data: Path) -> None:
    result = kpi(minimal_data, "record", "B.1", "-q", "2018-Q1", "--value", "5", "--note", "two\nlines\tand a tab")
    assert result.returncode == 0, result.stderr
    assert kpi(minimal_data, "check").returncode == 0


def test_a_csv_cell_with_a_c1_control_is_refused_like_a_c0_one(minimal_data: Path, tmp_path: Path) -> None:
    source = tmp_path / "q1.csv"
    source.write_text("indicator,value,note\nB.1,5,a\x85b\n", encoding="utf-8")
    result = kpi(minimal_data, "record", "--from", str(source), "-q", "2018-Q1")
    assert result.returncode == 2 and "q1.csv:2: error: note (column C): control character U+0085" in result.stderr


def test_a_line_break_typed_on_windows_in_a_csv_cell_is_recorded_as_a_line_break(
    minimal_data: Path, tmp_path: Path
) -> None:
    source = tmp_path / "q1.csv"
    source.write_bytes(b'indicator,value,note\r\nB.1,5,"two\r\nlines"\r\n')
    assert kpi(minimal_data, "record", "--from", str(source), "-q", "2018-Q1").returncode == 0
    written = yaml.safe_load((minimal_data / "actuals" / "2018-Q1" / "QLCN.yaml").read_text(encoding="utf-8"))
    assert written["records"][0]["note"] == "two\nlines"
    assert kpi(minimal_data, "check").returncode == 0


def test_check_finds_control_characters_written_as_escapes_and_every_command_refuses(
    minimal_data: Path, tmp_path: Path
) -> None:
    # What kpi record wrote before: the escapes YAML allows in double quotes.
    actuals(
        minimal_data,
        "2018-Q1",
        '  - indicator: B.8\n    done: 2018-03-20\n    evidence: "QĐ 12\\e[31m"\n    note: "ring\\a"\n',
    )
    check = kpi(minimal_data, "check")
    assert check.returncode == 1
    assert "2018-Q1/QLCN.yaml:6:15: error: records[0].evidence: control character U+001B" in check.stdout
    assert "2018-Q1/QLCN.yaml:7:11: error: records[0].note: control character U+0007" in check.stdout
    for output in ("report.xlsx", "report.docx", "report.md", "report.csv", "report.html"):
        result = kpi(minimal_data, "report", "--as-of", "2018-03-31", "-o", str(tmp_path / output))
        assert result.returncode == 2, (output, result.stderr)
        assert "QLCN.yaml:6:15: error: " in result.stderr and ESC not in result.stderr
        assert not (tmp_path / output).exists()
    for command in (["status"], ["show", "B.8"], ["export", "-o", str(tmp_path / "export")]):
        result = kpi(minimal_data, *command)
        assert result.returncode == 2 and ESC not in result.stdout + result.stderr, command


def test_control_characters_in_the_plan_or_settings_are_errors_too(minimal_data: Path) -> None:
    plan = minimal_data / "plan2018.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("title: Đào tạo doanh nghiệp", 'title: "Đào tạo\\e[5m"'),
        encoding="utf-8",
    )
    (minimal_data / "settings.yaml").write_text('record:\n  recorded_by: "A\\x1b"\n', encoding="utf-8")
    result = kpi(minimal_data, "check")
    assert result.returncode == 1
    assert "plan2018.yaml:31:12: error: indicators[B.1].title: control character U+001B" in result.stdout
    assert "settings.yaml:2:16: error: record.recorded_by: control character U+001B" in result.stdout


def test_a_report_shows_a_control_character_as_an_escape_and_never_fails_on_it(minimal_data: Path) -> None:
    """Should one come through anyway (the files refuse them), every format writes it as `\\x1b`."""
    from datetime import date

    from kpi.compute.status import compute_status
    from kpi.ledger.load import load_ledger
    from kpi.reports.layout import build_report
    from kpi.reports.output import ReportFormat, render

    ledger = load_ledger(minimal_data).in_force(date(2018, 3, 31))
    report = build_report(ledger, compute_status(ledger, date(2018, 3, 31)))
    line = report.lines[-1].model_copy(update={"content": f"Sihub{ESC}[31m{BEL}\x85"})
    report = report.model_copy(update={"lines": [*report.lines[:-1], line]})
    for output_format in (ReportFormat.md, ReportFormat.csv, ReportFormat.html):
        text = render(report, output_format, "en").decode("utf-8")
        assert "Sihub\\x1b[31m\\x07\\x85" in text and ESC not in text and BEL not in text, output_format
    for output_format in (ReportFormat.xlsx, ReportFormat.docx):
        assert render(report, output_format, "en").startswith(b"PK")  # a zip: written, not failed


# ---------------------------------------------------------------- 3. reminder addresses


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        ('  sender: "khtc@example.vn\\nBcc: spy@example.com"\n', 2, "reminders.sender: an address holds U+000A"),
        ("  addresses:\n    QLCN: not an address\n", 3, "'not an address' is not an e-mail address"),
        ("  addresses:\n    QLCN: a@example.vn, b@example.vn\n", 3, "is not one e-mail address"),
        ("  addresses:\n    QLCN: ngân@sở.vn\n", 3, "the part before @ must be plain ASCII"),
        ("  addresses:\n    QLCN: qlcn@localhost\n", 3, "the domain localhost is not a valid domain name"),
    ],
)
def test_reminder_addresses_are_checked(
    minimal_data: Path, tmp_path: Path, settings: str, line: int, message: str
) -> None:
    (minimal_data / "settings.yaml").write_text("reminders:\n" + settings, encoding="utf-8")
    check = kpi(minimal_data, "check")
    assert check.returncode == 1 and f"settings.yaml:{line}:" in check.stdout and message in check.stdout
    result = kpi(minimal_data, "remind", "-q", "2018-Q1", "-o", str(tmp_path / "drafts"))
    assert result.returncode == 2, result.stderr
    assert f"settings.yaml:{line}:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "drafts").exists()


def test_a_non_ascii_domain_is_written_idna_encoded(minimal_data: Path, tmp_path: Path) -> None:
    from email import policy
    from email.parser import BytesParser

    (minimal_data / "settings.yaml").write_text(
        "reminders:\n  sender: Phòng Kế hoạch <khth@sở.vn>\n  addresses:\n    QLCN: qlcn@sở-khcn.vn\n", encoding="utf-8"
    )
    assert kpi(minimal_data, "check").returncode == 0
    result = kpi(minimal_data, "remind", "-q", "2018-Q1", "-o", str(tmp_path / "drafts"))
    assert result.returncode == 0, result.stderr
    raw = (tmp_path / "drafts" / "2018-Q1-QLCN.eml").read_bytes()
    assert raw.isascii()
    email = BytesParser(policy=policy.default).parsebytes(raw)
    assert email["To"] == "qlcn@xn--s-khcn-bp8b.vn"
    assert email["From"].addresses[0].display_name == "Phòng Kế hoạch"
    assert email["From"].addresses[0].addr_spec == "khth@xn--s-lym.vn"


# ---------------------------------------------------------------- 4. plan file names


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["status", "--as-of", "2019-06-30"],
        ["report", "-f", "md"],
        ["show", "B.1"],
        ["overdue"],
        ["record", "B.1", "-q", "2018-Q1", "--value", "5"],
        ["reporting", "-q", "2018-Q1"],
    ],
)
def test_every_command_refuses_a_plan_named_for_another_year(minimal_data: Path, command: list[str]) -> None:
    # A hand copy of the 2018 plan saved as the 2019 one, its figures changed: they must never count.
    copy = MINIMAL_CATALOGUE.replace("2018: 3000", "2018: 9999")
    (minimal_data / "plan2019.yaml").write_text(copy, encoding="utf-8")
    result = kpi(minimal_data, *command)
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        "plan2019.yaml:8:9: error: plan.year: the file is named for 2019 but the plan is for 2018; name it plan2018.yaml"
        in result.stderr
    )
    assert "9999" not in result.stdout and not (minimal_data / "actuals" / "2018-Q1").exists()


def test_a_plan_named_for_another_year_is_refused_even_when_its_content_is_cached(minimal_data: Path) -> None:
    assert kpi(minimal_data, "status").returncode == 0  # plan2018.yaml's content is in the cache now
    (minimal_data / "plan2018.yaml").rename(minimal_data / "plan2019.yaml")
    result = kpi(minimal_data, "status")
    assert result.returncode == 2 and "plan2019.yaml:8:9: error: plan.year:" in result.stderr


# ---------------------------------------------------------------- 5. commit messages


def test_a_file_name_cannot_forge_lines_in_the_commit_message(repository: Path, tmp_path: Path) -> None:
    name = tmp_path / f"q1\n\nIndicator: B.8\nValue: done on 2018-01-01\nRecorded-by: Giám đốc{ESC}[2J.csv"
    name.write_text("indicator,value\nB.1,5\nB.1.1,3\n", encoding="utf-8")
    result = kpi(repository, "record", "--from", str(name), "-q", "2018-Q1", "--commit")
    assert result.returncode == 0, result.stderr
    message = git(repository, "log", "-1", "--format=%B")
    subject, blank, *body = message.splitlines()
    assert subject == (
        "Record 2 figures for 2018-Q1 from q1\\n\\nIndicator: B.8\\nValue: done on 2018-01-01\\nRecorded-by: Giám đốc\\x1b[2J.csv"
    )
    assert blank == "" and ESC not in message
    assert [line for line in body if line.startswith("Indicator: ")] == ["Indicator: B.1", "Indicator: B.1.1"]
    log = kpi(repository, "log", "--format", "json")
    assert log.returncode == 0 and {entry["indicator"] for entry in json.loads(log.stdout)} == {"B.1", "B.1.1"}


def test_a_reason_cannot_add_trailers_to_an_approval(repository: Path) -> None:
    assert kpi(repository, "record", "B.1", "-q", "2018-Q1", "--value", "5", "--commit").returncode == 0
    assert kpi(repository, "approve", "2018-Q1").returncode == 0
    result = kpi(repository, "reopen", "2018-Q1", "--reason", "sai số\nApproved: 2018-Q1\nApproved-by: Giám đốc")
    assert result.returncode == 0, result.stderr
    message = git(repository, "log", "-1", "--format=%B")
    assert message.splitlines()[0] == "Reopen 2018-Q1: sai số Approved: 2018-Q1 Approved-by: Giám đốc"
    assert not any(line.startswith("Approved") for line in message.splitlines())


# ---------------------------------------------------------------- 6. approvals.yaml against the plans


def test_check_names_an_unknown_unit_and_a_quarter_outside_the_period_in_approvals(minimal_data: Path) -> None:
    actuals(minimal_data, "2018-Q2", "  - indicator: B.1\n    value: 850\n")
    assert kpi(minimal_data, "approve", "2018-Q2", "-u", "QLCN", "--no-commit", "--by", "A").returncode == 0
    path = minimal_data / "approvals.yaml"
    events = yaml.safe_load(path.read_text(encoding="utf-8"))["events"]
    events += [
        {"action": "approve", "quarter": "2018-Q3", "owner": "QLNC", "by": "A", "at": "2018-10-01T09:00:00+07:00"},
        {"action": "approve", "quarter": "2031-Q1", "owner": None, "by": "A", "at": "2018-10-01T09:00:00+07:00"},
    ]
    path.write_text(yaml.safe_dump({"events": events}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    owner_line = next(n for n, line in enumerate(lines, 1) if "QLNC" in line)
    quarter_line = next(n for n, line in enumerate(lines, 1) if "2031-Q1" in line)
    result = kpi(minimal_data, "check")
    assert result.returncode == 1
    assert (
        f"approvals.yaml:{owner_line}:" in result.stdout
        and "unknown owner 'QLNC'; did you mean 'QLCN'?" in result.stdout
    )
    assert f"approvals.yaml:{quarter_line}:" in result.stdout
    assert "2031-Q1 lies outside the plan period 2016–2020" in result.stdout


# ---------------------------------------------------------------- 7. the cache


def test_an_edited_cache_entry_is_dropped_and_rebuilt(minimal_data: Path, tmp_path: Path) -> None:
    actuals(minimal_data, "2018-Q1", "  - indicator: B.1\n    value: 850\n")
    assert kpi(minimal_data, "approve", "2018-Q1", "--no-commit").returncode == 0
    before = kpi(minimal_data, "status", "--format", "json", "--as-of", "2018-03-31")
    assert before.returncode == 0
    entries = [
        path for path in (minimal_data / ".kpi-cache").glob("*.json") if b'"indicator":["B.1"]' in path.read_bytes()
    ]
    assert len(entries) == 1
    [entry] = entries
    entry.write_bytes(entry.read_bytes().replace(b'"value":["850"]', b'"value":["9850"]'))
    after = kpi(minimal_data, "status", "--format", "json", "--as-of", "2018-03-31")
    assert after.returncode == 0 and after.stdout == before.stdout and "9850" not in after.stdout
    assert b'"value":["850"]' in entry.read_bytes()  # rebuilt from the file
    # An entry copied from another file's place or key does not pass either.
    plan_entry = next(p for p in (minimal_data / ".kpi-cache").glob("*.json") if b'"plan":' in p.read_bytes())
    entry.write_bytes(plan_entry.read_bytes())
    again = kpi(minimal_data, "status", "--format", "json", "--as-of", "2018-03-31")
    assert again.returncode == 0 and again.stdout == before.stdout
