"""Rendering a check report: hledger-style text with a caret, or JSON."""

from __future__ import annotations

import json

import typer

from kpi.compute.checks import CheckReport, summarise
from kpi.errors import Finding, Severity


def render_text(report: CheckReport, quiet: bool = False, strict: bool = False) -> None:
    """Every finding and a summary line; with `quiet`, the errors alone (warnings too if `strict`)."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    for finding in report.findings:
        if quiet and (finding.severity is Severity.NOTE or (finding.severity is Severity.WARNING and not strict)):
            continue
        colour = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}[finding.severity]
        head = finding.headline()
        console.print(
            f"[{colour}]{escape(head)}[/{colour}]" if console.is_terminal else head, markup=console.is_terminal
        )
        for line in caret_lines(finding):
            console.print(line, markup=False)
    if not quiet:
        typer.echo(summarise(report), err=True)


def caret_lines(finding: Finding) -> list[str]:
    location = finding.location
    if finding.source_line is None or location.line is None:
        return []
    gutter = f"{location.line} | "
    caret_at = max((location.column or 1) - 1, 0)
    source = finding.source_line.expandtabs(1)
    return [f"  {gutter}{source}", "  " + " " * (len(gutter) - 2) + "| " + " " * caret_at + "^"]


def render_json(report: CheckReport) -> str:
    payload = {
        "files": [str(path) for path in report.files],
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "notes": len(report.notes),
        "unreadable": [str(path) for path in report.unreadable],
        "findings": [
            {
                "file": str(f.location.path),
                "line": f.location.line,
                "column": f.location.column,
                "severity": f.severity.value,
                "field": f.field,
                "message": f.message,
            }
            for f in report.findings
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def exit_code(report: CheckReport, strict: bool) -> int:
    if report.unreadable:
        return 2
    if report.errors or (strict and report.warnings):
        return 1
    return 0
