"""One language at a time: in Vietnamese, nothing kpi says to a person is English.

Each command runs as a real process with the office's language; its words (not the data's, not
option names, metavars, command names or machine values) must contain no English word from a
list of the words English sentences cannot do without. The same commands in English must contain
them, so the list can tell the two apart.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support import kpi_process, run_on_a_terminal
from tests.support.english import COMMANDS, WORD, english_words


@pytest.fixture
def office(tmp_path: Path, shipped_copy: Path) -> dict[str, str]:
    """The shipped data in a git repository, the office's language chosen by the environment."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    environment = {k: v for k, v in os.environ.items() if k not in ("KPI_DATA", "KPI_LANG")}
    environment.update(
        KPI_DATA=str(shipped_copy),
        GIT_AUTHOR_NAME="Lan",
        GIT_COMMITTER_NAME="Lan",
        GIT_AUTHOR_EMAIL="lan@example.vn",
        GIT_COMMITTER_EMAIL="lan@example.vn",
        COLUMNS="120",
    )
    # The office's data is in git, as a clone of it is: recording commits by default.
    subprocess.run(["git", "-C", str(tmp_path), "add", "--all"], check=True, env=environment)
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-q", "-m", "Kế hoạch 62"], check=True, env=environment)
    return environment


def data_words(shipped: Path) -> set[str]:
    """Words of the data itself (titles quote English terms such as 'Techmart'): not kpi's to translate."""
    text = (shipped / "plan2018.yaml").read_text(encoding="utf-8")
    keys = {line.split(":", 1)[0].strip(" -") for line in text.splitlines()}
    values = "\n".join(line.split(":", 1)[1] for line in text.splitlines() if ":" in line)
    return {w.casefold() for w in WORD.findall(values)} - {k.casefold() for k in keys}


SESSIONS = [
    ["status"],
    ["status", "-p", "B"],
    ["overdue", "--as-of", "2018-07-01"],
    ["show", "B.1"],
    ["show", "A.9"],
    ["show", "T2.8"],
    ["show", "B.11.3"],
    ["find", "dao tao"],
    ["find", "khong co gi nhu the"],
    ["record", "B.1", "-q", "2018-Q1", "--value", "850"],
    ["record", "B.1", "-q", "2018-Q1", "--value", "900"],
    ["record", "B.1", "-q", "2018-Q9", "--value", "x"],
    ["log"],
    ["check"],
    ["--help"],
    *([command, "--help"] for command in COMMANDS),
]


@pytest.mark.parametrize("args", SESSIONS, ids=" ".join)
def test_vietnamese_output_has_no_english_word(office: dict[str, str], shipped_copy: Path, args: list[str]) -> None:
    if args[0] == "record" and args[-1] == "900":  # a second figure for the same quarter: the refusal
        kpi_process(
            None,
            "record",
            "B.1",
            "-q",
            "2018-Q1",
            "--value",
            "850",
            environment={**office, "KPI_LANG": "vi"},
            expect=(0, 1, 2),
        )
    output = kpi_process(None, *args, environment={**office, "KPI_LANG": "vi"}, expect=(0, 1, 2)).said
    assert output.strip()
    assert english_words(output, data_words(shipped_copy)) == []


def test_the_word_list_recognises_english(office: dict[str, str], shipped_copy: Path) -> None:
    for args in (["status"], ["show", "B.1"], ["status", "--help"], ["record", "B.1", "-q", "2018-Q9", "--value", "x"]):
        assert english_words(
            kpi_process(None, *args, environment={**office, "KPI_LANG": "en"}, expect=(0, 1, 2)).said,
            data_words(shipped_copy),
        ), args


