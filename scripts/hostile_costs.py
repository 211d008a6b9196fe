"""What refusing a hostile file costs, per kind of file kpi reads (issue 27): docs/safety.md's table.

Each case makes a small data folder with one hostile file (over its cap as a sparse file, a FIFO,
a link to /dev/zero; for YAML a billion-laughs file and deep nesting from tests/hostile/), runs one
command that reads it as a process of its own, and prints its exit code, seconds and peak resident
memory (VmHWM) as a Markdown table. Run: .venv/bin/python scripts/hostile_costs.py
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "hostile"
MiB = 1024 * 1024
RECORD = ["record", "B.1", "-q", "2018-Q1", "--value", "5"]
FROM = ["record", "--from", "{file}", "-q", "2018-Q1"]
# kind: (path under the data folder, cap, the command that reads it, the corpus folder of its YAML)
KINDS: dict[str, tuple[str, int, list[str], str | None]] = {
    "plan": ("plan2018.yaml", 16 * MiB, ["status"], "catalogue"),
    "settings": ("settings.yaml", 64 * 1024, ["status"], "settings"),
    "approvals": ("approvals.yaml", 4 * MiB, ["check"], "approvals"),
    "actuals": ("actuals/2018-Q1/QLCN.yaml", 2 * MiB, ["status"], "actuals"),
    "journal": ("actuals/.kpi-journal.json", 64 * MiB, RECORD, None),
    "journal (reading)": ("actuals/.kpi-journal.json", 64 * MiB, ["status"], None),
    "CSV": ("in.csv", 1 * MiB, FROM, None),
    "form": ("in.xlsx", 4 * MiB, FROM, None),
}


def run(data: Path, args: list[str]) -> tuple[int, float, int, str]:
    """Exit code, seconds, peak MiB (kpi's own VmHWM, written as it exits: wait4's ru_maxrss would
    count the memory of the process it was forked from) and the first line that says why."""
    from tests.support.process import PEAK

    environment = {k: v for k, v in os.environ.items() if k != "KPI_DATA"}
    environment.update(KPI_LANG="en", KPI_NO_CACHE="1")
    peak = data.parent / "peak.txt"
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(peak), "--data", str(data), *args],
        cwd=data.parent,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    seconds = time.monotonic() - began
    said = (done.stderr + done.stdout).decode(errors="replace").strip().splitlines()
    line = next((text for text in said if "error" in text or "warning" in text), said[0] if said else "")
    return done.returncode, seconds, int(peak.read_text(encoding="utf-8")) // 1024, line[:110]


def sparse(size: int, path: Path) -> None:
    with path.open("wb") as stream:
        stream.truncate(size)


def copy(source: Path, path: Path) -> None:
    path.write_bytes(source.read_bytes())


def link(path: Path) -> None:
    path.symlink_to("/dev/zero")


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.support import MINIMAL_CATALOGUE

    print("| file | hostile | command | exit | s | peak MiB | message |")
    print("|---|---|---|---|---|---|---|")
    for kind, (relative, cap, command, corpus) in KINDS.items():
        hostile: dict[str, Callable[[Path], None]] = {
            "over the cap (sparse)": functools.partial(sparse, cap + 1),
            "a FIFO": os.mkfifo,
            "a link to /dev/zero": link,
        }
        if corpus is not None:
            for name in ("alias-bomb", "deep-nesting"):
                source = CORPUS / corpus / f"{name}.yaml"
                hostile[name] = functools.partial(
                    copy, source if source.exists() else CORPUS / "catalogue" / source.name
                )
        for what, make in hostile.items():
            root = Path(tempfile.mkdtemp())
            data = root / "data"
            (data / "actuals").mkdir(parents=True)
            (data / "plan2018.yaml").write_text(MINIMAL_CATALOGUE, encoding="utf-8")
            target = data / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            make(target)
            args = [arg.replace("{file}", str(target)) for arg in command]
            code, seconds, peak, line = run(data, args)
            row = [kind, what, command[0], str(code), f"{seconds:.2f}", str(peak), line.replace(f"{root}/", "")]
            print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
