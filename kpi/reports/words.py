"""The report's words in Vietnamese and English: column headings, status words, the header."""

from __future__ import annotations

from datetime import date

from kpi.quarters import Quarter
from kpi.vocabulary import Status

COLUMNS = ("tt", "content", "target", "actual_2016", "actual_2017", "actual_2018", "percent_of_period",
           "plan_2018", "plan_2018_progress", "deadline", "status", "notes")

HEADINGS = {
    "vi": {"tt": "TT", "content": "Nội dung", "target": "Chỉ tiêu đến {end}", "actual_2016": "Thực hiện 2016",
           "actual_2017": "Thực hiện 2017", "actual_2018": "Thực hiện {year} (đến {as_of})",
           "percent_of_period": "Tỷ lệ so với cả giai đoạn", "plan_2018": "Kế hoạch {year}",
           "plan_2018_progress": "Tỷ lệ so với kế hoạch {year}", "deadline": "Thời gian thực hiện",
           "status": "Tình trạng", "notes": "Ghi chú"},
    "en": {"tt": "No.", "content": "Content", "target": "Target to {end}", "actual_2016": "Actual 2016",
           "actual_2017": "Actual 2017", "actual_2018": "Actual {year} (to {as_of})",
           "percent_of_period": "Share of period target", "plan_2018": "Plan {year}",
           "plan_2018_progress": "Share of {year} plan", "deadline": "Deadline", "status": "Status",
           "notes": "Notes"},
}

STATUS_WORDS = {
    "vi": {Status.DONE: "hoàn thành", Status.ON_TRACK: "đúng tiến độ", Status.PENDING: "chưa đến hạn",
           Status.AT_RISK: "có nguy cơ", Status.BEHIND: "chậm", Status.OVERDUE: "quá hạn",
           Status.NOT_COMPUTABLE: "không tính được", Status.NO_DATA: "chưa có số liệu"},
    "en": {status: status.value for status in Status},
}

TEXT = {
    "vi": {
        "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "title": "BÁO CÁO TÌNH HÌNH THỰC HIỆN KẾ HOẠCH SỐ {number}",
        "subtitle": "{plan_title}",
        "as_of": "Số liệu tính đến ngày {as_of}",
        "elapsed": "Thời gian đã qua của giai đoạn {start}–{end}: {elapsed}",
        "appendix": "Phụ lục I: Tình hình thực hiện các chỉ tiêu",
        "summary": "Tổng hợp",
        "by_program": "Số chỉ tiêu theo tình trạng, theo chương trình",
        "by_owner": "Số chỉ tiêu theo tình trạng, theo đơn vị chủ trì",
        "program": "Chương trình",
        "owner": "Đơn vị",
        "total": "Tổng",
        "overdue": "Các nội dung quá hạn",
        "no_overdue": "Không có nội dung quá hạn.",
        "id": "Mã",
        "due": "Thời hạn",
        "days_late": "Số ngày trễ",
        "what": "Nội dung trễ",
        "days_late_short": "trễ {days} ngày",
        "not_done": "chưa ghi nhận hoàn thành",
        "plan_unmet": "chưa đạt kế hoạch {year}",
        "chart": "Tình trạng theo chương trình",
        "generated": "Lập bằng kpi {version} từ dữ liệu ngày {as_of}",
        "number_line": "Số: {number}",
        "item": "Nội dung",
        "legend": "Chú giải",
        "bar_legend": "Thanh tiến độ: phần tô màu là tỷ lệ đã đạt so với chỉ tiêu cả giai đoạn; "
                      "vạch dọc là thời gian đã qua của giai đoạn ({elapsed}).",
        "bar_period": "Đạt {achieved} chỉ tiêu cả giai đoạn; thời gian đã qua {elapsed}",
        "bar_plan": "Đạt {achieved} kế hoạch năm {year}",
        "achieved": "Đạt {to_date} / {target}",
    },
    "en": {
        "nation": "SOCIALIST REPUBLIC OF VIETNAM",
        "motto": "Independence – Freedom – Happiness",
        "title": "REPORT ON THE IMPLEMENTATION OF PLAN No. {number}",
        "subtitle": "{plan_title}",
        "as_of": "Figures as of {as_of}",
        "elapsed": "Share of the {start}–{end} period elapsed: {elapsed}",
        "appendix": "Appendix I: progress of the indicators",
        "summary": "Summary",
        "by_program": "Indicators by status and programme",
        "by_owner": "Indicators by status and lead unit",
        "program": "Programme",
        "owner": "Unit",
        "total": "Total",
        "overdue": "Overdue",
        "no_overdue": "Nothing is overdue.",
        "id": "ID",
        "due": "Due",
        "days_late": "Days late",
        "what": "What is late",
        "days_late_short": "{days} days late",
        "not_done": "not recorded done",
        "plan_unmet": "{year} plan unmet",
        "chart": "Status by programme",
        "generated": "Made with kpi {version} from the data as of {as_of}",
        "number_line": "No. {number}",
        "item": "Item",
        "legend": "Legend",
        "bar_legend": "Progress bars: the filled part is the share of the period target achieved; "
                      "the vertical line is the share of the period elapsed ({elapsed}).",
        "bar_period": "{achieved} of the period target achieved; {elapsed} of the period elapsed",
        "bar_plan": "{achieved} of the {year} plan achieved",
        "achieved": "{to_date} of {target}",
    },
}


def heading(column: str, lang: str, end: int, year: int, as_of: str) -> str:
    return HEADINGS[lang][column].format(end=end, year=year, as_of=as_of)


def status_word(status: Status, lang: str) -> str:
    return STATUS_WORDS[lang][status]


def quarter_words(quarter: str | None, lang: str) -> str:
    """`2018-Q1` as the plan writes it (`Quý I/2018`), or `Q1 2018` in English."""
    if quarter is None:
        return ""
    parsed = Quarter.parse(quarter)
    return parsed.vietnamese() if lang == "vi" else f"Q{parsed.number} {parsed.year}"


def date_words(day: date, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()