def test_record_prompts_are_vietnamese(shipped_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KPI_LANG", "vi")
    code, stdout, shown = run_on_a_terminal(
        "--data", str(shipped_copy), "record", typed=b"X.1\nB.1\n2018-Q9\n2018-Q1\n850\n\n\nn\n"
    )
    assert code == 1, shown  # declined at the last question
    assert "X.1" in shown and "850" in shown
    assert english_words(shown + stdout.decode(), data_words(shipped_copy)) == [], shown


# ---------------------------------------------------------------- a recorded quarter, every command and document


def measure_keys(shipped: Path) -> set[str]:
    """Every measure key of the shipped catalogue: names for files, never shown to a person."""
    import yaml

    plan = yaml.safe_load((shipped / "plan2018.yaml").read_text(encoding="utf-8"))
    return {m["key"] for indicator in plan["indicators"] for m in indicator.get("measures") or []}


def data_texts(shipped: Path) -> list[str]:
    """The data's own texts (titles, cells, labels), longest first: quoted verbatim, not kpi's words."""
    import yaml

    texts: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and len(node) > 3:
            texts.add(node)

    walk(yaml.safe_load((shipped / "plan2018.yaml").read_text(encoding="utf-8")))
    return sorted(texts, key=len, reverse=True)


def refused_terms(text: str, data: list[str]) -> list[str]:
    """Words docs/glossary.md refuses, outside the data's own texts."""
    from tests.support.glossary import glossary, refused_in

    for quoted in data:
        text = text.replace(quoted, " ")
    source = "\n".join(data)  # a title cut short (`công chức hàng năm nghiên…`) still quotes the source
    return [
        f"{word!r} in: {line.strip()}"
        for line in text.splitlines()
        for _english, term, refused in glossary()
        for word in refused
        if refused_in(line, term, word) and not refused_in(source, term, word)
    ]


def keys_shown(text: str, keys: set[str]) -> list[str]:
    """Measure keys a person would read (`--measure firms` and file paths aside)."""
    import re

    from tests.support.english import OPTION, PATH

    found = []
    for line in text.splitlines():
        line = PATH.sub(" ", line)
        line = re.sub(r"(--measure|-m)\s+\S+", " ", line)
        line = re.sub(r"\w+\[[^\]]*\](?:\.\w+(?:\[[^\]]*\])?)*", " ", line)  # a field path of kpi check
        line = re.sub(r"\b[A-Z][\w.]*:\w+(?:@\S+)?", " ", line)  # what --missing takes: A.1:application_rate@2018-Q1
        line = OPTION.sub(" ", line)
        found += [f"{key!r} in: {line.strip()}" for key in keys if re.search(rf"(?<![\w.]){key}(?![\w])", line)]
    return found


def document_text(path: Path) -> str:
    """What a person reads in a written file: the cells of a workbook, the paragraphs and tables of a
    Word document, the text of a page."""
    import re

    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            if sheet.sheet_state == "visible"
            for row in sheet.iter_rows(values_only=True)
        )
    if path.suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = re.sub(r"<style.*?</style>|<script.*?</script>", " ", text, flags=re.S)
        text = re.sub(r"<[^>]+>", "\n", text)
    return text


@pytest.fixture
def recorded(office: dict[str, str], shipped_copy: Path) -> dict[str, str]:
    """The shipped data with a recorded quarter, committed and approved: figures, a milestone done."""
    for args in (
        ["record", "B.1", "-q", "2018-Q1", "--value", "850", "--commit"],
        ["record", "C.9", "-q", "2018-Q1", "-m", "patent_applications", "--value", "90", "--commit"],
        ["record", "A.9", "-q", "2018-Q1", "-m", "Chuyên gia KH&CN được đào tạo", "--value", "5", "--commit"],
        ["record", "A.4", "-q", "2018-Q1", "--done", "--date", "2018-03-20", "--commit"],
        ["approve", "2018-Q1", "--by", "Lan", "--with-missing"],  # the other units sent nothing
    ):
        kpi_process(None, *args, environment={**office, "KPI_LANG": "vi"}, expect=(0,))
    # Wide enough that no heading wraps a word to a line: the test reads "chậm tiến độ" whole.
    return {**office, "COLUMNS": "250"}


RECORDED = [
    ["status"],
    ["status", "--status", "chậm tiến độ"],
    ["status", "--kind", "lũy kế"],
    ["status", "--kind", "không có"],
    ["status", "thừa"],
    ["overdue"],
    ["show", "C.9"],
    ["show", "C.6"],
    ["log"],
    ["reporting"],
    ["reporting", "--year", "2018"],
    ["record", "C.9", "-q", "2018-Q2", "--value", "5"],
    ["record", "C.9", "-q", "2018-Q2", "-m", "khong", "--value", "5"],
    ["record", "B.1", "-q", "2018-Q1", "--value", "900"],
    ["reopen", "2018-Q1", "--reason", "sửa số liệu B.1"],
    ["check"],
    ["year", "close", "2018"],
    ["report", "--output", "."],
]


