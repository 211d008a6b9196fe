#!/usr/bin/env python3
"""Synthetic kpi data in the real file formats, and the same data as an hledger journal.

    python bench/generate.py --indicators 10000 --seed 1 --out /tmp/kpi-10000
    python bench/generate.py --from-data data --journal /tmp/shipped.journal

The first form writes, under OUT:

- `data/plan2018.yaml`: a catalogue shaped like the shipped one (same plan header, the same
  eight owners, programs A-E with their sections plus S5 and S6), holding N indicators whose
  programs, kinds and number of measures are drawn in the proportions of the shipped plan. Each
  indicator keeps a `source` (appendix cells for A-E, main-text words for S5/S6) that writes its
  figures in Vietnamese notation, so `kpi check` has nothing to say about traceability;
- `data/settings.yaml`: reporting date 2020-12-31, the end of the period;
- `data/actuals/<YYYY-Qn>/<OWNER>.yaml`: for every quarter 2016-Q1..2020-Q4, one record per
  measure of every indicator that has measures, in the format `kpi record` writes; a milestone
  gets a single `done:` record instead (most milestones are done, some are left overdue);
- `kpi.journal`: the same catalogue and records for hledger: one yearly periodic goal per
  indicator-measure (all in one periodic transaction) and one transaction per record, dated the
  first day of its quarter, with one unbalanced virtual posting. `hledger bal --budget -Y` on it
  does what `kpi status` does: add up the actuals of every account and set them against a goal.

The second form converts the shipped data (which has no actuals yet) into a journal: goals from
the catalogue's targets, and its `actual_2016`/`actual_2017` figures as postings dated
2016-12-31 and 2017-12-31, plus any records under `data/actuals/`.

Everything depends on the seed alone: the same arguments give the same bytes. The YAML is
written as text directly (no YAML library), which is what makes N = 10 000 take seconds.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

FIRST_YEAR, LAST_YEAR = 2016, 2020
QUARTERS = [(year, number) for year in range(FIRST_YEAR, LAST_YEAR + 1) for number in range(1, 5)]
RECORDED_BY = "bench"
T = TypeVar("T")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


OWNERS = [
    ("QLKH", "Phòng Quản lý Khoa học", "Science Management Office"),
    ("QLCN", "Phòng Quản lý Công nghệ và Thị trường công nghệ", "Technology and Technology Market Management Office"),
    ("QLCS", "Phòng Quản lý Khoa học và Công nghệ cơ sở", "Grassroots Science and Technology Management Office"),
    ("VP", "Văn phòng Sở", "Department Office"),
    ("KHTC", "Phòng Kế hoạch – Tài chính", "Planning and Finance Office"),
    ("CCTDC", "Chi cục Tiêu chuẩn – Đo lường – Chất lượng", "Standards, Metrology and Quality Sub-department"),
    ("TTRA", "Thanh tra Sở", "Department Inspectorate"),
    ("SHTT", "Phòng Sở hữu trí tuệ", "Intellectual Property Office"),
]
OWNER_CODES = [code for code, _, _ in OWNERS]


@dataclass(frozen=True)
class ProgramSpec:
    code: str
    title: str
    title_en: str
    owner: str | None
    main_text_section: int
    sections: tuple[tuple[str, str], ...]
    weight: int
    """Indicators in the shipped plan: programs are drawn in these proportions."""

    @property
    def appendix(self) -> bool:
        """Programs A-E are appendix tables (source cells); S5 and S6 are main-text tasks (source text)."""
        return not self.code.startswith("S")


PROGRAMS = [
    ProgramSpec(
        "A",
        "CHƯƠNG TRÌNH NGHIÊN CỨU KHOA HỌC, PHÁT TRIỂN CÔNG NGHỆ VÀ NÂNG CAO TIỀM LỰC KHCN",
        "Research, technology development and S&T capacity programme",
        "QLKH",
        1,
        (
            ("I", "Triển khai các chương trình khoa học và công nghệ trọng điểm"),
            ("II", "Nâng cao tiềm lực khoa học và công nghệ thành phố Hồ Chí Minh"),
        ),
        21,
    ),
    ProgramSpec(
        "B",
        "CHƯƠNG TRÌNH HỖ TRỢ DOANH NGHIỆP NHỎ VÀ VỪA ĐỔI MỚI SÁNG TẠO",
        "SME innovation, competitiveness and international integration support programme",
        "QLCN",
        2,
        (
            ("I", "Hỗ trợ DN nâng cao năng suất chất lượng và đổi mới sáng tạo"),
            ("II", "Hỗ trợ hình thành hệ sinh thái khởi nghiệp"),
            ("III", "Truyền thông khởi nghiệp sáng tạo"),
        ),
        31,
    ),
    ProgramSpec(
        "C",
        "CHƯƠNG TRÌNH PHÁT TRIỂN THỊ TRƯỜNG KH&CN",
        "Science and technology market development programme",
        "QLCN",
        3,
        (
            ("I", "Hoạt động Sàn Giao dịch công nghệ TP HCM"),
            ("II", "KHCN"),
            ("III", "Xúc tiến kết nối cung cầu công nghệ"),
            ("IV", "Thúc đẩy phát triển TS/TT"),
        ),
        14,
    ),
    ProgramSpec(
        "D",
        "KẾ HOẠCH HOẠT ĐỘNG KH&CN VÀ ĐỔI MỚI SÁNG TẠO CƠ SỞ",
        "Grassroots S&T and innovation activity plan 2016–2020",
        "QLCS",
        4,
        (
            ("I", "Nâng cao năng lực quản lý nhà nước về KH&CN cấp cơ sở"),
            ("II", "Đẩy mạnh công tác truyền thông về KH&CN"),
            ("III", "Đẩy mạnh ứng dụng KH&CN tại cơ quan, đơn vị"),
            ("IV", "Thúc đẩy ứng dụng KH&CN trong doanh nghiệp"),
        ),
        9,
    ),
    ProgramSpec(
        "E",
        "CHƯƠNG TRÌNH HỖ TRỢ ỨNG DỤNG CHUYỂN GIAO TIẾN BỘ KH&CN VỀ NÔNG NGHIỆP",
        "Agricultural S&T application and transfer support programme",
        "QLCS",
        4,
        (
            ("I", "Xây dựng mô hình ứng dụng chuyển giao tiến bộ KH&CN"),
            ("II", "Đào tạo, bồi dưỡng để mở rộng áp dụng tiến bộ KH&CN"),
        ),
        3,
    ),
    ProgramSpec(
        "S5",
        "Chương trình nâng cao năng lực quản lý nhà nước",
        "State management capacity programme",
        "VP",
        5,
        (
            ("a", "Cải cách thủ tục hành chính công"),
            ("b", "Nâng cao chất lượng công tác truyền thông"),
            ("c", "Nâng cao chất lượng công tác tham mưu"),
            ("d", "Nâng cao chất lượng công tác thanh kiểm tra"),
            ("e", "Nâng cao chất lượng nguồn nhân lực"),
        ),
        9,
    ),
    ProgramSpec("S6", "Các hoạt động KH&CN khác", "Other science and technology activities", None, 6, (), 9),
]

# Indicators of each kind in the shipped plan (96 in all).
KIND_WEIGHTS = {"cumulative": 36, "milestone": 31, "activity": 11, "threshold": 7, "share": 6, "annual": 4, "growth": 1}
# How many measures an indicator of each kind gets, as (count, weight). Milestones and activities
# mostly have none, as in the shipped plan; the others are weighted so that N indicators give about
# 20 N quarterly records (10 000 indicators: about 200 000 records).
MEASURE_COUNTS = {
    "milestone": ((0, 80), (1, 20)),
    "activity": ((0, 60), (1, 40)),
    "default": ((1, 55), (2, 28), (3, 11), (4, 4), (5, 2)),
}
COUNTED = [  # (key, unit, label) for measures that count things
    ("firms", "DN", "Doanh nghiệp được hỗ trợ"),
    ("projects", "dự án", "Dự án được triển khai"),
    ("events", "sự kiện", "Sự kiện được tổ chức"),
    ("visits", "lượt", "Lượt tham gia"),
    ("applications", "hồ sơ", "Hồ sơ được tiếp nhận"),
    ("experts", "chuyên gia", "Chuyên gia KH&CN"),
    ("organisations", "tổ chức", "Tổ chức KH&CN"),
    ("classes", "lớp", "Lớp đào tạo"),
    ("contracts", "hợp đồng", "Hợp đồng nghiên cứu"),
    ("products", "sản phẩm", "Sản phẩm mục tiêu"),
]
RATES = [  # (key, label) for percentage measures
    ("application_rate", "Tỷ lệ ứng dụng kết quả sau nghiên cứu"),
    ("online_rate", "Tỷ lệ hồ sơ trực tuyến"),
    ("on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn"),
    ("funding_share", "Tỷ lệ kinh phí đầu tư"),
]
LABELS_EN = {  # each measure's label in English, beside the Vietnamese one above
    "firms": "Enterprises supported",
    "projects": "Projects carried out",
    "events": "Events held",
    "visits": "Attendances",
    "applications": "Applications received",
    "experts": "S&T experts",
    "organisations": "S&T organisations",
    "classes": "Training classes",
    "contracts": "Research contracts",
    "products": "Target products",
    "application_rate": "Rate of application of research results",
    "online_rate": "Share of applications filed online",
    "on_time_rate": "Share of applications settled on time",
    "funding_share": "Share of investment funding",
}
VERBS = [
    "Hỗ trợ",
    "Triển khai",
    "Đào tạo",
    "Xây dựng",
    "Tổ chức",
    "Phát triển",
    "Nâng cao",
    "Thúc đẩy",
    "Kết nối",
    "Đánh giá",
    "Công bố",
    "Phối hợp",
]
OBJECTS = [
    "doanh nghiệp nhỏ và vừa",
    "dự án đổi mới sáng tạo",
    "hệ sinh thái khởi nghiệp",
    "mô hình ứng dụng tiến bộ KH&CN",
    "chương trình nghiên cứu trọng điểm",
    "sàn giao dịch công nghệ",
    "tài sản trí tuệ",
    "tổ chức KH&CN",
    "nguồn nhân lực KH&CN",
    "cơ sở dữ liệu thông tin KH&CN",
    "thủ tục hành chính",
    "mạng lưới chuyên gia",
]
QUALIFIERS = [
    "trên địa bàn Thành phố",
    "giai đoạn 2016 - 2020",
    "trong 04 ngành công nghiệp trọng yếu",
    "cấp cơ sở",
    "lĩnh vực nông nghiệp nông thôn",
    "theo kế hoạch năm 2018",
    "của các quận, huyện",
    "với các trường đại học, viện nghiên cứu",
]


# ---------------------------------------------------------------- the synthetic plan


@dataclass
class Measure:
    key: str
    unit: str
    label: str | None = None
    kind: str | None = None
    """Only where it differs from the indicator's kind."""
    direction: str | None = None
    target: int | float | None = None
    actual_2016: int | float | None = None
    actual_2017: int | float | None = None
    plan_2018: int | float | None = None

    @property
    def percent(self) -> bool:
        return self.unit == "%"


