"""An edit of an actuals file changes only what it must (docs/guide.md, "Recording actuals").

Rules pinned here, on the editor itself (`kpi.files.actuals_edit.edit_actuals`, which `kpi record` calls):

* what is written reads back as exactly the records meant, every field (hypothesis: any text,
  figure, date, time; any of the layouts people write by hand);
* an appended record is inserted in one piece, after the last record (or after a footer of
  comments), and every byte of the file before and after it is kept;
* a replaced record is rewritten in its own lines only: every byte outside it is kept, and inside
  it the keys that do not change stay as written (quoting, form of the figure, comments, a long
  line), a new key goes where the model's field order puts it, and its history grows in the style
  it was written in;
* an empty `records:` (`~`, nothing, `[]`) becomes a block list; a file in flow style is edited
  through a whole round trip and still reads back.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kpi.files.actuals_edit import UneditableRecord, edit_actuals
from kpi.files.catalogue import actuals_from_document
from kpi.files.yamlsource import parse_yaml
from kpi.model.models import Record, ReplacedValue
from tests.support import MINIMAL_CATALOGUE, kpi

ICT = timezone(timedelta(hours=7))


def read_back(text: str) -> list[Record]:
    read = actuals_from_document(parse_yaml(text, Path("QLCN.yaml")))
    assert read.findings == [], text
    assert read.actuals is not None
    return list(read.actuals.records)


class R(str):
    """A record's own lines within a layout (what a rewrite of it may change)."""


# Layouts people write, cut into the text around the records and each record's own lines.
LAYOUTS: dict[str, list[str]] = {
    "as kpi writes it": [
        "# yaml-language-server: $schema=../../../schemas/actuals.schema.json\nquarter: 2018-Q2\nowner: QLCN\n"
        "records:\n",
        R(
            "  - indicator: B.1\n    measure: firms\n    value: 850\n    recorded_by: Trần Thị Bình\n"
            "    recorded_at: 2018-07-05T09:15:00+07:00\n"
        ),
        R("  - indicator: B.8\n    done: 2018-05-02\n    evidence: QĐ 123/QĐ-UBND\n"),
    ],
    "by hand, four spaces, comments, blank lines, a footer": [
        "# Báo cáo quý II/2018 (nhập tay)\nquarter: 2018-Q2   # quý đang báo cáo\nowner: 'QLCN'\nrecords:\n"
        "    # Đã đối chiếu với Báo cáo số 45/BC-QLCN\n",
        R(
            '    -   value: 39.50  # giữ nguyên số 0 ở cuối\n        indicator: "B.20"\n        note: >-\n'
            "            Số liệu tổng hợp từ các huyện Củ Chi,\n            Hóc Môn và Bình Chánh.\n"
            "        recorded_at: 2018-07-05 09:15:00+07:00\n"
        ),
        "\n",
        R(
            "    -   indicator: B.1   # Đào tạo doanh nghiệp\n        value: 1069.0\n        source: Báo cáo số 12/BC-SKHCN\n"
        ),
        "# hết phần nhập tay\n",
    ],
    "dash at column 0, block notes, a history last": [
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n",
        R("- indicator: B.1\n  value: 5\n  note: |\n    dòng một\n\n    dòng hai\n"),
        R("- indicator: B.20\n  value: 6\n  note: |\n    giữ nguyên\n"),
        "\n",  # one blank line: the block scalar's end takes it in, the record's lines do not
        R(
            "- indicator: B.1.1\n  value: 7\n  recorded_by: An\n  history:\n  - value: 2\n  - value: 3\n"
            "    recorded_by: Bình  # lần đầu\n  - value: 4\n    replaced_at: 2018-07-01T08:00:00+07:00\n"
        ),
        "# cuối tệp: hết\n",
    ],
    "keys after the records": [
        "quarter: 2018-Q2\nrecords:\n",
        R("  - indicator: B.1.1\n    value: 5\n"),
        "# đơn vị báo cáo\nowner: QLCN\n",
    ],
    "an indented footer": [
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n",
        R("  - indicator: B.1.1\n    value: 5\n"),
        "  # hết\n",
    ],
}


def layout_text(name: str) -> str:
    return "".join(LAYOUTS[name])


# ---------------------------------------------------------------- records of any content

plain_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")) | st.sampled_from("\n\t X"),
    max_size=120,
).map(lambda t: unicodedata.normalize("NFC", t))
texts = st.none() | plain_text
figures = st.integers(0, 4).flatmap(lambda places: st.integers(0, 10**10).map(lambda n: Decimal(n).scaleb(-places)))
days = st.dates(date(2016, 1, 1), date(2020, 12, 31))
moments = st.none() | st.datetimes(datetime(2016, 1, 1), datetime(2020, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0, tzinfo=ICT)
)
replaced_values = st.builds(
    ReplacedValue,
    value=st.none() | figures,
    recorded_by=texts,
    recorded_at=moments,
    replaced_at=moments,
)


