"""`uc report --html`: the report as the RDO "Report UC" dashboard's page (pure text).

The same rows as the terminal table, one column per `--repo`, statuses and the
repositories' equal/lower/higher as filterable facets (core/table_page.py does the page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Protocol

from rdotool import __version__
from rdotool.core.table_page import Cell, Column, render_page
from rdotool.core.uc_report import UcRow, nvr_version

_VERSUS = {"equal": "equal to UC", "lower": "lower than UC", "higher": "higher than UC"}


class DistroRows(Protocol):
    """One distro's part of a report (ops/uc_pins.DistroReport)."""

    @property
    def python(self) -> str: ...
    @property
    def rows(self) -> Sequence[UcRow]: ...
    @property
    def counts(self) -> Mapping[str, int]: ...


class Report(Protocol):
    """What the page shows of a report (ops/uc_pins.UcReport)."""

    @property
    def release(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def source(self) -> str: ...  # the UC file
    @property
    def distros(self) -> Mapping[str, DistroRows]: ...


def uc_report_page(report: Report, generated: datetime) -> str:
    """The page; `generated` is when it was made (an aware time, shown in UTC). With
    more than one distro, a first column (a facet) says which each row is about."""
    several = len(report.distros) > 1
    first = next((d.rows[0] for d in report.distros.values() if d.rows), None)
    repos = [found.repo for found in first.repos] if first else []
    columns = [
        *([Column("distro", facet=True)] if several else []),
        Column("uc name"),
        Column("uc", "version"),
        Column("pin", "version"),
        Column("built", "version"),
        Column("package"),
        Column("status", facet=True),
        *(Column(repo, "version", facet=True) for repo in repos),
    ]
    made = generated.astimezone(timezone.utc)
    pythons = ", ".join(f"{name} Python {d.python}" for name, d in report.distros.items())
    lines = [f"Tag {report.tag}, against {report.source}, for {pythons}."]
    for name, found in report.distros.items():
        summary = ", ".join(f"{n} {status}" for status, n in found.counts.items())
        total = sum(found.counts.values())
        lines.append(f"{name}: {total} entries: {summary}." if total else f"{name}: no entries.")
    lines.append(f"Made by rdotool {__version__} on {made:%Y-%m-%d %H:%M UTC}.")
    title = f"Upper-constraints report: {report.release}"
    rows = [
        [*([Cell(name, mark=name)] if several else []), *_cells(row)]
        for name, found in report.distros.items()
        for row in found.rows
    ]
    return render_page(title, lines, columns, rows)


def _cells(row: UcRow) -> list[Cell]:
    built_note = f"in {row.built_tag}" if row.built_tag else ""
    cells = [
        Cell(row.name, note=row.project or ""),
        Cell(row.uc),
        Cell(row.pin or ""),
        Cell(row.built or "", sort=nvr_version(row.built) if row.built else "", note=built_note),
        Cell(row.package or ""),
        Cell(row.status, mark=row.status),
    ]
    for found in row.repos:
        if found.version is None:
            cells.append(Cell("", mark="missing", note=f"not in {found.repo}"))
            continue
        versus = found.versus or "equal"
        cells.append(
            Cell(
                found.shown,
                mark=versus,
                sort=found.version,
                note=f"{found.package} {found.version}, {_VERSUS[versus]}",
            )
        )
    return cells