@dataclass
class Indicator:
    id: str
    program: str
    section: str | None
    tt: str
    parent: str | None
    title: str
    owner: str
    kind: str
    deadline: tuple[int, int] | None
    measures: list[Measure]
    line: int
    notes: str | None = None
    co_owners: list[str] = field(default_factory=list)

    def measure_kind(self, measure: Measure) -> str:
        return measure.kind or self.kind


def _weighted(rng: random.Random, pairs: Iterable[tuple[T, int]]) -> T:
    values, weights = zip(*pairs)
    chosen: T = rng.choices(values, weights)[0]
    return chosen


def _program_sizes(rng: random.Random, count: int) -> dict[str, int]:
    """Split `count` indicators over the programs in the shipped plan's proportions (each gets one)."""
    sizes = {p.code: 1 for p in PROGRAMS[:count]}
    for code in rng.choices([p.code for p in PROGRAMS], [p.weight for p in PROGRAMS], k=max(count - len(sizes), 0)):
        sizes[code] = sizes.get(code, 0) + 1
    return sizes


def _kind(rng: random.Random) -> str:
    return _weighted(rng, KIND_WEIGHTS.items())


def _owner(rng: random.Random, program: ProgramSpec) -> str:
    if program.owner is not None and rng.random() < 0.85:
        return program.owner
    return rng.choice(OWNER_CODES)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"


