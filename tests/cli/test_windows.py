"""Windows, where the office works, reproduced on Linux (no Windows machine reaches this project).

Each condition of issue 28, as a test: an `os` without the POSIX-only flags; CRLF and BOM data
files, as Notepad and Git for Windows (`core.autocrlf=true`) write them; a standard output in a
Windows code page; the pdf's browser where Windows installs it; a file held open by Excel; names
Windows reserves; git as git.exe; no SIGPIPE; Excel's CSV in cp1258 and cp1252. `kpi.files.platform`
is the one place where kpi differs by system; its `SYSTEM` is set to "windows" to reproduce one.
The `windows` job of .github/workflows/ci.yml runs the rest of the tests on a real Windows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kpi.files import platform
from kpi.files.catalogue import read_actuals
from tests.support import MINIMAL_CATALOGUE, REPO, kpi, kpi_process, use_git_as


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """kpi believes it runs on Windows."""
    monkeypatch.setattr(platform, "SYSTEM", "windows")


# ---------------------------------------------------------------- an os without POSIX-only flags


@pytest.fixture
def no_posix_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    """`os` as Python has it on Windows: no O_NONBLOCK, O_NOCTTY, O_CLOEXEC (and O_BINARY instead)."""
    for name in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "O_BINARY", 0, raising=False)  # its value on Windows is 0x8000; 0 keeps Linux reading


def test_every_command_starts_without_the_posix_only_open_flags(
    no_posix_flags: None, minimal_data: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `kpi --help` in a data folder reads settings.yaml for the language before any error handler runs.
    (minimal_data / "settings.yaml").write_text("language: en\n", encoding="utf-8")
    monkeypatch.chdir(minimal_data.parent)
    monkeypatch.setenv("KPI_DATA", str(minimal_data))
    monkeypatch.delenv("KPI_LANG")
    monkeypatch.setattr(sys, "argv", ["kpi", "--help"])
    from kpi.cli import main

    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code in (0, None)
    assert "Usage: kpi" in capsys.readouterr().out
    # (`record` too, but its lock is filelock's, which on Linux is the fcntl lock and opens with
    # O_NONBLOCK itself; on Windows filelock takes msvcrt's lock: the windows CI job runs it.)
    for args in (
        ["check"],
        ["status"],
        ["record", "B.1", "-q", "2018-Q2", "--value", "5", "--dry-run"],
        ["show", "B.1"],
    ):
        result = kpi(minimal_data, *args)
        assert result.exit_code == 0, (args, result.output)


def test_inputs_open_binary_where_the_system_has_o_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without O_BINARY, Windows' C runtime reads in text mode: CRLF becomes LF and Ctrl-Z ends the file.
    monkeypatch.setattr(os, "O_BINARY", 0x8000, raising=False)
    monkeypatch.delattr(os, "O_NONBLOCK")
    flags = platform.read_flags()
    assert flags & 0x8000
    assert flags & os.O_ACCMODE == os.O_RDONLY


# ---------------------------------------------------------------- line endings and byte-order marks


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


ACTUALS = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 40  # the first figure\n"


def test_crlf_and_bom_data_files_read_as_their_lf_twins(minimal_data: Path, tmp_path: Path) -> None:
    lf = tmp_path / "lf"
    shutil.copytree(minimal_data, lf)
    (lf / "actuals" / "2018-Q2").mkdir(parents=True)
    (lf / "actuals" / "2018-Q2" / "QLCN.yaml").write_text(ACTUALS, encoding="utf-8")
    (minimal_data / "plan2018.yaml").write_bytes(b"\xef\xbb\xbf" + _crlf(MINIMAL_CATALOGUE))
    (minimal_data / "settings.yaml").write_bytes(_crlf("reporting:\n  due_days: 10\n"))
    (lf / "settings.yaml").write_text("reporting:\n  due_days: 10\n", encoding="utf-8")
    (minimal_data / "actuals" / "2018-Q2").mkdir(parents=True)
    (minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml").write_bytes(b"\xef\xbb\xbf" + _crlf(ACTUALS))
    assert kpi(minimal_data, "check").exit_code == 0, kpi(minimal_data, "check").output
    for args in (["status", "--format", "json"], ["show", "B.1"], ["report", "-f", "md"]):
        assert kpi(minimal_data, *args).stdout == kpi(lf, *args).stdout, args


def test_a_lone_cr_is_still_refused_with_the_fix(minimal_data: Path) -> None:
    (minimal_data / "plan2018.yaml").write_bytes(MINIMAL_CATALOGUE.replace("\n", "\r").encode("utf-8"))
    result = kpi(minimal_data, "check")
    assert result.exit_code == 2
    assert "has old Mac (CR) line endings; save it with LF (or Windows CRLF) line endings" in result.output


@pytest.mark.parametrize("bom", [False, True], ids=["crlf", "crlf+bom"])
def test_record_keeps_the_line_endings_and_bom_of_a_file_written_on_windows(minimal_data: Path, bom: bool) -> None:
    path = minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml"
    path.parent.mkdir(parents=True)
    prefix = b"\xef\xbb\xbf" if bom else b""
    path.write_bytes(prefix + _crlf(ACTUALS))
    assert (
        kpi(minimal_data, "record", "B.8", "-q", "2018-Q2", "--done", "--date", "2018-05-02", "--by", "Lan").exit_code
        == 0
    )
    assert (
        kpi(minimal_data, "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace", "--by", "Lan").exit_code == 0
    )
    data = path.read_bytes()
    assert data.startswith(prefix + b"quarter: 2018-Q2\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line break is CRLF
    assert (b"\xef\xbb\xbf" in data) is bom
    assert b"  # the first figure" not in data or b"value: 45" in data
    records = read_actuals(path).actuals
    assert records is not None
    assert [(r.indicator, r.value, r.done) for r in records.records] == [
        ("B.1", 45, None),
        ("B.8", None, records.records[1].done),
    ]
    assert kpi(minimal_data, "check").exit_code == 0


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True)
    return done.stdout


def test_gitattributes_keeps_data_files_lf_in_an_autocrlf_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_git_as(monkeypatch, tmp_path, "Lan", "lan@example.org")
    origin = tmp_path / "origin"
    (origin / "data" / "actuals" / "2018-Q2").mkdir(parents=True)
    shutil.copy(REPO / ".gitattributes", origin / ".gitattributes")
    (origin / "data" / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    (origin / "data" / "actuals" / "2018-Q2" / "QLCN.yaml").write_text(ACTUALS, encoding="utf-8")
    (origin / "schemas").mkdir()
    shutil.copy(REPO / "schemas" / "actuals.schema.json", origin / "schemas")
    (origin / "tests" / "golden").mkdir(parents=True)
    (origin / "tests" / "golden" / "report.csv").write_bytes(b"a,b\r\n1,2\r\n")  # CRLF on purpose, kept
    _git(origin, "init", "--quiet", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "--quiet", "-m", "data")
    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "--quiet", str(origin), str(clone)], check=True)
    for name in ("data/plan2018.yaml", "data/actuals/2018-Q2/QLCN.yaml", "schemas/actuals.schema.json"):
        assert b"\r" not in (clone / name).read_bytes(), name
    assert (clone / "tests" / "golden" / "report.csv").read_bytes() == b"a,b\r\n1,2\r\n"


def test_the_repository_keeps_its_data_golden_outputs_schemas_and_messages_lf() -> None:
    listed = subprocess.run(
        ["git", "-C", str(REPO), "check-attr", "eol", "text", "--", "data/plan2018.yaml", "schemas/actuals.schema.json",
         "kpi/locale/vi/LC_MESSAGES/kpi.po", "tests/golden/outputs/synthetic/report-csv-en.txt",
         "data/actuals/2018-Q2/QLCN.yaml", "data/settings.yaml"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "data/plan2018.yaml: eol: lf" in listed
    assert "data/actuals/2018-Q2/QLCN.yaml: eol: lf" in listed
    assert "data/settings.yaml: eol: lf" in listed
    assert "schemas/actuals.schema.json: eol: lf" in listed
    assert "kpi/locale/vi/LC_MESSAGES/kpi.po: eol: lf" in listed
    assert "tests/golden/outputs/synthetic/report-csv-en.txt: text: unset" in listed  # its CRLF is its content


def _fake_browser(folder: Path) -> Path:
    """A program that does what `--print-to-pdf=FILE` asks of a browser, for machines without one."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "msedge.exe"
    program.write_text(
        f"#!{sys.executable}\nimport sys\n"
        "target = next(a.split('=', 1)[1] for a in sys.argv if a.startswith('--print-to-pdf='))\n"
        "open(target, 'wb').write(b'%PDF-1.7 printed by a stand-in for Edge')\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    return program


def test_a_quarter_approved_in_an_lf_clone_verifies_in_an_autocrlf_clone_and_every_command_runs_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 28's "done when": check, status, record (command, CSV, xlsx form), report -o r.docx/.pdf/.xlsx
    and approve, in a `core.autocrlf=true` clone made before .gitattributes (every data file CRLF),
    with the standard streams in cp1258; and the approval made in an LF clone verifies there."""
    use_git_as(monkeypatch, tmp_path, "Lan", "lan@example.org")
    origin = tmp_path / "origin"
    data = origin / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    (data / "settings.yaml").write_text("record:\n  commit: true\n", encoding="utf-8")
    _git(origin, "init", "--quiet", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "--quiet", "-m", "plan")
    assert kpi(data, "record", "B.1", "-q", "2018-Q1", "--value", "40").exit_code == 0
    assert kpi(data, "record", "B.1", "-q", "2018-Q2", "--value", "45").exit_code == 0
    approved = kpi(data, "approve", "2018-Q1", "--by", "Lan")
    assert approved.exit_code == 0, approved.output

    clone = tmp_path / "clone"
    subprocess.run(["git", "-c", "core.autocrlf=true", "clone", "--quiet", str(origin), str(clone)], check=True)
    _git(clone, "config", "core.autocrlf", "true")
    there = clone / "data"
    assert (there / "actuals" / "2018-Q1" / "QLCN.yaml").read_bytes().count(b"\r\n") > 2  # Git for Windows' CRLF
    assert (there / "approvals.yaml").read_bytes().count(b"\r\n") > 2

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        done = kpi_process(there, *args, cwd=clone, env={"PYTHONUTF8": None, "PYTHONIOENCODING": "cp1258"}, text=False)
        assert done.returncode == 0, (args, done.stderr.decode("utf-8", "replace"))
        done.stdout.decode("utf-8")  # UTF-8, whatever the code page
        done.stderr.decode("utf-8")
        return done

    assert b"error" not in run("--lang", "vi", "check").stdout
    assert "Tình hình".encode() in run("--lang", "vi", "status").stdout
    assert (there / "actuals" / "2018-Q2" / "QLCN.yaml").read_bytes().count(b"\r\n") > 2
    run("record", "B.1", "-q", "2018-Q2", "--value", "50", "--note", "Đã đào tạo", "--replace")
    csv = tmp_path / "q3.csv"
    csv.write_bytes(_crlf("indicator,value,note\nB.1,60,Quý ba\n"))
    run("record", "--from", str(csv), "-q", "2018-Q3")
    run("form", "-u", "QLCN", "-q", "2018-Q4", "-o", str(tmp_path / "QLCN-2018-Q4.xlsx"))
    from tests.support.forms import fill

    run("record", "--from", str(fill(tmp_path / "QLCN-2018-Q4.xlsx", {("B.1", "firms"): {"value": 70}})))
    edited = (there / "actuals" / "2018-Q2" / "QLCN.yaml").read_bytes()
    assert b"\n" not in edited.replace(b"\r\n", b"") and "Đã đào tạo".encode() in edited  # CRLF kept
    for quarter in ("2018-Q3", "2018-Q4"):  # new files are written as kpi writes them; git stores both alike
        assert b"\r" not in (there / "actuals" / quarter / "QLCN.yaml").read_bytes()
    assert _git(clone, "status", "--porcelain", "--untracked-files=no") == ""  # every recording committed
    monkeypatch.setenv("KPI_CHROMIUM", str(_fake_browser(tmp_path / "edge")))
    for output in ("r.docx", "r.xlsx", "r.pdf"):
        run("report", "-o", str(tmp_path / output), "--as-of", "2018-09-30")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    run("approve", "2018-Q2", "--by", "Lan")
    assert b"error" not in run("check").stdout
    # And back: what the CRLF clone approved verifies in the LF origin once pulled.
    _git(origin, "pull", "--quiet", "--no-rebase", str(clone), "main")
    assert kpi(data, "check").exit_code == 0, kpi(data, "check").output


# ---------------------------------------------------------------- output in a Windows code page


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_output_is_utf8_whatever_the_code_page(minimal_data: Path, encoding: str) -> None:
    done = kpi_process(
        minimal_data, "--lang", "vi", "status", env={"PYTHONUTF8": None, "PYTHONIOENCODING": encoding}, text=False
    )
    assert done.returncode == 0, done.stderr
    assert "Tình hình thực hiện".encode() in done.stdout
    refused = kpi_process(
        minimal_data, "--lang", "vi", "show", "B.99", env={"PYTHONUTF8": None, "PYTHONIOENCODING": encoding}, text=False
    )
    assert refused.returncode == 2
    assert "không có chỉ tiêu".encode() in refused.stderr, refused.stderr


def test_utf8_streams_reconfigures_a_code_page_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    stream = io.TextIOWrapper(io.BytesIO(), encoding="cp1258")
    monkeypatch.setattr(sys, "stdout", stream)
    platform.utf8_streams()
    stream.write("Tình hình")
    stream.flush()
    assert stream.buffer.getvalue() == "Tình hình".encode()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the pdf's browser


@pytest.fixture
def program_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, windows: None) -> Path:
    """A Windows without a browser on PATH, and its Program Files, Program Files (x86), LOCALAPPDATA."""
    root = tmp_path / "C"
    for variable, folder in (
        ("ProgramFiles", "Program Files"),
        ("ProgramFiles(x86)", "Program Files (x86)"),
        ("LOCALAPPDATA", "Users/lan/AppData/Local"),
    ):
        (root / folder).mkdir(parents=True)
        monkeypatch.setenv(variable, str(root / folder))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("KPI_CHROMIUM", raising=False)
    return root


def _installed(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"MZ")
    return path


def test_the_pdf_finds_edge_where_windows_installs_it(program_files: Path) -> None:
    from kpi.reports.pdf import find_browser

    edge = _installed(program_files / "Program Files (x86)" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    assert find_browser() == str(edge)


def test_the_pdf_prefers_chrome_and_finds_it_in_program_files_or_localappdata(program_files: Path) -> None:
    from kpi.reports.pdf import find_browser

    _installed(program_files / "Program Files (x86)" / "Microsoft" / "Edge" / "Application" / "msedge.exe")
    user_chrome = _installed(program_files / "Users/lan/AppData/Local/Google/Chrome/Application/chrome.exe")
    assert find_browser() == str(user_chrome)
    chrome = _installed(program_files / "Program Files" / "Google" / "Chrome" / "Application" / "chrome.exe")
    assert find_browser() == str(chrome)


def test_kpi_chromium_still_wins_on_windows(
    program_files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kpi.reports.pdf import find_browser

    _installed(program_files / "Program Files" / "Google" / "Chrome" / "Application" / "chrome.exe")
    mine = _fake_browser(tmp_path / "mine")
    monkeypatch.setenv("KPI_CHROMIUM", str(mine))
    assert find_browser() == str(mine)


def test_without_a_browser_the_advice_names_what_windows_installs(program_files: Path, minimal_data: Path) -> None:
    result = kpi(minimal_data, "report", "-o", str(minimal_data.parent / "r.pdf"))
    assert result.exit_code == 2
    assert "Microsoft Edge" in result.output and "Program Files" in result.output
    assert "apt-get" not in result.output


def test_a_pdf_printed_by_the_edge_found_in_program_files(program_files: Path, minimal_data: Path) -> None:
    edge = program_files / "Program Files (x86)" / "Microsoft" / "Edge" / "Application"
    _fake_browser(edge)
    result = kpi(minimal_data, "report", "-o", str(minimal_data.parent / "r.pdf"))
    assert result.exit_code == 0, result.output
    assert (minimal_data.parent / "r.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- a file held open by Excel


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch, windows: None) -> list[Path]:
    """Windows' refusal to replace a file another program holds open: os.replace raises PermissionError."""
    refused: list[Path] = []
    real = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target).exists() and Path(target).suffix in (".xlsx", ".docx", ".txt", ".eml"):
            refused.append(Path(target))
            raise PermissionError(13, "Access is denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(platform, "REPLACE_PAUSE", 0)
    return refused


def test_a_report_open_in_excel_is_a_clear_refusal_naming_it(held_open: list[Path], minimal_data: Path) -> None:
    report = minimal_data.parent / "r.xlsx"
    report.write_bytes(b"what Excel has open")
    result = kpi(minimal_data, "report", "-o", str(report), "--force")
    assert result.exit_code == 2
    assert result.stderr == (
        f"kpi: error: cannot write {report}: it is open in another program; close it (in Excel or Word) and run the command "
        "again; no report was written\n"
    )
    assert report.read_bytes() == b"what Excel has open"
    assert sorted(p.name for p in report.parent.iterdir()) == ["mini", "r.xlsx"]  # no temporary file left
    assert len(held_open) == platform.REPLACE_ATTEMPTS  # a short hold (antivirus) is waited out first


def test_a_form_or_reminder_open_in_excel_is_refused_alike(held_open: list[Path], minimal_data: Path) -> None:
    form = minimal_data.parent / "QLCN-2018-Q2.xlsx"
    form.write_bytes(b"open")
    result = kpi(minimal_data, "form", "-u", "QLCN", "-q", "2018-Q2", "-o", str(form), "--force")
    assert result.exit_code == 2
    assert f"cannot write {form}: it is open in another program; close it (in Excel or Word)" in result.stderr
    folder = minimal_data.parent / "reminders"
    assert kpi(minimal_data, "remind", "-q", "2018-Q2", "-o", str(folder)).exit_code == 0
    result = kpi(minimal_data, "remind", "-q", "2018-Q2", "-o", str(folder), "--force")
    assert result.exit_code == 2
    assert "it is open in another program; close it (in Excel or Word)" in result.stderr


def test_a_hold_that_ends_is_waited_out(monkeypatch: pytest.MonkeyPatch, windows: None, tmp_path: Path) -> None:
    from kpi.files.atomic import write_bytes_atomic

    real, calls = os.replace, []

    def replace(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) < 3:
            raise PermissionError(13, "Access is denied", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(platform, "REPLACE_PAUSE", 0)
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new" and len(calls) == 3


def test_elsewhere_a_refused_replace_is_still_permission_denied(
    monkeypatch: pytest.MonkeyPatch, minimal_data: Path
) -> None:
    def replace(source: str | Path, target: str | Path) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(os, "replace", replace)
    report = minimal_data.parent / "r.md"
    report.write_text("old", encoding="utf-8")
    result = kpi(minimal_data, "report", "-o", str(report), "--force")
    assert result.exit_code == 2
    assert result.stderr == f"kpi: error: cannot write {report}: permission denied; no report was written\n"


# ---------------------------------------------------------------- names Windows cannot hold


@pytest.mark.parametrize("code", ["CON", "AUX", "NUL", "PRN", "COM1", "LPT9"])
def test_an_owner_code_windows_reserves_is_refused_by_check(minimal_data: Path, code: str) -> None:
    plan = minimal_data / "plan2018.yaml"
    plan.write_text(MINIMAL_CATALOGUE.replace("SHTT", code), encoding="utf-8")
    result = kpi(minimal_data, "check")
    assert result.exit_code == 1
    assert (
        f"owners[{code}].code: owner code {code} cannot name the unit's files ({code}.yaml is a name Windows "
        "reserves for a device); choose another code"
    ) in result.output


def test_an_owner_code_too_long_for_windows_paths_is_refused(minimal_data: Path) -> None:
    code = "Q" * 33
    (minimal_data / "plan2018.yaml").write_text(MINIMAL_CATALOGUE.replace("SHTT", code), encoding="utf-8")
    result = kpi(minimal_data, "check")
    assert result.exit_code == 1
    assert "owner code of 33 characters; at most 32, as it names the unit's files" in result.output


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("CON.md", "CON.md is a name Windows reserves for a device"),
        ("aux.report.md", "aux.report.md is a name Windows reserves for a device"),
        ("Q2:2018.md", "Q2:2018.md holds characters Windows does not allow in a file name: ':'"),
        ("report.md.", "report.md. ends in a dot or a space, which Windows drops"),
    ],
)
def test_on_windows_a_name_it_cannot_hold_is_refused_in_words(
    windows: None, minimal_data: Path, name: str, problem: str
) -> None:
    target = minimal_data.parent / name
    result = kpi(minimal_data, "report", "-o", str(target), "-f", "md")
    assert result.exit_code == 2
    assert result.stderr == f"kpi: error: cannot write {target}: {problem}; no report was written\n"
    assert not target.exists()