@st.composite
def records(draw: st.DrawFn, history: list[ReplacedValue] | None = None) -> Record:
    """A record as kpi would write it: a figure or a done date, any text in its fields."""
    figure = draw(st.booleans())
    return Record(
        indicator=draw(st.sampled_from(["B.1", "B.1.1", "B.20"])),
        measure=draw(st.none() | st.just("firms")),
        value=draw(figures) if figure else None,
        done=None if figure else draw(days),
        evidence=draw(texts),
        note=draw(texts),
        source=draw(texts),
        recorded_by=draw(texts),
        recorded_at=draw(moments),
        history=history or [],
    )


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(list(LAYOUTS)), appended=st.lists(records(), min_size=1, max_size=3))
@example(name="as kpi writes it", appended=[Record(indicator="B.1", value=Decimal("0.000001"), note="MAX")])
# Line separators a plain scalar cannot hold (a control character such as DEL is refused before the editor: issue 27).
@example(name="as kpi writes it", appended=[Record(indicator="B.1", value=Decimal("1.125"), note="a\u2028b\u2029")])
def test_appended_records_read_back_whole_and_every_other_byte_is_kept(name: str, appended: list[Record]) -> None:
    text = layout_text(name)
    earlier = read_back(text)

    edited = edit_actuals(text, appended, {})

    assert read_back(edited) == earlier + appended
    # One insertion: what precedes it and what follows it are the file as it was.
    records_end = sum(
        len(piece) for piece in LAYOUTS[name][: max(i for i, p in enumerate(LAYOUTS[name]) if isinstance(p, R)) + 1]
    )
    footer = text[records_end:]
    at = (
        len(text)
        if all(not line.strip() or line.lstrip().startswith("#") for line in footer.split("\n"))
        else records_end
    )
    assert edited[:at] == text[:at]
    assert edited.endswith(text[at:])
    assert len(edited) > len(text)


@st.composite
def replacements(draw: st.DrawFn) -> tuple[str, int, Record]:
    name = draw(st.sampled_from(list(LAYOUTS)))
    earlier = read_back(layout_text(name))
    index = draw(st.integers(0, len(earlier) - 1))
    kept = earlier[index].history
    history = draw(st.just([]) | st.lists(replaced_values, max_size=2).map(lambda more: [*kept, *more]))
    return name, index, draw(records(history))


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(replacements())
@example(("by hand, four spaces, comments, blank lines, a footer", 0, Record(indicator="B.1", value=0, note=" ")))
@example(("dash at column 0, block notes, a history last", 0, Record(indicator="B.1", value=5, note="dòng một\n")))
def test_a_replaced_record_reads_back_and_every_byte_outside_it_is_kept(case: tuple[str, int, Record]) -> None:
    name, index, record = case
    text = layout_text(name)
    earlier = read_back(text)
    pieces = LAYOUTS[name]
    own = [i for i, piece in enumerate(pieces) if isinstance(piece, R)][index]
    before, after = "".join(pieces[:own]), "".join(pieces[own + 1 :])

    edited = edit_actuals(text, [], {index: record})

    assert read_back(edited) == [*earlier[:index], record, *earlier[index + 1 :]]
    assert edited.startswith(before) and edited.endswith(after)


# ---------------------------------------------------------------- a replaced record, line by line


def test_keys_that_do_not_change_stay_as_written() -> None:
    """One key changes in each record: its line is rewritten; the others stay in whatever form they
    were written (a quoted ID, 1069.0, a time with a space or quoted, a quoted date, a long note, a
    name and a comment ending in X)."""
    note = (
        "Tổng hợp từ báo cáo của các huyện Củ Chi, Hóc Môn, Bình Chánh, Cần Giờ và Nhà Bè; chưa gồm Quận 9 và Thủ Đức."
    )
    text = (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        '  - indicator: "B.1"   # ghi tay\n    value: 1069  # tạm\n'
        f"    note: {note}\n    recorded_at: 2018-07-05 09:15:00+07:00\n"
        "  - indicator: B.8\n    done: '2018-05-02'\n    evidence: QĐ 1\n    recorded_by: MAX  # nhập lại X\n"
        "  - indicator: B.20\n    value: 1069.0\n    note: cũ\n    recorded_at: '2018-07-05T09:15:00+07:00'\n"
    )
    first, second, third = read_back(text)

    edited = edit_actuals(
        text,
        [],
        {
            0: first.model_copy(update={"value": Decimal(1070)}),
            1: second.model_copy(update={"evidence": "QĐ 2"}),
            2: third.model_copy(update={"note": "mới"}),
        },
    )

    assert edited == (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        '  - indicator: "B.1"   # ghi tay\n    value: 1070  # tạm\n'
        f"    note: {note}\n    recorded_at: 2018-07-05 09:15:00+07:00\n"
        "  - indicator: B.8\n    done: '2018-05-02'\n    evidence: QĐ 2\n    recorded_by: MAX  # nhập lại X\n"
        "  - indicator: B.20\n    value: 1069.0\n    note: mới\n    recorded_at: '2018-07-05T09:15:00+07:00'\n"
    )