def _counted_measure(rng: random.Random, key: str, unit: str, label: str, kind: str) -> Measure:
    """A measure that counts things: a period total (cumulative), a yearly figure (annual), a
    factor (growth) or an activity's plain count."""
    rng.random()  # once chose whether the measure had a label; every measure has one now (kpi check)
    measure = Measure(key=key, unit=unit, label=label)
    if kind == "growth":
        measure.target = 2
        measure.actual_2016 = rng.randint(50, 2000)
        measure.actual_2017 = measure.actual_2016 * 2 + rng.randint(0, 50)
        measure.plan_2018 = measure.actual_2017 * 2 + rng.randint(0, 100)
        return measure
    if kind == "activity":
        measure.actual_2017 = rng.randint(3, 300)
        return measure
    scale = rng.choice((10, 50, 100, 500, 1000, 5000, 20000))
    target = max(5, round(scale * rng.uniform(0.5, 1.5)))
    yearly = target / 5 if kind == "cumulative" else target
    if rng.random() < 0.8:
        measure.target = target
    if rng.random() < 0.45:
        measure.actual_2016 = round(yearly * rng.uniform(0.3, 1.2))
    if rng.random() < 0.6:
        measure.actual_2017 = round(yearly * rng.uniform(0.3, 1.2))
    if rng.random() < 0.85:
        measure.plan_2018 = max(1, round(yearly * rng.uniform(0.8, 1.2)))
    return measure