@pytest.mark.parametrize("args", RECORDED, ids=" ".join)
def test_a_recorded_quarter_reads_in_vietnamese_only(
    recorded: dict[str, str], shipped_copy: Path, args: list[str]
) -> None:
    output = kpi_process(None, *args, environment={**recorded, "KPI_LANG": "vi"}, expect=(0, 1, 2)).said
    assert output.strip()
    assert english_words(output, data_words(shipped_copy)) == []
    assert keys_shown(output, measure_keys(shipped_copy)) == []
    assert refused_terms(output, data_texts(shipped_copy)) == []


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".html", ".md", ".csv"])
def test_every_report_and_form_reads_in_vietnamese_only(
    recorded: dict[str, str], shipped_copy: Path, tmp_path: Path, suffix: str
) -> None:
    written = [tmp_path / f"report{suffix}"]
    kpi_process(None, "report", "-o", str(written[0]), environment={**recorded, "KPI_LANG": "vi"}, expect=(0, 1, 2))
    if suffix == ".xlsx":
        written.append(tmp_path / "QLCN-2018-Q2.xlsx")
        kpi_process(
            None,
            "form",
            "-u",
            "QLCN",
            "-q",
            "2018-Q2",
            "-o",
            str(written[1]),
            environment={**recorded, "KPI_LANG": "vi"},
            expect=(0, 1, 2),
        )
    if suffix == ".md":  # the reminder drafts, plain text
        kpi_process(
            None,
            "remind",
            "-q",
            "2018-Q2",
            "-o",
            str(tmp_path / "drafts"),
            environment={**recorded, "KPI_LANG": "vi"},
            expect=(0, 1, 2),
        )
        written += sorted((tmp_path / "drafts").glob("*.txt"))
    for path in written:
        text = document_text(path)
        assert text.strip(), path
        assert keys_shown(text, measure_keys(shipped_copy)) == [], path
        assert refused_terms(text, data_texts(shipped_copy)) == [], path
        if suffix != ".csv":  # a CSV file's header row holds the machine's column names
            assert english_words(text, data_words(shipped_copy)) == [], path


def test_the_export_names_its_views_in_the_runs_language(recorded: dict[str, str], tmp_path: Path) -> None:
    import sqlite3

    kpi_process(
        None,
        "export",
        "-f",
        "sqlite",
        "-o",
        str(tmp_path / "export"),
        environment={**recorded, "KPI_LANG": "vi"},
        expect=(0, 1, 2),
    )
    [database] = (tmp_path / "export").glob("*.sqlite*")
    with sqlite3.connect(database) as connection:
        titles = [row[0] for row in connection.execute("SELECT program_title FROM status_by_program")]
    assert titles and all("programme" not in title.casefold() for title in titles), titles


def test_every_text_kept_per_language_has_both_languages() -> None:
    """A catalogue text a person reads (notes, readings, recovered rows, errata and slip reasons, labels)
    may be kept per language; the shipped plan keeps every one in both, so that `--lang en` never
    prints a Vietnamese-only text as if it were English, nor the other way round."""
    import typing

    from pydantic import BaseModel

    from kpi.ledger.load import load_catalogue
    from kpi.model.models import Wording
    from tests.support import SHIPPED_DATA

    one_language: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, BaseModel):
            for name, field in type(node).model_fields.items():
                value = getattr(node, name)
                kept_per_language = Wording in typing.get_args(field.annotation) or field.annotation is Wording
                if kept_per_language and isinstance(value, str):
                    one_language.append(f"{path}.{name}: {value[:60]}")
                walk(value, f"{path}.{name}")
        elif isinstance(node, (list, tuple)):
            for index, item in enumerate(node):
                walk(item, f"{path}[{getattr(item, 'id', index)}]")

    walk(load_catalogue(SHIPPED_DATA), "plan")
    assert one_language == []


# ---------------------------------------------------------------- every command a person runs, one by one, after a recorded quarter

