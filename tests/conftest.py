from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DATA = REPO / "data"
SOURCE_TEXT = REPO / "docs" / "source" / "plan-62-KH-SKHCN-2018.txt"

MINIMAL_CATALOGUE = """\
plan:
  number: 62/KH-SKHCN
  title: Kế hoạch năm 2018
  issuer: Sở Khoa học và Công nghệ
  signed: 2018-01-08
  period_start: 2016
  period_end: 2020
  year: 2018
  source_file: plan.txt
owners:
  - code: QLCN
    name_vi: Phòng Quản lý Công nghệ
    name_en: Technology Office
  - code: SHTT
    name_vi: Phòng Sở hữu trí tuệ
    name_en: Intellectual Property Office
programs:
  - code: B
    title: Chương trình B
    title_en: Programme B
    owner: QLCN
    main_text_section: 2
    sections:
      - code: I
        title: Hỗ trợ doanh nghiệp
indicators:
  - id: B.1
    program: B
    section: I
    tt: '1'
    title: Đào tạo doanh nghiệp
    owner: QLCN
    co_owners: [SHTT]
    kind: cumulative
    deadline: 2018-Q4
    sum_of_children: true
    measures:
      - key: firms
        label:
          vi: Doanh nghiệp được đào tạo
          en: Enterprises trained
        unit: DN
        target: 10000
        actuals:
          2016: 1069
          2017: 2920
        stated_percent: 39.89
        plans:
          2018: 3000
    source:
      line: 362
      cells:
        target: 10.000 DN
        actuals:
          2016: '1.069'
          2017: '2.920'
        rate: 3.989 (đạt 39,89% nhiệm kỳ)
        plans:
          2018: '3.000'
  - id: B.1.1
    program: B
    section: I
    tt: '1.1'
    parent: B.1
    title: Đào tạo DN thuộc 4 ngành trọng điểm
    owner: QLCN
    kind: share
    measures:
      - key: firms
        label:
          vi: Doanh nghiệp thuộc 4 ngành trọng điểm được đào tạo
          en: Firms of the 4 key industries trained
        unit: DN
        target: 30
        actuals:
          2016: 449
          2017: 220
        plans:
          2018: 900
    source:
      line: 363
      cells:
        target: 30% DN trong 4 ngành trọng điểm
        actuals:
          2016: '449'
          2017: '220'
        plans:
          2018: '900'
  - id: B.1.2
    program: B
    section: I
    tt: '1.2'
    parent: B.1
    title: Đào tạo DN thuộc các ngành khác
    owner: QLCN
    kind: share
    measures:
      - key: firms
        label:
          vi: Doanh nghiệp thuộc các ngành còn lại được đào tạo
          en: Firms of the other industries trained
        unit: DN
        target: 10
        actuals:
          2016: 620
          2017: 2700
        plans:
          2018: 2100
    source:
      line: 364
      cells:
        target: 10% DN thuộc các ngành còn lại
        actuals:
          2016: '620'
          2017: '2.700'
        plans:
          2018: '2.100'
  - id: B.8
    program: B
    section: I
    tt: '8'
    title: Xây dựng Đề án Sihub
    owner: QLCN
    kind: milestone
    deadline: 2018-Q4
    source:
      line: 378
      cells:
        deadline: Quý IV/2018
tasks:
  - id: T2.1
    text: (1) Đào tạo cho 3.000 doanh nghiệp;
    line: 115
    measured_by:
      - B.1
"""


# B.1 with a second measure, counted per year: for choosing a measure and for several measures a row.
TWO_MEASURES = MINIMAL_CATALOGUE.replace(
    """        plans:
          2018: 3000
    source:""",
    """        plans:
          2018: 3000
      - key: sessions
        label:
          vi: Khóa đào tạo
          en: Training courses
        unit: lớp
        kind: annual
    source:""",
)


@pytest.fixture(autouse=True)
def _no_real_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads or writes the repository's data unless it copies it first."""
    monkeypatch.setenv("KPI_DATA", str(tmp_path / "no-data-folder-here"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests read kpi's messages in English (the text in the code), in-process and in
    subprocesses alike, unless they ask for Vietnamese with the `vietnamese` fixture or --lang vi.
    The shipped default, Vietnamese, is tested in test_i18n.py."""
    from kpi.i18n import set_language

    monkeypatch.setenv("KPI_LANG", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run in kpi's default language, Vietnamese."""
    from kpi.i18n import set_language

    monkeypatch.setenv("KPI_LANG", "vi")
    set_language("vi")


def use_git_as(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, email: str) -> None:
    """git for this test alone: no one's global or system config, and a known author and committer."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", name)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", email)


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target)
    return target


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A small, valid data folder: four indicators of program B."""
    folder = tmp_path / "mini"
    (folder / "actuals").mkdir(parents=True)
    (folder / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    return folder


def run_on_a_terminal(
    *args: str, typed: bytes | None = None, output_on_terminal: bool = False
) -> tuple[int, bytes, str]:
    """`python -m kpi ARGS` with stderr on a real pseudo-terminal (stdin too, when `typed` is
    given; stdout too, when `output_on_terminal`) and stdout otherwise piped, as a person at a
    terminal piping the output would run it. Returns the exit code, stdout, and everything the
    terminal showed."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    controller, terminal = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # keep reading, or a full terminal buffer would stall kpi
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    environment = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    process = subprocess.Popen(
        [sys.executable, "-m", "kpi", *args],
        stderr=terminal,
        stdout=terminal if output_on_terminal else subprocess.PIPE,
        stdin=subprocess.DEVNULL if typed is None else terminal,
        env=environment,
    )
    os.close(terminal)
    if typed is not None:
        os.write(controller, typed)
    stdout, _ = process.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, stdout, shown.decode(errors="replace")


def by_year(text: str) -> str:
    """A catalogue written with the columns' names (`actual_2016: 5`, `plan_2018: 9`) rewritten as the
    catalogue keeps them, by year under `actuals:` and `plans:`, so a test can write a row as the
    source's appendix names its columns."""
    out: list[str] = []
    group: tuple[str, str] | None = None
    for line in text.split("\n"):
        match = re.match(r"^( *)(actual|plan)_([0-9]{4}):(.*)$", line)
        if match is None:
            if line.strip() and group is not None and len(line) - len(line.lstrip(" ")) <= len(group[0]):
                group = None
            out.append(line)
            continue
        indent, name, year, rest = match.groups()
        if group != (indent, name):
            out.append(f"{indent}{name}s:")
            group = (indent, name)
        out.append(f"{indent}  {year}:{rest}")
    return "\n".join(out)


@pytest.fixture
def make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`make(indicator(...), ...)`: a 2018 plan of these indicators in tmp_path (tests/worked.py), read without the cache."""
    from tests.worked import make_ledger

    monkeypatch.setenv("KPI_NO_CACHE", "1")
    return lambda *indicators: make_ledger(tmp_path / "data", *indicators)