def _rate_measure(rng: random.Random, key: str, label: str, kind: str) -> Measure:
    """A percentage: a threshold's bar, or the share of an uncounted population."""
    measure = Measure(key=key, unit="%", label=label)
    if kind == "share":
        measure.target = rng.choice((10, 20, 30, 50))
        return measure
    measure.direction = "at_least" if rng.random() < 0.9 else "at_most"
    measure.target = rng.choice((50, 60, 70, 80, 90))
    measure.plan_2018 = measure.target
    if rng.random() < 0.5:
        measure.actual_2016 = round(rng.uniform(40, 99), 1)
    if rng.random() < 0.7:
        measure.actual_2017 = round(rng.uniform(40, 99), 1)
    return measure


def _measures(rng: random.Random, kind: str) -> list[Measure]:
    count = _weighted(rng, MEASURE_COUNTS.get(kind, MEASURE_COUNTS["default"]))
    if count == 0:
        return []
    if kind in ("threshold", "share"):
        key, label = rng.choice(RATES)
        measures = [_rate_measure(rng, key, label, kind)]
        # Further measures of a threshold row count things, as in A.2 of the shipped plan.
        for key, unit, label in rng.sample(COUNTED, count - 1):
            extra = _counted_measure(rng, key, unit, label, "cumulative")
            extra.kind = "cumulative" if kind == "threshold" else None
            measures.append(extra)
        return measures
    if kind == "milestone":
        key, unit, label = rng.choice(COUNTED)
        measure = Measure(key=key, unit=unit, label=label, plan_2018=rng.randint(1, 20))
        return [measure]
    return [_counted_measure(rng, key, unit, label, kind) for key, unit, label in rng.sample(COUNTED, count)]


def build_plan(count: int, seed: int) -> list[Indicator]:
    """N indicators, program by program and section by section, a third of them sub-rows."""
    rng = random.Random(seed)
    sizes = _program_sizes(rng, count)
    indicators: list[Indicator] = []
    line = 330
    for program in PROGRAMS:
        size = sizes.get(program.code, 0)
        sections = program.sections or ((None, ""),)
        per_section = [size // len(sections) + (1 if i < size % len(sections) else 0) for i in range(len(sections))]
        number = 0  # rows are numbered through the program, except D restarts in each section (D.II.1)
        for (section, _), section_size in zip(sections, per_section):
            if program.code == "D":
                number = 0
            parent: Indicator | None = None
            children = 0
            for _ in range(section_size):
                line += 1
                kind = _kind(rng)
                if program.appendix and parent is not None and rng.random() < 0.3:
                    children += 1
                    indicator_id, tt, parent_id = f"{parent.id}.{children}", f"{parent.tt}.{children}", parent.id
                else:
                    number += 1
                    children = 0
                    prefix = f"D.{section}" if program.code == "D" else program.code
                    indicator_id, tt, parent_id = f"{prefix}.{number}", str(number), None
                    if not program.appendix:
                        tt = f"({number})"
                deadline = None
                if (kind == "milestone" and rng.random() < 0.6) or rng.random() < 0.15:
                    deadline = rng.choice(QUARTERS)
                owner = _owner(rng, program)
                indicator = Indicator(
                    id=indicator_id,
                    program=program.code,
                    section=section,
                    tt=tt,
                    parent=parent_id,
                    title=_title(rng),
                    owner=owner,
                    kind=kind,
                    deadline=deadline,
                    measures=_measures(rng, kind),
                    line=line,
                    notes="Số liệu tổng hợp từ báo cáo của đơn vị." if rng.random() < 0.1 else None,
                    co_owners=[rng.choice([c for c in OWNER_CODES if c != owner])] if rng.random() < 0.05 else [],
                )
                indicators.append(indicator)
                if parent_id is None:
                    parent = indicator
    return indicators


# ---------------------------------------------------------------- numbers and YAML text


def vn_number(value: int | float) -> str:
    """Vietnamese notation, as the source document writes figures: 10000 -> 10.000, 88.2 -> 88,2."""
    if isinstance(value, float) and not value.is_integer():
        whole, _, fraction = f"{value:.6f}".rstrip("0").partition(".")
        return f"{int(whole):,}".replace(",", ".") + "," + fraction
    return f"{int(value):,}".replace(",", ".")


def yaml_number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.6f}".rstrip("0")
    return str(int(value))


_PLAIN_SAFE = re.compile(r"[^\W\d_][^\n:#]*[^\s:#]")


def yaml_text(text: str) -> str:
    """A YAML scalar for free text: plain when it is unambiguous, else double-quoted."""
    if _PLAIN_SAFE.fullmatch(text) and text.lower() not in ("yes", "no", "on", "off", "true", "false", "null"):
        return text
    return json.dumps(text, ensure_ascii=False)


def quarter_name(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]}-Q{quarter[1]}"


