"""`rdotool reqquery`: the spec's Requires against the release's repositories."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from rdotool.cli import params
from rdotool.cli.output import OutputFormat, choose_format, emit_data, note, out


def reqquery(
    ctx: typer.Context,
    release: params.RepoReleaseOpt = None,
    distro: params.DistroOpt = None,
    repo: params.RepoOpt = None,
    build: Annotated[bool, typer.Option("--build", help="Check BuildRequires too.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when a dependency is missing or too old.")
    ] = False,
    distgit: params.DistgitOpt = Path("."),
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Check that every Requires of the spec is in the release's repositories.

    The spec is read with the distro's macros (--distro, default el9s); each Requires
    (with --build, BuildRequires too) is looked up among what the repositories provide
    (as rdotool query reads them: the release's distrepos in rdoinfo and --repo
    NAME=URL) and reported ok, missing or unsatisfied (only older versions), with the
    best provider and its repository.
    """
    from rdotool.cli.context import run_context
    from rdotool.errors import ChecksFailed
    from rdotool.ops.reqquery import reqquery as run_reqquery

    output = choose_format(fmt, as_json, as_yaml)
    run = run_context(ctx, rdoinfo=rdoinfo, offline=offline)
    report = run_reqquery(
        run, distgit, release, distro.value if distro else None, tuple(repo or ()), build
    )
    if output is not OutputFormat.text:
        emit_data(asdict(report), output)
    else:
        from rdotool.cli.views import render_columns

        rows = [
            (r.dependency, r.package, r.status, r.provider or "-", r.repo or "-")
            for r in report.requirements
        ]
        render_columns(out(), ("dependency", "package", "status", "provider", "repo"), rows)
        for name, why in report.unreadable.items():
            note(f"{name}: {why}")
        note(f"{report.spec} ({report.distro}): {report.problems} dependencies not met")
    if strict and report.problems:
        raise ChecksFailed()
