"""`rdotool uc report`: every upper-constraints entry against a release's pins and builds.

Its own module so that rdotool/quick.py can run it without typer (a release manager runs
it in loops): typer and the option aliases are imported for type checking only, and
cli/uc.py supplies them before typer builds the `uc` group (cli/group.supply_typer_world).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

from rdotool.cli.output import choose_format
from rdotool.core.targets import Distro
from rdotool.core.uc_report import UcStatus

if TYPE_CHECKING:  # typer's world: supplied by cli/uc.py (see above)
    import typer

    from rdotool.cli import params
    from rdotool.ops.uc_pins import UcReport


def report(
    ctx: typer.Context,
    release: params.RequiredReleaseOpt,
    tag: params.UcTagOpt = None,
    uc_file: params.UcFileOpt = None,
    python: params.PythonOpt = None,
    distro: Annotated[
        Optional[Distro],
        typer.Option(
            "--distro",
            help="Only this distro of the release. [default: each distro it has a repository for]",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        Optional[list[UcStatus]],
        typer.Option(
            "--status",
            help="Only entries with this status (repeatable).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 when a pin or a build is behind.")
    ] = False,
    repo: Annotated[
        Optional[list[str]],
        typer.Option(
            "--repo",
            metavar="NAME=URL",
            help="Also show what this repository ships, against UC (repeatable).",
            show_default=False,
        ),
    ] = None,
    html: Annotated[
        Optional[str],
        typer.Option(
            "--html",
            metavar="FILE",
            help="Also write the report as one self-contained web page (sortable, "
            "filterable); - writes the page to stdout instead of the table.",
            show_default=False,
        ),
    ] = None,
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Show every upper-constraints entry against the release's pin and build.

    Each distro the release has a repository for (el9s, el10s) is its own answer: its
    Python decides which UC lines apply, its buildsys tags which builds count. UC names
    are matched to the package that provides that Python distribution (pymod2pkg's
    name, python-NAME, python3-NAME) before rdoinfo's projects of the same name.

    Statuses: equal; pin-behind (pin < UC); build-behind (built < pin); ahead (pin > UC);
    unpinned; not-packaged; pinned-ref (a branch or commit pin); version-locked and
    under-review (left alone by sync). Versions compare with RPM rules. Each
    --repo NAME=URL adds a column: the version that repository ships of the package
    (by its source package), followed by =, < or > against UC. --html FILE writes the
    same rows as a page with no external assets: click a heading to sort, type to
    filter, pick a status or a repository's =/</> to narrow; the view is kept in the
    page's URL. JSON: {"release", "tag", "source", "distros": {DISTRO: {"python",
    "buildsys_tags", "rows", "counts"}}}.
    """
    from dataclasses import asdict
    from pathlib import Path

    from rdotool.cli.context import run_context
    from rdotool.cli.output import OutputFormat, emit_data, note, write_out
    from rdotool.errors import ChecksFailed
    from rdotool.ops.uc_pins import uc_report

    output = choose_format(fmt, as_json, as_yaml)
    statuses = [s.value for s in status or ()]
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    page = Path(html) if html and html != "-" else None
    result = uc_report(
        run,
        release,
        tag,
        uc_file,
        python,
        statuses,
        tuple(repo or ()),
        page,
        distro.value if distro else None,
    )
    if html == "-":
        import sys
        from datetime import datetime, timezone

        from rdotool.core.uc_report_page import uc_report_page

        write_out(sys.stdout, uc_report_page(result, datetime.now(timezone.utc)))
    elif output is not OutputFormat.text:
        emit_data(asdict(result), output)
    else:
        _render_text(result)
    if page is not None:
        shown = sum(len(found.rows) for found in result.distros.values())
        note(f"wrote {page} ({shown} rows)")
    if check and result.behind:
        raise ChecksFailed()


def _render_text(result: UcReport) -> None:
    """A section per distro: a heading, the table, the counts."""
    from rdotool.cli.output import out
    from rdotool.cli.views import render_columns

    printer = out()
    for number, (distro, found) in enumerate(result.distros.items()):
        if number:
            printer.line("")
        printer.line(
            (
                f"{result.release} ({result.tag}) for {distro}, Python {found.python}, "
                f"against {result.source}",
                "bold",
            )
        )
        names = [v.repo for v in found.rows[0].repos] if found.rows else []
        rows = [
            (
                r.name, r.uc, r.pin or "-", r.built or "-", r.package or "-", r.status,
                *(v.shown or "-" for v in r.repos),
            )
            for r in found.rows
        ]  # fmt: skip
        header = ("uc name", "uc", "pin", "built", "package", "status", *names)
        render_columns(printer, header, rows)
        summary = ", ".join(f"{n} {s}" for s, n in found.counts.items())
        printer.line((f"{sum(found.counts.values())} entries: ", "bold"), summary)