def quarter_first_day(quarter: tuple[int, int]) -> date:
    return date(quarter[0], 3 * quarter[1] - 2, 1)


def quarter_last_day(quarter: tuple[int, int]) -> date:
    year, number = quarter
    return (date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)) - timedelta(days=1)


_CELL_WORDS = {
    "target": "Chỉ tiêu",
    "actual_2016": "Năm 2016 đạt",
    "actual_2017": "Năm 2017 đạt",
    "plan_2018": "Kế hoạch 2018",
}


def _figure_phrases(indicator: Indicator, name: str) -> list[str]:
    """One phrase per measure that has this figure, e.g. `1.250 DN`, written as the source would."""
    phrases = []
    for measure in indicator.measures:
        value = getattr(measure, name)
        if value is not None:
            phrases.append(f"{vn_number(value)}{'%' if measure.percent else ' ' + measure.unit}")
    return phrases


def _source_yaml(indicator: Indicator) -> list[str]:
    lines = ["    source:", f"      line: {indicator.line}"]
    if indicator.program.startswith("S"):
        figures = [p for name in _CELL_WORDS for p in _figure_phrases(indicator, name)]
        text = f"{indicator.tt} {indicator.title}" + (f" ({'; '.join(figures)})" if figures else "") + "."
        lines.append(f"      text: {yaml_text(text)}")
        return lines
    lines += ["      cells:", f"        tt: '{indicator.tt}'", f"        content: {yaml_text(indicator.title)}"]
    for name, words in _CELL_WORDS.items():
        phrases = _figure_phrases(indicator, name)
        if phrases:
            lines.append(f"        {name}: {yaml_text(words + ' ' + ', '.join(phrases))}")
    if indicator.deadline is not None:
        year, number = indicator.deadline
        lines.append(f"        deadline: Quý {'I' * number if number < 4 else 'IV'}/{year}")
    return lines


def _measure_yaml(measure: Measure) -> list[str]:
    lines = [f"      - key: {measure.key}"]
    if measure.label is not None:
        lines += [
            "        label:",
            f"          vi: {yaml_text(measure.label)}",
            f"          en: {yaml_text(LABELS_EN[measure.key])}",
        ]
    lines.append(f"        unit: {yaml_text(measure.unit)}")
    if measure.kind is not None:
        lines.append(f"        kind: {measure.kind}")
    if measure.direction is not None:
        lines.append(f"        direction: {measure.direction}")
    for name in ("target", "actual_2016", "actual_2017", "plan_2018"):
        value = getattr(measure, name)
        if value is not None:
            lines.append(f"        {name}: {yaml_number(value)}")
    return lines


def _indicator_yaml(indicator: Indicator) -> str:
    lines = [f"  - id: {indicator.id}", f"    program: {indicator.program}"]
    if indicator.section is not None:
        lines.append(f"    section: {indicator.section}")
    lines.append(f"    tt: '{indicator.tt}'")
    if indicator.parent is not None:
        lines.append(f"    parent: {indicator.parent}")
    lines += [f"    title: {yaml_text(indicator.title)}", f"    owner: {indicator.owner}"]
    if indicator.co_owners:
        lines.append("    co_owners:")
        lines += [f"      - {code}" for code in indicator.co_owners]
    lines.append(f"    kind: {indicator.kind}")
    if indicator.deadline is not None:
        lines.append(f"    deadline: {quarter_name(indicator.deadline)}")
    if indicator.measures:
        lines.append("    measures:")
        for measure in indicator.measures:
            lines += _measure_yaml(measure)
    if indicator.notes is not None:
        lines.append(f"    notes: {yaml_text(indicator.notes)}")
    lines += _source_yaml(indicator)
    return "\n".join(lines) + "\n"


def _tasks_yaml(indicators: list[Indicator]) -> list[str]:
    """One main-text task per top-level row of three in four, listing the row among `measured_by`."""
    sections = {p.code: p.main_text_section for p in PROGRAMS}
    numbers: dict[int, int] = {}
    lines = ["tasks:"]
    for indicator in indicators:
        if indicator.parent is not None or indicator.line % 4 == 0:
            continue
        section = sections[indicator.program]
        numbers[section] = numbers.get(section, 0) + 1
        lines += [
            f"  - id: T{section}.{numbers[section]}",
            f"    text: {yaml_text(f'({numbers[section]}) {indicator.title}.')}",
            f"    line: {indicator.line}",
            "    measured_by:",
            f"      - {indicator.id}",
            "",
        ]
    return lines


