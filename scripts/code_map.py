"""Write docs/code-map.md, the map of kpi's packages and modules, from the code itself.

    python scripts/code_map.py          # rewrite docs/code-map.md
    python scripts/code_map.py --check  # exit 1 if docs/code-map.md differs from what the code says

Every package (a folder of kpi/ with an `__init__.py`) and every module in it is listed with the
first line of its docstring and its number of lines. Nothing here names a module: the packages are
found by walking kpi/, and ordered as the stages of the import contract in pyproject.toml (the
`layers` contract, read from the bottom up), so a module moved, added or renamed changes the map
and nothing else. tests/project/test_code_map.py fails when the map is stale.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "kpi"
MAP = REPO / "docs" / "code-map.md"
COMMAND = "python scripts/code_map.py"


def first_line(path: Path) -> str:
    """The docstring's summary: its first sentence (a first line wrapped in the source is joined)."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    if not docstring:
        return "(no docstring)"
    paragraph = " ".join(docstring.strip().split("\n\n")[0].split())
    end = paragraph.find(". ")
    summary = paragraph if end < 0 else paragraph[: end + 1]
    return summary.replace("|", "\\|")


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def stages() -> list[str]:
    """The packages of the layers contract, bottom (imported by all) first."""
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = settings.get("tool", {}).get("importlinter", {}).get("contracts", [])
    order: list[str] = []
    for contract in contracts:
        if contract.get("type") == "layers":
            for layer in reversed(contract["layers"]):
                order += [name.strip() for name in layer.split("|")]
            break
    return order


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def rank(package: str, order: list[str]) -> tuple[int, str]:
    """Where a package stands: the stage it falls under, then its name."""
    for position, stage in enumerate(order):
        if package == stage or package.startswith(stage + "."):
            return (position + 1, package)
    return (0 if package == PACKAGE.name else len(order) + 1, package)


def code_map() -> str:
    order = stages()
    packages = sorted(
        (init.parent for init in PACKAGE.rglob("__init__.py") if "__pycache__" not in init.parts),
        key=lambda folder: rank(module_name(folder / "__init__.py"), order),
    )
    modules_total = sum(len(list(folder.glob("*.py"))) for folder in packages)
    lines_total = sum(line_count(path) for folder in packages for path in folder.glob("*.py"))
    parts = [
        "# Code map",
        "",
        f"Generated from the code by `{COMMAND}`; do not edit by hand. Every package of `kpi/` and",
        "every module in it, with the first line of its docstring and its number of lines. The",
        "packages follow the stages a figure goes through, from the bottom up, in the order of the",
        "`layers` import contract in `pyproject.toml` (each imports only from those above it here).",
        "",
        f"{len(packages)} packages, {modules_total} modules, {lines_total} lines.",
        "",
    ]
    for folder in packages:
        modules = sorted(folder.glob("*.py"), key=lambda path: (path.name != "__init__.py", path.name))
        total = sum(line_count(path) for path in modules)
        name = module_name(folder / "__init__.py")
        parts += [
            f"## `{name}`",
            "",
            f"{first_line(folder / '__init__.py')} ({len(modules)} modules, {total} lines)",
            "",
            "| module | lines | what it is |",
            "| --- | ---: | --- |",
        ]
        for path in modules:
            parts.append(f"| `{path.relative_to(REPO).as_posix()}` | {line_count(path)} | {first_line(path)} |")
        parts.append("")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = code_map()
    if argv[1:] == ["--check"]:
        current = MAP.read_text(encoding="utf-8") if MAP.exists() else ""
        if current != text:
            print(f"{MAP.relative_to(REPO)} is stale: regenerate it with `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if argv[1:]:
        print(__doc__, file=sys.stderr)
        return 2
    MAP.write_text(text, encoding="utf-8")
    print(MAP.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
