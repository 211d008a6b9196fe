"""A newcomer reads a module whole: in the core's lower stages none is over about 500 lines unless
its docstring says why it is one module ("Why one module")."""

from __future__ import annotations

import ast

from tests.support import REPO

KPI = REPO / "kpi"
STAGES = ("model", "files", "ledger", "compute")
MOST = 500


def test_every_long_module_says_why_it_is_one() -> None:
    unexplained = []
    for stage in STAGES:
        for path in sorted((KPI / stage).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if text.count("\n") <= MOST:
                continue
            docstring = ast.get_docstring(ast.parse(text)) or ""
            if "Why one module" not in docstring:
                unexplained.append(f"{path.relative_to(KPI.parent)}: {text.count(chr(10))} lines")
    assert unexplained == []