def plan_yaml(indicators: list[Indicator], count: int, seed: int) -> str:
    head = [
        "# yaml-language-server: $schema=../schemas/plan.schema.json",
        f"# Synthetic catalogue written by bench/generate.py (--indicators {count} --seed {seed}): the shape of",
        "# the real plan, made-up rows. Not the plan; for benchmarks only.",
        "plan:",
        "  number: 62/KH-SKHCN",
        "  title: Kế hoạch hoạt động khoa học công nghệ và đổi mới sáng tạo năm 2018",
        "  issuer: Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh",
        "  signed: 2018-01-08",
        f"  period_start: {FIRST_YEAR}",
        f"  period_end: {LAST_YEAR}",
        "  year: 2018",
        "  source_file: docs/source/plan-62-KH-SKHCN-2018.txt",
        "owners:",
    ]
    for code, name_vi, name_en in OWNERS:
        head += [f"  - code: {code}", f"    name_vi: {yaml_text(name_vi)}", f"    name_en: {yaml_text(name_en)}"]
    head.append("programs:")
    for line, program in enumerate(PROGRAMS, start=300):
        head += [
            f"  - code: {program.code}",
            f"    title: {yaml_text(program.title)}",
            f"    title_en: {yaml_text(program.title_en)}",
        ]
        if program.owner is not None:
            head.append(f"    owner: {program.owner}")
        head += [f"    main_text_section: {program.main_text_section}", f"    line: {line}"]
        if program.sections:
            head.append("    sections:")
            for code, title in program.sections:
                head += [f"      - code: {code}", f"        title: {yaml_text(title)}"]
    head.append("indicators:")
    body = "\n".join(_indicator_yaml(indicator) for indicator in indicators)
    return _nfc(_by_year("\n".join(head) + "\n" + body + "\n" + "\n".join(_tasks_yaml(indicators)) + "\n"))


def _by_year(text: str) -> str:
    """The rows are written with the appendix's column names (`actual_2016: 5`); the catalogue keeps
    yearly figures by year under `actuals:` and `plans:`."""
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


SETTINGS_YAML = """\
# yaml-language-server: $schema=../schemas/settings.schema.json
# Synthetic data written by bench/generate.py: every quarter of 2016-2020 is recorded.
reporting_date: 2020-12-31
thresholds:
  on_track: 0.9
  at_risk: 0.6
record:
  commit: false
"""


# ---------------------------------------------------------------- the actuals


@dataclass
class Record:
    indicator: Indicator
    measure: Measure | None
    value: int | float | None = None
    done: date | None = None


def _quarter_value(rng: random.Random, indicator: Indicator, measure: Measure) -> int | float:
    """A plausible figure for one quarter: a quarter's share of the yearly pace, or a rate."""
    if measure.percent:
        return round(rng.uniform(30, 100), 1)
    kind = indicator.measure_kind(measure)
    basis = measure.target or measure.plan_2018 or measure.actual_2017 or 40
    yearly = basis / 5 if kind == "cumulative" and measure.target else basis
    return max(0, round(yearly / 4 * rng.uniform(0.4, 1.6)))


