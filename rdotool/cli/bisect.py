"""`rdotool bisect`: find the upstream commit that broke a trunk build."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out


def bisect(
    ctx: typer.Context,
    good: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[GOOD]", help="An upstream commit or tag that builds.", show_default=False
        ),
    ] = None,
    bad: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[BAD]",
            help="An upstream commit that fails. [default: the tip of REF]",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--continue", help="Resume the bisect in progress.")
    ] = False,
    abort: Annotated[
        bool, typer.Option("--abort", help="Forget the bisect in progress and its builds.")
    ] = False,
    backend: params.BackendOpt = None,
    distro: params.DistroOpt = None,
    nodeps: Annotated[
        bool, typer.Option("--nodeps", help="rpmbuild: do not check BuildRequires.")
    ] = False,
    root: Annotated[
        Optional[str],
        typer.Option("--root", "-r", metavar="CONFIG", help="mock config.", show_default=False),
    ] = None,
    ref: Annotated[
        Optional[str],
        typer.Option(
            "--ref",
            metavar="REF",
            help="Upstream branch whose tip is BAD. [default: the release's upstream branch]",
            show_default=False,
        ),
    ] = None,
    upstream: params.UpstreamOpt = None,
    upstream_python: params.UpstreamPythonOpt = None,
    numbering: params.ReleaseNumberingOpt = params.TrunkNumbering.date_hash,
    distgit: params.DistgitOpt = Path("."),
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Find the upstream commit that broke a trunk build (as git bisect run would).

    BAD (default: the tip of the release's upstream branch) is built first, as build
    --trunk builds it; its failure (phase and first error) is what is looked for. GOOD
    must build. Then commits between them are built by binary search until the first
    one failing the same way is found; a commit failing another way is skipped. Each
    result is kept in .git/rdotool/bisect.json, builds go under .git/rdotool/bisect/:
    after an interruption `rdotool bisect --continue` resumes, `--abort` cleans up.
    """
    from rdotool.cli.context import run_context
    from rdotool.ops.bisect import BisectRequest, run_bisect
    from rdotool.ops.build import BuildOptions
    from rdotool.ops.trunk import TrunkOptions

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    request = BisectRequest(
        good=good,
        bad=bad,
        resume=resume,
        abort=abort,
        options=BuildOptions(
            backend=backend, distro=distro.value if distro else None, root=root, nodeps=nodeps
        ),
        trunk=TrunkOptions(
            ref=ref, upstream=upstream, numbering=numbering.value, python=upstream_python
        ),
    )
    result = run_bisect(run, distgit, request, run.note_phase("bisect"))
    if isinstance(result, str):  # --abort
        note(result)
        return
    if output is not OutputFormat.text:
        emit_data(asdict(result), output)
        return
    printer = out()
    first = result.first_bad
    if first is not None:
        printer.line(("first bad commit: ", "bold"), f"{first.sha} {first.subject}")
        printer.line(f"  author: {first.author}, {first.date}")
        if first.url:
            printer.line(f"  {first.url}")
    else:
        printer.line(
            ("the first bad commit is one of: ", "bold"),
            ", ".join(sha[:12] for sha in result.candidates),
        )
    printer.line(f"  {result.phase}: {result.first_error}")
    for step in result.steps:
        if step.verdict == "skip":
            printer.line(f"skipped {step.commit[:12]}: {step.phase}: {step.first_error}")
    note("the builds stay in .git/rdotool/bisect/ until `rdotool bisect --abort`")