def test_a_second_replacement_adds_to_the_history_in_the_style_it_was_written_in() -> None:
    text = (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "  - indicator: B.1\n    value: 900\n    recorded_by: Lê Mai\n    recorded_at: 2018-07-06T10:00:00+07:00\n"
        "    history:\n      - value: 850  # lần đầu\n        recorded_by: Trần Thị Bình\n"
        "        recorded_at: 2018-07-05T09:15:00+07:00\n        replaced_at: 2018-07-06T10:00:00+07:00\n"
    )
    (earlier,) = read_back(text)
    again = datetime(2018, 7, 9, 8, 30, tzinfo=ICT)
    replacement = Record(
        indicator="B.1",
        value=Decimal(950),
        note="theo Báo cáo số 12",
        recorded_by="Phạm Minh Đức",
        recorded_at=again,
        history=[
            *earlier.history,
            ReplacedValue(value=Decimal(900), recorded_by="Lê Mai", recorded_at=earlier.recorded_at, replaced_at=again),
        ],
    )

    edited = edit_actuals(text, [], {0: replacement})

    # The note is new: it goes where the model puts it, after the value and before recorded_by.
    assert edited == (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "  - indicator: B.1\n    value: 950\n    note: theo Báo cáo số 12\n    recorded_by: Phạm Minh Đức\n"
        "    recorded_at: 2018-07-09T08:30:00+07:00\n"
        "    history:\n      - value: 850  # lần đầu\n        recorded_by: Trần Thị Bình\n"
        "        recorded_at: 2018-07-05T09:15:00+07:00\n        replaced_at: 2018-07-06T10:00:00+07:00\n"
        "      - value: 900\n        recorded_by: Lê Mai\n        recorded_at: 2018-07-06T10:00:00+07:00\n"
        "        replaced_at: 2018-07-09T08:30:00+07:00\n"
    )


def test_a_history_written_flush_with_its_key_keeps_that_style() -> None:
    text = (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "- indicator: B.1\n  value: 900\n  history:\n  - value: 850\n    recorded_by: An\n"
    )
    (earlier,) = read_back(text)
    replacement = earlier.model_copy(
        update={"value": Decimal(950), "history": [*earlier.history, ReplacedValue(value=Decimal(900))]}
    )

    edited = edit_actuals(text, [], {0: replacement})

    assert edited == (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "- indicator: B.1\n  value: 950\n  history:\n  - value: 850\n    recorded_by: An\n  - value: 900\n"
    )


def test_a_figure_replacing_a_milestone_date_takes_its_place() -> None:
    text = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.8\n    value: ~\n    done: 2018-05-02\n"
    replacement = Record(indicator="B.8", value=Decimal(3))

    edited = edit_actuals(text, [], {0: replacement})

    assert edited == "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.8\n    value: 3\n"


def test_a_comment_written_left_of_the_record_stays_in_it_at_the_records_column() -> None:
    text = (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "  - indicator: B.1\n  # lệch trái\n    value: 5\n    note: |\n      a\n\n      b\n"
    )
    (earlier,) = read_back(text)

    edited = edit_actuals(text, [], {0: earlier.model_copy(update={"value": Decimal(6)})})

    assert edited == (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        "  - indicator: B.1\n    # lệch trái\n    value: 6\n    note: |\n      a\n\n      b\n"
    )


def test_a_record_ruamel_cannot_read_is_refused_with_what_it_said() -> None:
    text = "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 5\t# tab before a comment\n"
    (earlier,) = read_back(text)

    with pytest.raises(UneditableRecord) as refused:
        edit_actuals(text, [], {0: earlier.model_copy(update={"value": Decimal(6)})})

    assert str(refused.value) == "ScannerError: while scanning for the next token"


def test_a_record_kpi_appended_is_written_on_one_line_a_key_and_can_be_replaced_later() -> None:
    """A long note stays on its line, and a line break is written as \\n in double quotes: folded
    or wrapped lines would read back here but not through ruamel.yaml, and a later --replace of the
    record would be refused."""
    long_note = "Tổng hợp từ báo cáo của các huyện Củ Chi, Hóc Môn, Bình Chánh, Cần Giờ và Nhà Bè; chưa gồm Quận 9."
    appended = [
        Record(indicator="B.1", value=Decimal(5), note=long_note),
        Record(indicator="B.20", value=Decimal(6), note="dòng một\ndòng hai"),
    ]

    edited = edit_actuals("quarter: 2018-Q2\nowner: QLCN\nrecords: []\n", appended, {})

    assert edited == (
        "quarter: 2018-Q2\nowner: QLCN\nrecords:\n"
        f"  - indicator: B.1\n    value: 5\n    note: {long_note}\n"
        '  - indicator: B.20\n    value: 6\n    note: "dòng một\\ndòng hai"\n'
    )
    again = {i: record.model_copy(update={"value": Decimal(7)}) for i, record in enumerate(appended)}
    assert read_back(edit_actuals(edited, [], again)) == list(again.values())