def _agree_with_stated_years(by_quarter: dict[tuple[int, int], list[Record]]) -> None:
    """Make a year's quarters give the actual the plan states for it (2016, 2017), as real data would:
    the four quarters of a count add up to it, the last quarter of a level (a percentage) is it.
    Otherwise `kpi check` warns on every such measure and times the rendering of warnings."""
    stated = {2016: "actual_2016", 2017: "actual_2017"}
    for year, name in stated.items():
        quarters = [by_quarter[(year, number)] for number in (1, 2, 3, 4) if (year, number) in by_quarter]
        if len(quarters) != 4:
            continue
        for rows in zip(*quarters):  # the same measure's record in each quarter, in the same order
            measure = rows[0].measure
            total = getattr(measure, name, None) if measure is not None else None
            if total is None:
                continue
            if measure.percent:
                rows[3].value = total
                continue
            whole = int(total)
            parts = [whole // 4] * 4
            parts[3] += whole - sum(parts)
            for row, part in zip(rows, parts):
                row.value = part


def build_records(indicators: list[Indicator], seed: int) -> dict[tuple[int, int], list[Record]]:
    """Every quarter's records: each measure every quarter; each milestone done once (or never)."""
    rng = random.Random(seed * 7919 + 1)
    by_quarter: dict[tuple[int, int], list[Record]] = {quarter: [] for quarter in QUARTERS}
    for quarter in QUARTERS:
        records = by_quarter[quarter]
        for indicator in indicators:
            if indicator.kind == "milestone":
                continue
            for measure in indicator.measures:
                records.append(Record(indicator, measure, value=_quarter_value(rng, indicator, measure)))
    _agree_with_stated_years(by_quarter)
    for indicator in indicators:
        if indicator.kind != "milestone" or rng.random() < 0.15:
            continue  # 15 % of milestones are never done: overdue
        quarter = indicator.deadline or rng.choice(QUARTERS)
        done = quarter_first_day(quarter) + timedelta(days=rng.randint(0, 80))
        by_quarter[quarter].append(Record(indicator, None, done=min(done, quarter_last_day(quarter))))
    return by_quarter


def _record_yaml(record: Record, recorded_at: str) -> str:
    if record.done is not None:
        figure = f"    done: {record.done.isoformat()}\n    evidence: Quyết định số {record.indicator.line}/QĐ-SKHCN\n"
    else:
        assert record.measure is not None and record.value is not None
        figure = f"    measure: {record.measure.key}\n    value: {yaml_number(record.value)}\n"
    return (
        f"  - indicator: {record.indicator.id}\n{figure}"
        f"    recorded_by: {RECORDED_BY}\n    recorded_at: {recorded_at}\n"
    )


def actuals_files(by_quarter: dict[tuple[int, int], list[Record]]) -> dict[str, str]:
    """Relative path `<YYYY-Qn>/<OWNER>.yaml` -> file text, in the format `kpi record` writes."""
    files: dict[str, str] = {}
    for quarter, records in by_quarter.items():
        name = quarter_name(quarter)
        recorded_at = f"{(quarter_last_day(quarter) + timedelta(days=10)).isoformat()}T09:00:00+00:00"
        by_owner: dict[str, list[str]] = {}
        for record in records:
            by_owner.setdefault(record.indicator.owner, []).append(_record_yaml(record, recorded_at))
        for owner in OWNER_CODES:
            if owner in by_owner:
                files[f"{name}/{owner}.yaml"] = _nfc(
                    "# yaml-language-server: $schema=../../../schemas/actuals.schema.json\n"
                    f"quarter: {name}\nowner: {owner}\nrecords:\n" + "".join(by_owner[owner])
                )
    return files


# ---------------------------------------------------------------- the journal


def yearly_goal(kind: str, target: object, plan_2018: object) -> str:
    """The yearly budget goal of one indicator-measure: a cumulative target spread over the five
    years, any other target as it stands, else the 2018 plan, else zero."""
    if target is not None:
        return _amount(float(str(target)) / (LAST_YEAR - FIRST_YEAR + 1) if kind == "cumulative" else target)
    return _amount(plan_2018 if plan_2018 is not None else 0)


def _amount(value: object) -> str:
    number = float(str(value))
    return str(int(number)) if number.is_integer() else f"{number:.4f}".rstrip("0")


def account(program: str, owner: str, indicator_id: str, measure: str) -> str:
    return f"kpi:{program}:{owner}:{indicator_id}:{measure}"


def journal_text(goals: list[tuple[str, str]], postings: list[tuple[date, str, str, str]], title: str) -> str:
    """`goals`: (account, yearly amount), all in one periodic transaction. `postings`: (date,
    description, account, amount), one transaction each with one unbalanced virtual posting."""
    parts = [
        f"; {title}\n",
        "decimal-mark .\n\n",
        f"~ yearly from {FIRST_YEAR}-01-01 to {LAST_YEAR + 1}-01-01  goals\n",
    ]
    parts += [f"    ({name})  {amount}\n" for name, amount in goals]
    parts.append("\n")
    parts += [
        f"{day.isoformat()} {description}\n    ({name})  {amount}\n\n" for day, description, name, amount in postings
    ]
    return "".join(parts)


def synthetic_journal(
    indicators: list[Indicator], by_quarter: dict[tuple[int, int], list[Record]], count: int, seed: int
) -> str:
    goals = []
    for indicator in indicators:
        if indicator.kind == "milestone":
            goals.append((account(indicator.program, indicator.owner, indicator.id, "done"), "1"))
            continue
        for measure in indicator.measures:
            goals.append(
                (
                    account(indicator.program, indicator.owner, indicator.id, measure.key),
                    yearly_goal(indicator.measure_kind(measure), measure.target, measure.plan_2018),
                )
            )
    postings = []
    for quarter, records in by_quarter.items():
        day = quarter_first_day(quarter)
        for record in records:
            indicator = record.indicator
            if record.done is not None:
                postings.append(
                    (
                        day,
                        f"{indicator.id} done",
                        account(indicator.program, indicator.owner, indicator.id, "done"),
                        "1",
                    )
                )
            else:
                assert record.measure is not None and record.value is not None
                postings.append(
                    (
                        day,
                        f"{indicator.id} {record.measure.key}",
                        account(indicator.program, indicator.owner, indicator.id, record.measure.key),
                        yaml_number(record.value),
                    )
                )
    return journal_text(
        goals,
        postings,
        f"bench/generate.py --indicators {count} --seed {seed}: the same "
        "catalogue (goals) and records (postings) as data/",
    )


# ---------------------------------------------------------------- writing it out


@dataclass
class Summary:
    indicators: int
    measures: int
    records: int
    files: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.indicators} indicators, {self.measures} measures, {self.records} records in "
            f"{self.files} actuals files, written in {self.seconds:.1f} s"
        )


