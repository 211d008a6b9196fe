"""What the tests work on: the repository's paths, the shipped data, and small catalogues written
out in full (the minimal one, and one with two measures a row)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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


TESTS = REPO / "tests"
GOLDEN = TESTS / "golden"
HOSTILE = TESTS / "hostile"


def copy_shipped(target: Path) -> Path:
    """A private copy of the shipped data folder at `target`."""
    shutil.copytree(SHIPPED_DATA, target)
    return target


def write_catalogue(folder: Path, text: str = MINIMAL_CATALOGUE) -> Path:
    """A data folder holding `text` as its 2018 plan, and an empty actuals folder."""
    (folder / "actuals").mkdir(parents=True, exist_ok=True)
    (folder / "plan2018.yaml").write_text(text, encoding="utf-8")
    return folder


def write_actuals(folder: Path, quarter: str, records: str, owner: str = "QLCN") -> Path:
    """A unit's actuals file for the quarter, its records written as given (YAML list items)."""
    path = folder / "actuals" / quarter / f"{owner}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"quarter: {quarter}\nowner: {owner}\nrecords:\n{records}", encoding="utf-8")
    return path


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
