"""One language at a time, all of it: the catalogue is complete and current, help and errors
(Typer's own words included) speak the run's language, numbers in sentences follow it."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from kpi.i18n import set_language
from kpi.i18n_catalogue import compiled, extract, mo_path, problems, read_catalogue, translations
from kpi.model.numbers import format_number, format_percent
from tests.support import SHIPPED_DATA, kpi_process
from tests.support.data import TESTS

# Whole English words that must not appear in Vietnamese help (checked as words, case-sensitive
# for the framework's capitalised titles).
ENGLISH_WORDS = (
    "the",
    "and",
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Show this message",
    "default:",
    "env var",
    "Try",
    "for help",
    "Error",
    "Missing",
    "No such",
)


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


# ------------------------------------------------------------------ the catalogue


def test_every_message_in_the_code_has_a_vietnamese_translation() -> None:
    found = problems(read_catalogue("vi"), extract())
    assert found == []


def test_extraction_finds_the_messages_of_every_converted_module() -> None:
    files = {location[0] for message in extract() for location in message.locations}
    for module in (
        "kpi/ledger/plan_rules.py",
        "kpi/errors.py",
        "kpi/ledger/rules.py",
        "kpi/files/validation.py",
        "kpi/files/yamlsource.py",
        "kpi/reports/words.py",
        "kpi/cli/framework.py",
        "kpi/cli/root.py",
    ):
        assert module in files


def test_the_compiled_catalogue_is_current() -> None:
    assert compiled(mo_path("vi")) == translations(read_catalogue("vi")), (
        "kpi.mo is stale: run python -m kpi.i18n_catalogue update"
    )


def test_a_missing_translation_is_reported(tmp_path: Path) -> None:
    catalogue = read_catalogue("vi")
    catalogue.add("A message nobody translated {count}", "")
    catalogue.add("Placeholders must survive {count}", "Mất chỗ trống")
    found = problems(catalogue)
    assert "untranslated: 'A message nobody translated {count}'" in found
    assert any(line.startswith("placeholders differ: 'Placeholders must survive {count}'") for line in found)


# ------------------------------------------------------------------ help and errors


def test_help_in_vietnamese_has_no_english_framework_words() -> None:
    for args in (["--help"], ["schema", "--help"]):
        result = kpi_process(None, *args, env={"KPI_LANG": "vi", "KPI_DATA": None}, cwd=TESTS)
        assert result.returncode == 0, result.stderr
        assert "Cách dùng: kpi" in result.stdout and "Tùy chọn:" in result.stdout
        assert "Hiện hướng dẫn này rồi thoát." in result.stdout
        # The commands' one-line summaries come from modules converted in phase 2.
        own_text = result.stdout.split("\nLệnh:")[0]
        assert english_words(own_text) == []


def test_check_help_in_vietnamese_uses_the_frameworks_vietnamese_words() -> None:
    # The command's own texts are converted in phase 2; Typer's and click's words are here now.
    result = kpi_process(None, "check", "--help", env={"KPI_LANG": "vi", "KPI_DATA": None}, cwd=TESTS)
    assert result.stdout.startswith("Cách dùng: kpi check [TÙY_CHỌN]")
    assert "Tùy chọn:" in result.stdout and "Đối số:" in result.stdout and "[mặc định: text]" in result.stdout
    for word in ("Usage", "Options:", "Arguments:", "Show this message", "[default:"):
        assert word not in result.stdout


def test_help_in_english_is_english() -> None:
    result = kpi_process(None, "--help", env={"KPI_LANG": "en", "KPI_DATA": None}, cwd=TESTS)
    assert result.stdout.startswith("Usage: kpi [OPTIONS] COMMAND [ARGS]...")
    assert "Show this message and exit." in result.stdout and "Options:" in result.stdout


def test_usage_errors_speak_the_language_of_the_run() -> None:
    vietnamese = kpi_process(None, "status", "--bogus", env={"KPI_LANG": "vi", "KPI_DATA": None}, cwd=TESTS)
    assert vietnamese.returncode == 2
    assert vietnamese.stderr.splitlines() == [
        "Cách dùng: kpi status [TÙY_CHỌN]",
        "Xem hướng dẫn: 'kpi status -h'",
        "",
        "Lỗi: Không có tùy chọn: --bogus",
    ]
    english = kpi_process(None, "status", "--bogus", env={"KPI_LANG": "en", "KPI_DATA": None}, cwd=TESTS)
    assert english.stderr.splitlines()[-1] == "Error: No such option: --bogus"
    choice = kpi_process(None, "status", "--format", "xx", env={"KPI_LANG": "vi", "KPI_DATA": None}, cwd=TESTS)
    assert "Lỗi: Giá trị không hợp lệ cho '--format' / '-f': 'xx' không thuộc các lựa chọn" in choice.stderr


def test_lang_on_the_command_line_beats_the_environment() -> None:
    assert (
        kpi_process(
            None, "--help", "--lang", "en", env={"KPI_LANG": "vi", "KPI_DATA": None}, cwd=TESTS
        ).stdout.startswith("Cách dùng")
        is False
    )
    assert kpi_process(
        None, "--lang=vi", "--help", env={"KPI_LANG": "en", "KPI_DATA": None}, cwd=TESTS
    ).stdout.startswith("Cách dùng: kpi")
    assert kpi_process(
        None, "status", "--lang", "vi", "--help", env={"KPI_LANG": "en", "KPI_DATA": None}, cwd=TESTS
    ).stdout.startswith("Cách dùng: kpi status")


def test_settings_language_is_used_when_nothing_else_says(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "plan2018.yaml").write_text((SHIPPED_DATA / "plan2018.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (data / "settings.yaml").write_text("language: en\n", encoding="utf-8")
    assert kpi_process(None, "--help", env={"KPI_LANG": None, "KPI_DATA": str(data)}, cwd=TESTS).stdout.startswith(
        "Usage: kpi"
    )
    assert kpi_process(
        None, "--help", "--data", str(data), env={"KPI_LANG": None, "KPI_DATA": None}, cwd=TESTS
    ).stdout.startswith("Usage: kpi")
    assert kpi_process(None, "--help", env={"KPI_LANG": "vi", "KPI_DATA": str(data)}, cwd=TESTS).stdout.startswith(
        "Cách dùng: kpi"
    )
    (data / "settings.yaml").write_text("reporting_date: 2018-06-30\n", encoding="utf-8")
    assert kpi_process(None, "--help", env={"KPI_LANG": None, "KPI_DATA": str(data)}, cwd=TESTS).stdout.startswith(
        "Cách dùng: kpi"
    )  # the default: Vietnamese


def test_a_core_error_is_said_in_vietnamese(tmp_path: Path) -> None:
    result = kpi_process(None, "check", env={"KPI_LANG": "vi", "KPI_DATA": str(tmp_path / "nowhere")}, cwd=TESTS)
    assert result.returncode == 2
    assert result.stdout.endswith("nowhere: lỗi: kế hoạch: thư mục này không có tệp plan<năm>.yaml nào\n")
    assert result.stderr == "đã kiểm tra 0 tệp: 1 lỗi, 0 cảnh báo\n"
    english = kpi_process(None, "check", env={"KPI_LANG": "en", "KPI_DATA": str(tmp_path / "nowhere")}, cwd=TESTS)
    assert english.stderr == "0 files checked: 1 error, 0 warnings\n"


# ------------------------------------------------------------------ numbers, percents, dates


@pytest.mark.parametrize(("lang", "number", "percent"), [("vi", "1.069,5", "39,89%"), ("en", "1,069.5", "39.89%")])
def test_numbers_and_percents_follow_the_language(lang: str, number: str, percent: str) -> None:
    assert format_number(Decimal("1069.5"), lang) == number
    assert format_percent(Decimal("0.3989"), lang) == percent
    assert format_number(Decimal("39.80"), lang) == ("39,80" if lang == "vi" else "39.80")  # every digit kept


def test_numbers_inside_a_check_message_follow_the_language(minimal_data: Path) -> None:
    from kpi.compute.checks import check

    plan = minimal_data / "plan2018.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("2016: 620", "2016: 621"), encoding="utf-8")
    set_language("vi")
    vietnamese = [f.message for f in check(minimal_data).findings]
    set_language("en")
    english = [f.message for f in check(minimal_data).findings]
    assert (
        "B.1 ghi 1.069 nhưng các chỉ tiêu con cộng lại là 1.070 (B.1.1 449 + B.1.2 621); "
        "nguồn dòng 362, cột Thực hiện 2016: “1.069”"
    ) in vietnamese
    assert (
        "B.1 gives 1,069 but its children add up to 1,070 (B.1.1 449 + B.1.2 621); "
        "source line 362, Actual 2016: “1.069”"
    ) in english


def test_the_report_date_is_written_as_each_language_writes_it() -> None:
    from datetime import date

    from kpi.model.words import date_words

    assert date_words(date(2018, 6, 3), "vi") == "03/06/2018"
    assert date_words(date(2018, 6, 3), "en") == "2018-06-03"