def generate(count: int, seed: int, out: Path, journal: bool = True) -> Summary:
    """Write OUT/data (catalogue, settings, actuals) and OUT/kpi.journal; return what was written."""
    if count < 1:
        raise ValueError("--indicators must be at least 1")
    started = time.perf_counter()
    indicators = build_plan(count, seed)
    by_quarter = build_records(indicators, seed)
    data = out / "data"
    actuals = data / "actuals"
    actuals.mkdir(parents=True, exist_ok=True)
    (data / "plan2018.yaml").write_text(plan_yaml(indicators, count, seed), encoding="utf-8")
    (data / "settings.yaml").write_text(SETTINGS_YAML, encoding="utf-8")
    files = actuals_files(by_quarter)
    for relative, text in files.items():
        path = actuals / relative
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if journal:
        (out / "kpi.journal").write_text(synthetic_journal(indicators, by_quarter, count, seed), encoding="utf-8")
    return Summary(
        indicators=len(indicators),
        measures=sum(len(i.measures) for i in indicators),
        records=sum(len(r) for r in by_quarter.values()),
        files=len(files),
        seconds=time.perf_counter() - started,
    )


def journal_from_data(data_dir: Path, journal: Path) -> int:
    """Convert a real data folder to a journal: targets as goals, the catalogue's 2016 and 2017
    actuals as postings at the years' ends, and every recorded actual at its quarter's first day.
    Return the number of postings."""
    import yaml  # a dependency of kpi; only this mode reads YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    catalogue = yaml.load((data_dir / "plan2018.yaml").read_text(encoding="utf-8"), Loader=loader)
    goals, postings = [], []
    indicators = {}
    for indicator in catalogue["indicators"]:
        indicators[indicator["id"].casefold()] = indicator

        def name(key: str, i: dict[str, str] = indicator) -> str:
            return account(i["program"], i["owner"], i["id"], key)

        if indicator["kind"] == "milestone":
            goals.append((name("done"), "1"))
        for measure in indicator.get("measures") or []:
            kind = measure.get("kind") or indicator["kind"]
            if indicator["kind"] != "milestone":
                goals.append(
                    (
                        name(measure["key"]),
                        yearly_goal(kind, measure.get("target"), (measure.get("plans") or {}).get(2018)),
                    )
                )
            for year in (2016, 2017):
                value = (measure.get("actuals") or {}).get(year)
                if value is not None:
                    postings.append(
                        (
                            date(year, 12, 31),
                            f"{indicator['id']} {measure['key']}",
                            name(measure["key"]),
                            _amount(value),
                        )
                    )
    for path in sorted((data_dir / "actuals").glob("*/*.yaml")):
        actuals = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        quarter_year, quarter_number = str(actuals["quarter"]).split("-Q")
        day = quarter_first_day((int(quarter_year), int(quarter_number)))
        for record in actuals.get("records") or []:
            indicator = indicators.get(str(record["indicator"]).casefold())
            if indicator is None:
                continue
            key = (
                "done"
                if record.get("done") is not None
                else (record.get("measure") or (indicator.get("measures") or [{"key": "value"}])[0]["key"])
            )
            amount = "1" if key == "done" else _amount(record["value"])
            postings.append(
                (
                    day,
                    f"{indicator['id']} {key}",
                    account(indicator["program"], indicator["owner"], indicator["id"], key),
                    amount,
                )
            )
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(journal_text(goals, postings, f"bench/generate.py --from-data {data_dir}"), encoding="utf-8")
    return len(postings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--indicators", "-n", type=int, help="How many indicators to make up.")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1): same seed, same files.")
    parser.add_argument("--out", type=Path, help="Folder to write data/ and kpi.journal into.")
    parser.add_argument("--no-journal", action="store_true", help="Write the kpi data only.")
    parser.add_argument("--from-data", type=Path, metavar="DATA", help="Convert this data folder to a journal instead.")
    parser.add_argument("--journal", type=Path, help="With --from-data: the journal to write.")
    args = parser.parse_args(argv)
    if args.from_data is not None:
        if args.journal is None:
            parser.error("--from-data needs --journal FILE")
        postings = journal_from_data(args.from_data, args.journal)
        print(f"{args.journal}: {postings} postings from {args.from_data}")
        return 0
    if args.indicators is None or args.out is None:
        parser.error("give --indicators N and --out DIR (or --from-data DATA --journal FILE)")
    try:
        summary = generate(args.indicators, args.seed, args.out, journal=not args.no_journal)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"{args.out}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