def test_a_new_record_never_carries_a_history() -> None:
    """Only a replacement keeps an old figure; a record appended with one is refused, not half written."""
    text = "quarter: 2018-Q2\nowner: QLCN\nrecords: []\n"
    record = Record(indicator="B.1", value=Decimal(5), history=[ReplacedValue(value=Decimal(4))])

    with pytest.raises(ValueError, match=r"^a new record has no history$"):
        edit_actuals(text, [record], {})


# ---------------------------------------------------------------- empty lists and other layouts

SEVEN = Record(indicator="B.1", value=Decimal(7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "quarter: 2018-Q2\nowner: QLCN\nrecords: ~\n",
            "quarter: 2018-Q2\nowner: QLCN\nrecords: \n  - indicator: B.1\n    value: 7\n",
            id="records: ~",
        ),
        pytest.param(
            "quarter: 2018-Q2\nowner: QLCN\nrecords:\n# chưa có\n",
            "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - indicator: B.1\n    value: 7\n# chưa có\n",
            id="records: nothing",
        ),
        pytest.param(
            "quarter: 2018-Q2\nrecords: []\n# ghi chú: chưa có số liệu\nowner: QLCN\n",
            "quarter: 2018-Q2\nrecords:\n  - indicator: B.1\n    value: 7\n# ghi chú: chưa có số liệu\nowner: QLCN\n",
            id="records: [] before a comment with a colon",
        ),
        pytest.param(
            "  quarter: 2018-Q2\n  owner: QLCN\n  records: ~\n",
            "  quarter: 2018-Q2\n  owner: QLCN\n  records: \n    - indicator: B.1\n      value: 7\n",
            id="everything indented",
        ),
    ],
)
def test_an_empty_record_list_becomes_a_block_list(text: str, expected: str) -> None:
    edited = edit_actuals(text, [SEVEN], {})

    assert edited == expected
    assert read_back(edited) == [SEVEN]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("{quarter: 2018-Q2, owner: QLCN, records: []}\n", id="a flow mapping"),
        pytest.param("{quarter: 2018-Q2, owner: QLCN}\n", id="a flow mapping without records"),
        pytest.param(
            "quarter: 2018-Q2\nowner: QLCN\nrecords: [{indicator: B.1.1, value: 5}, {indicator: B.8, done: 2018-05-02}]\n",
            id="flow records",
        ),
        pytest.param(
            "quarter: 2018-Q2\nowner: QLCN\nrecords:\n  - {indicator: B.1.1, value: 5}\n  - {indicator: B.8, done: 2018-05-02}\n",
            id="flow items",
        ),
    ],
)
def test_a_file_in_flow_style_is_edited_whole_and_reads_back(text: str) -> None:
    earlier = read_back(text)
    replaced: dict[int, Record] = {}
    if earlier:
        replaced = {1: earlier[1].model_copy(update={"done": date(2018, 5, 3), "evidence": "QĐ 9"})}
    expected = [*earlier[:1], *replaced.values(), SEVEN]

    edited = edit_actuals(text, [SEVEN], replaced)

    assert read_back(edited) == expected
    assert "quarter: 2018-Q2" in edited and "owner: QLCN" in edited


def test_a_flow_file_the_round_trip_cannot_read_is_refused_in_words_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kpi check accepts a tab before a comment; ruamel.yaml does not. Recording into such a file in
    flow style was an internal error (exit 3); it is a refusal that names the file (exit 2)."""
    data = tmp_path / "data"
    (data / "actuals" / "2018-Q2").mkdir(parents=True)
    (data / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
    path = data / "actuals" / "2018-Q2" / "QLCN.yaml"
    text = "quarter: 2018-Q2\nowner: QLCN\nrecords: [{indicator: B.1.1, value: 5}]\t# nhập tay\n"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KPI_NO_CACHE", "1")
    assert kpi(data, "check").exit_code == 0

    result = kpi(data, "record", "B.1", "-q", "2018-Q2", "--value", "7")

    assert result.exit_code == 2
    assert result.stderr == (
        "kpi: data/actuals/2018-Q2/QLCN.yaml: error: file: ScannerError: while scanning for the next token\n"
    )
    assert path.read_text(encoding="utf-8") == text