# Each story is a few commands run in turn on the recorded quarter (`{tmp}`: a folder of the test's own);
# every command's output is read, not only the last: a confirmation, a refusal, a summary.
STORIES = {
    "approve refused": [["approve", "2018-Q2", "--by", "Lan"], ["approve", "2018-Q1", "--by", "Lan"]],
    "approve one unit": [
        ["record", "B.1", "-q", "2018-Q2", "--value", "40"],
        ["approve", "2018-Q2", "-u", "QLCN", "--by", "Lan", "--with-missing"],
        ["record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace"],
        ["log"],
        ["reporting", "-q", "2018-Q2"],
        ["status", "-p", "B"],
    ],
    "reopen refused": [["reopen", "2018-Q2", "--reason", "sửa số liệu"]],
    "reopen, replace, undo": [
        ["reopen", "2018-Q1", "--reason", "sửa số liệu B.1"],
        ["record", "B.1", "-q", "2018-Q1", "--value", "900", "--replace"],
        ["undo"],
        ["undo"],
        ["log"],
        ["log", "B.1"],
    ],
    "undo refused": [["undo"]],
    "year": [["year", "open", "2019"], ["year", "close", "2018"], ["year", "close", "2018", "--accept-missing"]],
    "form": [
        ["form", "-u", "QLCN", "-q", "2018-Q2", "-o", "{tmp}/QLCN-2018-Q2.xlsx"],
        ["record", "--from", "{tmp}/QLCN-2018-Q2.xlsx"],
        ["record", "--from", "{tmp}"],
    ],
    "remind": [["remind", "-q", "2018-Q2", "-o", "{tmp}/drafts"]],
    "report": [["report", "-o", f"{{tmp}}/report.{suffix}"] for suffix in ("xlsx", "docx", "html", "md", "csv")],
    "export": [["export", "-o", "{tmp}/export"]],
    "find": [["find", "dao tao"], ["find", "khong co gi nhu the"]],
    "check": [["check"]],
    "show": [["show", "A.6"], ["show", "B.9"], ["show", "C.9"], ["show", "D.II.1"]],
}


def kpi(environment: dict[str, str], language: str, *args: str) -> str:
    """What a command says (stdout, then stderr) in the given language."""
    return kpi_process(None, *args, environment={**environment, "KPI_LANG": language}, expect=(0, 1, 2)).said


@pytest.mark.parametrize("story", STORIES)
def test_each_command_reads_in_vietnamese_only(
    recorded: dict[str, str], shipped_copy: Path, tmp_path: Path, story: str
) -> None:
    keys, words, texts = measure_keys(shipped_copy), data_words(shipped_copy), data_texts(shipped_copy)
    for args in STORIES[story]:
        output = kpi(recorded, "vi", *(arg.format(tmp=tmp_path) for arg in args))
        assert output.strip(), args
        assert english_words(output, words) == [], args
        assert keys_shown(output, keys) == [], args
        assert refused_terms(output, texts) == [], args


def test_record_prompts_and_refusals_on_a_recorded_quarter_are_vietnamese(
    recorded: dict[str, str], shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The questions of `kpi record`, its refusals as they are typed (an unknown ID, a quarter already
    approved, a figure that is not one) and its confirmation, read by the clerk at a terminal."""
    for name, value in recorded.items():
        monkeypatch.setenv(name, value)  # git's identity; the data is named by --data (KPI_DATA is not passed on)
    monkeypatch.setenv("KPI_LANG", "vi")
    for typed, exit_code in (
        (b"X.1\nC.9\n2018-Q9\nQu\xc3\xbd II/2018\n3\n1\nmuoi\n12\n\n\ny\n", 0),  # recorded, after each refusal
        (b"B.1\n2018-Q1\n900\n\n\ny\n", 2),  # an approved quarter: refused, nothing written
    ):
        code, stdout, shown = run_on_a_terminal("--data", recorded["KPI_DATA"], "record", typed=typed)
        assert code == exit_code, shown
        assert "X.1" in shown or "Quý I/2018" in shown, shown
        output = shown + stdout.decode()
        assert english_words(output, data_words(shipped_copy)) == [], output
        assert keys_shown(output, measure_keys(shipped_copy)) == [], output
        assert refused_terms(output, data_texts(shipped_copy)) == [], output


def test_commit_subjects_read_in_the_runs_language_and_kpi_log_reads_the_trailers(
    recorded: dict[str, str], shipped_copy: Path
) -> None:
    """`git log` tells the story in the office's language; `kpi log` reads the trailers, the same
    whatever language the commits were made in."""
    kpi(recorded, "vi", "record", "B.1", "-q", "2018-Q2", "--value", "40")
    kpi(recorded, "en", "record", "B.1", "-q", "2018-Q2", "--value", "45", "--replace")
    kpi(recorded, "vi", "undo")
    subjects = subprocess.run(
        ["git", "-C", str(shipped_copy), "log", "--format=%s"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert subjects[:3] == [
        "Hủy: Replace B.1 firms for 2018-Q2: 40 -> 45",
        "Replace B.1 firms for 2018-Q2: 40 -> 45",
        "Ghi nhận B.1 (Doanh nghiệp được đào tạo) Quý II/2018: 40",
    ]
    assert "Phê duyệt Quý I/2018" in subjects
    assert english_words("\n".join(subjects[2:]), data_words(shipped_copy)) == []
    log = kpi(recorded, "vi", "log", "-q", "2018-Q2")
    assert "đã hủy: bỏ số liệu 45, trở lại 40" in log and "40 → 45" in log
