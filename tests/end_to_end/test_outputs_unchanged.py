"""What kpi prints stays what it printed, to the byte, whichever way the data was read.

Speed work (issue 16) changes how the ledger is read (cache, compiled paths), never what a
report says. Each case below runs `kpi` as a real process twice, once reading every file
(`KPI_NO_CACHE=1`) and once from a warm cache, and both must equal the output kept in
`tests/golden/outputs/` (stdout, stderr and exit code; a workbook as a digest of each part but
the one that holds the time it was made). The data: the shipped `data/` and a
small synthetic plan in `tests/golden/synthetic/data` (made once by
`python bench/generate.py -n 60 --seed 1 --no-journal`: every kind of indicator, 1 274
quarterly records across 2016-2020).

When a change is meant to alter what kpi prints, rewrite the kept outputs and read the diff:

    python tests/end_to_end/test_outputs_unchanged.py --write && git diff tests/golden/outputs
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # run as a script (--write): `tests` importable
    sys.path.insert(0, str(REPO))

from tests.support.process import kpi_process  # noqa: E402

GOLDEN = REPO / "tests" / "golden"
DATASETS = {"shipped": REPO / "data", "synthetic": GOLDEN / "synthetic" / "data"}

# (name, dataset, arguments): the reading commands, in both languages and every text format.
CASES: list[tuple[str, str, list[str]]] = [
    ("status", "shipped", ["status"]),
    ("status-en", "shipped", ["--lang", "en", "status"]),
    ("status-csv", "shipped", ["status", "--format", "csv"]),
    ("status-json", "shipped", ["status", "--format", "json"]),
    ("status-markdown-as-of", "shipped", ["status", "--format", "markdown", "--as-of", "2018-06-30"]),
    ("overdue-as-of", "shipped", ["overdue", "--as-of", "2018-12-31"]),
    ("show", "shipped", ["show", "B.1"]),
    ("show-en", "shipped", ["--lang", "en", "show", "A.6"]),
    ("find", "shipped", ["find", "doanh nghiệp"]),
    ("check", "shipped", ["check"]),
    ("report-md", "shipped", ["report", "--format", "md", "--as-of", "2018-06-30"]),
    ("status", "synthetic", ["status"]),
    ("status-en-wide", "synthetic", ["--lang", "en", "status", "--wide"]),
    ("status-csv", "synthetic", ["status", "--format", "csv"]),
    ("status-json-2018", "synthetic", ["status", "--format", "json", "--year", "2018"]),
    ("status-program-b", "synthetic", ["status", "--program", "B", "--as-of", "2019-05-15"]),
    ("overdue", "synthetic", ["overdue"]),
    ("overdue-csv-en", "synthetic", ["--lang", "en", "overdue", "--format", "csv"]),
    ("show", "synthetic", ["show", "B.6"]),
    ("find", "synthetic", ["find", "doanh nghiệp"]),
    ("check", "synthetic", ["check"]),
    ("reporting-2018", "synthetic", ["reporting", "--year", "2018"]),
    ("report-md", "synthetic", ["report", "--format", "md"]),
    ("report-csv-en", "synthetic", ["--lang", "en", "report", "--format", "csv", "--as-of", "2019-09-30"]),
    ("report-html", "synthetic", ["report", "--format", "html"]),
    ("report-xlsx", "synthetic", ["report", "--format", "xlsx", "--output", "-"]),
    (
        "report-xlsx-en",
        "shipped",
        ["--lang", "en", "report", "--format", "xlsx", "--output", "-", "--as-of", "2018-06-30"],
    ),
]
# A workbook is a zip of XML parts; openpyxl stamps the time it was made into docProps/core.xml.
# Every other part is kept as a digest: the same digests mean the same cells, styles and layout.
STAMPED_PARTS = {"docProps/core.xml"}


def run_kpi(dataset: str, arguments: list[str], environment: dict[str, str]) -> str:
    """stdout, stderr and exit code of one run, as one text kept in a file (a workbook on stdout as
    the digest of each of its parts)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KPI_") and k not in ("COLUMNS", "LINES")}
    env |= {"NO_COLOR": "1", **environment}
    done = kpi_process(DATASETS[dataset], *arguments, cwd=REPO, environment=env, text=False)
    stdout = _workbook_parts(done.stdout) if "xlsx" in arguments else done.stdout.decode("utf-8")
    return f"exit {done.returncode}\n--- stdout\n{stdout}--- stderr\n{done.stderr.decode('utf-8')}"


def _workbook_parts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        return "".join(
            f"{name} {hashlib.sha256(workbook.read(name)).hexdigest()}\n"
            for name in sorted(workbook.namelist())
            if name not in STAMPED_PARTS
        )


def golden_path(name: str, dataset: str) -> Path:
    return GOLDEN / "outputs" / dataset / f"{name}.txt"


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One cache folder per data set, filled by a first run, as a user's would be."""
    folders = {}
    for dataset in DATASETS:
        folder = tmp_path_factory.mktemp(f"cache-{dataset}")
        run_kpi(dataset, ["status"], {"KPI_CACHE_DIR": str(folder)})
        assert any(folder.iterdir()), "the first run fills the cache"
        folders[dataset] = str(folder)
    return folders


@pytest.mark.parametrize(("name", "dataset", "arguments"), CASES, ids=[f"{d}-{n}" for n, d, _ in CASES])
def test_output_is_byte_identical_read_cold_and_warm(
    name: str, dataset: str, arguments: list[str], warm_cache: dict[str, str], tmp_path: Path
) -> None:
    expected = golden_path(name, dataset).read_bytes().decode("utf-8")  # as written: CSV lines end in CRLF
    cold = run_kpi(dataset, arguments, {"KPI_NO_CACHE": "1", "KPI_CACHE_DIR": str(tmp_path / "unused")})
    warm = run_kpi(dataset, arguments, {"KPI_CACHE_DIR": warm_cache[dataset]})
    assert cold == expected
    assert warm == expected
    assert not (tmp_path / "unused").exists(), "KPI_NO_CACHE=1 writes no cache"


def test_every_kept_output_has_its_case() -> None:
    """A case removed from CASES takes its file with it, so no output is kept that nothing checks."""
    kept = {path.relative_to(GOLDEN / "outputs") for path in (GOLDEN / "outputs").rglob("*.txt")}
    assert kept == {golden_path(name, dataset).relative_to(GOLDEN / "outputs") for name, dataset, _ in CASES}


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/end_to_end/test_outputs_unchanged.py --write   (rewrites tests/golden/outputs)")
    for name, dataset, arguments in CASES:
        path = golden_path(name, dataset)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(run_kpi(dataset, arguments, {"KPI_NO_CACHE": "1"}).encode("utf-8"))
        print(f"wrote {path.relative_to(REPO)}")
