"""`rdotool lint`: the spec's checks before a review."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out, warn


def lint(
    ctx: typer.Context,
    distro: Annotated[
        Optional[str],
        typer.Option(
            "--distro",
            metavar="DISTRO[,DISTRO...]",
            help="Parse the spec for each of these targets. [default: el9s]",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option(
            "--ignore",
            metavar="ID",
            help="Leave out this finding (repeatable).",
            show_default=False,
        ),
    ] = None,
    ref: params.RequirementsRefOpt = None,
    distgit: params.DistgitOpt = Path("."),
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Check the spec before a review; exit 1 when an error is found.

    The spec parses for each target (--distro el9s,el10s); no %patchN (gone in RPM
    4.20); Release has %{?dist}; every local Source and Patch is in the distgit or in
    sources, whose lines are well formed and whose files present match their checksums;
    the newest %changelog entry carries the spec's V-R, dates go down and weekdays are
    right; patches_base names a ref of the checkout; in a pyproject spec, no python3
    Requires of the dist-info's subpackage that the dependency generator makes from
    upstream's requirements.txt (read at the Version's tag, as reqcheck does), nor an
    upstream requires-python that a target's Python does not meet; plus
    rpmlint's findings when rpmlint is installed. Each finding shows FILE:LINE, its
    severity and its id (for --ignore). JSON: {"spec", "findings": [{"id",
    "severity", "file", "line", "message"}], "notes"}.
    """
    from rdotool.errors import ChecksFailed
    from rdotool.ops.lint import LintRequest
    from rdotool.ops.lint import lint as run_lint

    output = choose_format(fmt, as_json, as_yaml)
    distros = tuple(d.strip() for d in (distro or "").split(",") if d.strip())
    report = run_lint(distgit, LintRequest(distros, tuple(ignore or ()), ref))
    for message in report.notes:
        warn(message)
    if output is not OutputFormat.text:
        findings = [asdict(f) for f in report.findings]
        emit_data({"spec": report.spec, "findings": findings, "notes": report.notes}, output)
    else:
        printer = out()
        for finding in report.findings:
            where = f"{finding.file}:{finding.line}" if finding.line else finding.file
            printer.line(f"{where}: {finding.severity}: {finding.message} [{finding.id}]")
        warnings = len(report.findings) - report.errors
        note(f"{report.spec}: {report.errors} errors, {warnings} warnings")
    if report.errors:
        raise ChecksFailed()