def test_on_windows_a_path_over_260_characters_is_refused(windows: None, minimal_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 120) / ("y" * 120)
    folder.mkdir(parents=True)
    target = folder / "report.md"
    result = kpi(minimal_data, "report", "-o", str(target))
    assert result.exit_code == 2
    assert f"the path is {len(str(target))} characters long, and Windows allows 259" in result.stderr
    assert not target.exists()


def test_names_kpi_gives_its_files_are_valid_on_windows() -> None:
    for name in ("QLCN-2018-Q2.xlsx", "2018-Q2-QLCN.txt", "2018-Q2-QLCN.eml", "QLCN.yaml", "report.xlsx"):
        assert platform.windows_name_problem(name) is None, name


# ---------------------------------------------------------------- folders, git, signals


def test_on_windows_no_folder_is_opened_to_fsync_it(
    windows: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kpi.files.atomic import remove_durably, write_bytes_atomic

    real, opened_folders = os.open, []

    def open_(path: str | Path, flags: int, *args: int) -> int:
        if Path(path).is_dir():
            opened_folders.append(Path(path))
            raise PermissionError(13, "Access is denied", str(path))  # what Windows says to os.open on a folder
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", open_)
    write_bytes_atomic(tmp_path / "a.yaml", b"a: 1\n")
    remove_durably(tmp_path / "a.yaml")
    assert opened_folders == []


def test_git_is_found_as_git_exe_where_git_for_windows_installs_it(
    windows: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kpi.files import trail

    real_git = shutil.which("git")
    assert real_git is not None
    git_exe = tmp_path / "Program Files" / "Git" / "cmd" / "git.exe"
    git_exe.parent.mkdir(parents=True)
    git_exe.symlink_to(real_git)
    monkeypatch.setenv("ProgramFiles", str(tmp_path / "Program Files"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert platform.git_program() == str(git_exe)
    subprocess.run([real_git, "init", "--quiet", str(tmp_path / "repo")], check=True)
    assert trail.work_tree(tmp_path / "repo") == (tmp_path / "repo").resolve()


def test_without_sigpipe_a_closed_pipe_ends_quietly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import signal

    import kpi.cli.root

    monkeypatch.delattr(signal, "SIGPIPE")
    monkeypatch.setattr(sys, "argv", ["kpi", "status"])

    def reader_gone(**_: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(kpi.cli.root, "app", reader_gone)
    monkeypatch.setattr(kpi.cli.root, "lean_app", lambda argv: reader_gone)
    monkeypatch.setattr("kpi.cli._close_quietly", lambda: None)
    from kpi.cli import main

    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 1
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- Excel's CSV in a Windows code page


def _cp1258(text: str) -> bytes:
    """`text` as Excel's plain CSV writes it on a Vietnamese Windows: cp1258, whose letters carry
    their circumflex, breve or horn, and whose five tones are combining marks after the letter."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for character in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", character)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def test_excels_csv_in_cp1258_is_read_with_encoding(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    note = "Đã tổ chức đào tạo cho doanh nghiệp"
    csv.write_bytes(_cp1258(f"indicator;value;note\r\nB.1;850;{note}\r\n"))
    assert csv.read_bytes().decode("cp1258") != note  # decomposed: the tones come after their letters
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2", "--encoding", "cp1258")
    assert result.exit_code == 0, result.output
    read = read_actuals(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None
    assert read.actuals.records[0].note == note  # NFC, as every data file holds its text


def test_excels_csv_in_cp1252_is_read_with_encoding(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes("indicator,value,note\r\nB.1,850,café – 2€\r\n".encode("cp1252"))
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2", "--encoding", "windows-1252")
    assert result.exit_code == 0, result.output
    read = read_actuals(minimal_data / "actuals" / "2018-Q2" / "QLCN.yaml")
    assert read.actuals is not None and read.actuals.records[0].note == "café – 2€"


def test_a_code_page_csv_without_encoding_is_refused_naming_the_option(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes(_cp1258("indicator,value,note\nB.1,850,Đào tạo\n"))
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2")
    assert result.exit_code == 2
    assert "--encoding cp1258" in result.output
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_a_utf8_csv_given_as_cp1258_is_refused_never_read_as_mojibake(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes("indicator,value,note\nB.1,850,Đào tạo\n".encode())
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2", "--encoding", "cp1258")
    assert result.exit_code == 2
    assert f"{csv}:3: error: file: is UTF-8 (CSV UTF-8), not cp1258; give no --encoding" in result.output or (
        "is UTF-8 (CSV UTF-8), not cp1258; give no --encoding" in result.output
    )
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_a_code_page_csv_gets_the_same_all_or_nothing_checks(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes(_cp1258("indicator,value,note\nB.1,850,Đào tạo\nB.99,3,Sai mã\n"))
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2", "--encoding", "cp1258")
    assert result.exit_code == 2
    assert f"{csv}:3: error:" in result.output and "B.99" in result.output
    assert not (minimal_data / "actuals" / "2018-Q2").exists()


def test_an_undefined_byte_of_the_code_page_is_refused(minimal_data: Path, tmp_path: Path) -> None:
    csv = tmp_path / "q2.csv"
    csv.write_bytes(b"indicator,value,note\nB.1,850,x\x81y\n")
    result = kpi(minimal_data, "record", "--from", str(csv), "-q", "2018-Q2", "--encoding", "cp1252")
    assert result.exit_code == 2
    assert "is not cp1252: byte 0x81 means nothing in it" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--encoding", "latin-9", "--from", "x.csv"],
            "unknown encoding 'latin-9'; a CSV is read as one of utf-8, cp1258, cp1252",
        ),
        (
            ["B.1", "-q", "2018-Q2", "--value", "5", "--encoding", "cp1258"],
            "--encoding says how a CSV file given with --from",
        ),
        (["--from", "QLCN-2018-Q2.xlsx", "--encoding", "cp1258"], "--encoding is for a CSV file"),
    ],
)
def test_encoding_is_for_a_csv(minimal_data: Path, args: list[str], message: str) -> None:
    result = kpi(minimal_data, "record", *args)
    assert result.exit_code == 2
    assert message in result.output


# ---------------------------------------------------------------- completion, the README, CI


def test_powershell_completion_is_offered(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    script = kpi_process(minimal_data, "--show-completion", "powershell", env={"PYTHONUTF8": None}, text=False)
    assert script.returncode == 0
    assert b"Register-ArgumentCompleter -Native -CommandName kpi" in script.stdout
    environment = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    environment.update(
        _KPI_COMPLETE="complete_powershell",
        _TYPER_COMPLETE_ARGS=f"kpi --data {minimal_data} show B.1",
        _TYPER_COMPLETE_WORD_TO_COMPLETE="B.1",
    )
    answer = kpi_process(None, environment=environment, text=False, timeout=60)
    assert answer.stdout.split(b"\n")[:2] == [b"B.1::: ", b"B.1.1::: "]


def test_the_readme_has_the_windows_quick_start_beside_the_posix_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    ends = ("# set up, and see program B", "# set up, and run the tests")
    for end in ends:
        posix = [line for line in readme if line.endswith(end) and "Windows:" not in line]
        windows = [line for line in readme if line.endswith(end.replace("# ", "# Windows: "))]
        assert len(posix) == 1 and len(windows) == 1, end
        assert ". .venv/bin/activate" in posix[0]
        assert "&&" not in windows[0] and ".venv\\Scripts\\" in windows[0]


def test_the_windows_job_runs_the_readme_lines_on_windows_latest() -> None:
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["windows"]
    assert job["runs-on"] == "windows-latest"
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert "Invoke-ReadmeLine 'Windows: set up, and see program B'" in scripts
    assert "Invoke-ReadmeLine 'Windows: set up, and run the tests'" in scripts
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "not office and not browser and not mounts and not posix" in readme
