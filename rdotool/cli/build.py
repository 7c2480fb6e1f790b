"""`rdotool build`: SRPM and a mock, rpmbuild or Koji build of the distgit."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli import params
from rdotool.cli.output import choose_format, emitted, note, out

MOCK_PANEL = "mock"
KOJI_PANEL = "Koji (CBS)"


def build(
    ctx: typer.Context,
    backend: params.BackendOpt = None,
    distro: params.DistroOpt = None,
    release: Annotated[
        Optional[str],
        typer.Option(
            "--release",
            metavar="RELEASE",
            autocompletion=params.complete_release,
            help="Take the distro and the Koji target from this rdoinfo release.",
            show_default=False,
        ),
    ] = None,
    define: Annotated[
        Optional[list[str]],
        typer.Option(
            "--define",
            "-D",
            metavar="'MACRO VALUE'",
            help="Define an rpm macro (repeatable).",
            show_default=False,
        ),
    ] = None,
    no_download: Annotated[
        bool, typer.Option("--no-download", help="Fail instead of downloading missing sources.")
    ] = False,
    nodeps: Annotated[
        bool, typer.Option("--nodeps", help="rpmbuild: do not check BuildRequires.")
    ] = False,
    root: Annotated[
        Optional[str],
        typer.Option(
            "--root",
            "-r",
            metavar="CONFIG",
            rich_help_panel=MOCK_PANEL,
            help="mock config. [default: centos-stream+epel-N-x86_64]",
            show_default=False,
        ),
    ] = None,
    no_clean: Annotated[
        bool, typer.Option("--no-clean", help="Reuse the mock chroot.", rich_help_panel=MOCK_PANEL)
    ] = False,
    enablerepo: Annotated[
        Optional[list[str]],
        typer.Option(
            "--enablerepo",
            metavar="REPO",
            rich_help_panel=MOCK_PANEL,
            help="Enable a repository in the chroot (repeatable).",
            show_default=False,
        ),
    ] = None,
    addrepo: Annotated[
        Optional[list[str]],
        typer.Option(
            "--addrepo",
            metavar="URL",
            rich_help_panel=MOCK_PANEL,
            help="Add a repository URL to the chroot (repeatable).",
            show_default=False,
        ),
    ] = None,
    with_: Annotated[
        Optional[list[str]],
        typer.Option(
            "--with",
            metavar="BCOND",
            rich_help_panel=MOCK_PANEL,
            help="Enable a bcond (repeatable).",
            show_default=False,
        ),
    ] = None,
    without: Annotated[
        Optional[list[str]],
        typer.Option(
            "--without",
            metavar="BCOND",
            rich_help_panel=MOCK_PANEL,
            help="Disable a bcond (repeatable).",
            show_default=False,
        ),
    ] = None,
    profile: Annotated[
        Optional[str],
        typer.Option(
            "--profile",
            metavar="PROFILE",
            rich_help_panel=KOJI_PANEL,
            help="koji profile (as the koji CLI reads it). [default: cbs]",
            show_default=False,
        ),
    ] = None,
    hub: Annotated[
        Optional[str],
        typer.Option(
            "--hub",
            metavar="URL",
            rich_help_panel=KOJI_PANEL,
            help="Koji hub URL, instead of a profile.",
            show_default=False,
        ),
    ] = None,
    target: Annotated[
        Optional[str],
        typer.Option(
            "--target",
            metavar="TARGET",
            rich_help_panel=KOJI_PANEL,
            help="Koji build target. [default: from the release's buildsys]",
            show_default=False,
        ),
    ] = None,
    scm: Annotated[
        Optional[str],
        typer.Option(
            "--scm",
            metavar="git+URL#COMMIT",
            rich_help_panel=KOJI_PANEL,
            help="Build this SCM URL instead of uploading an SRPM.",
            show_default=False,
        ),
    ] = None,
    scratch: Annotated[
        bool, typer.Option("--scratch", help="Scratch build.", rich_help_panel=KOJI_PANEL)
    ] = False,
    nowait: Annotated[
        bool,
        typer.Option(
            "--nowait", help="Return the task id without waiting.", rich_help_panel=KOJI_PANEL
        ),
    ] = False,
    poll: Annotated[
        float,
        typer.Option(
            "--poll",
            metavar="SECONDS",
            rich_help_panel=KOJI_PANEL,
            help="How often to ask Koji about the task.",
        ),
    ] = 5.0,
    srpm: Annotated[
        bool,
        typer.Option("--srpm", help="Stop after the SRPM (as fedpkg srpm): no backend runs."),
    ] = False,
    trunk: Annotated[
        bool,
        typer.Option(
            "--trunk",
            rich_help_panel=params.TRUNK_PANEL,
            help="Build upstream's REF as DLRN does (automatic for a DLRN template spec).",
        ),
    ] = False,
    ref: Annotated[
        Optional[str],
        typer.Option(
            "--ref",
            metavar="REF",
            rich_help_panel=params.TRUNK_PANEL,
            help="Upstream branch, tag or commit. [default: the release's upstream branch]",
            show_default=False,
        ),
    ] = None,
    upstream: params.UpstreamOpt = None,
    upstream_python: params.UpstreamPythonOpt = None,
    numbering: params.ReleaseNumberingOpt = params.TrunkNumbering.date_hash,
    release_minor: Annotated[
        Optional[str],
        typer.Option(
            "--release-minor",
            metavar="N",
            rich_help_panel=params.TRUNK_PANEL,
            help="The first Release number of minor.date.hash. [default: 0]",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the commands and calls; run nothing.")
    ] = False,
    distgit: params.DistgitOpt = Path("."),
    rdoinfo: params.RdoinfoOpt = None,
    offline: params.OfflineOpt = None,
    fmt: params.FormatOpt = None,
    as_json: params.JsonOpt = False,
    as_yaml: params.YamlOpt = False,
    debug: params.DebugOpt = False,
) -> None:
    """Build the distgit: sources, SRPM, then mock, rpmbuild or Koji.

    Sources named by the spec are downloaded when missing and checked against the
    sources file. The SRPM is made with rpmbuild -bs inside
    results_NAME/VERSION/RELEASE/ (never ~/rpmbuild), with the distro's macros (dist,
    rhel) whatever the host is. mock rebuilds it with -r CONFIG; on failure the end of
    build.log or root.log is shown (exit 4). rpmbuild rebuilds it on this host after
    checking BuildRequires. koji uploads it (or builds --scm) to the target and watches
    the task. The produced RPMs are listed (--json adds logs and duration).

    A DLRN template (Version: XXX), or --trunk, is built from upstream as DLRN builds
    it: a private clone of the distgit's upstream remote (or --upstream) at REF (the
    release's upstream branch), the version from setup.py (pbr), metadata.json or git
    describe, an sdist (or the tree) as Source0, the spec rendered with dlrn macros,
    Version and Release 0.DATE.HASH; the distgit is not modified, and the rendered spec
    is kept in the results directory.
    """
    from rdotool.cli.context import run_context
    from rdotool.cli.output import OutputFormat, emit_data
    from rdotool.errors import UsageError
    from rdotool.ops.build import BuildFailedError, BuildOptions
    from rdotool.ops.build import build as run
    from rdotool.ops.trunk import TrunkOptions

    output = choose_format(fmt, as_json, as_yaml)
    macros = []
    for item in define or []:
        name, _, value = item.strip().partition(" ")
        if not name or not value:
            raise UsageError(f"--define needs 'MACRO VALUE', not {item!r}")
        macros.append((name.lstrip("%"), value.strip()))
    options = BuildOptions(
        backend=backend,
        distro=distro.value if distro else None,
        release=release,
        root=root,
        no_clean=no_clean,
        enablerepo=tuple(enablerepo or ()),
        addrepo=tuple(addrepo or ()),
        with_=tuple(with_ or ()),
        without=tuple(without or ()),
        defines=tuple(macros),
        nodeps=nodeps,
        download=not no_download,
        koji_profile=profile or ("cbs" if not hub else None),
        koji_hub=hub,
        koji_target=target,
        scm=scm,
        scratch=scratch,
        nowait=nowait,
        koji_poll=poll,
        dry_run=dry_run,
        srpm_only=srpm,
        trunk=TrunkOptions(
            ref=ref,
            upstream=upstream,
            numbering=numbering.value,
            minor=release_minor,
            python=upstream_python,
        ),
        force_trunk=bool(trunk or ref or upstream),
    )
    try:
        result = run(run_context(ctx, rdoinfo=rdoinfo, offline=offline), distgit, options)
    except BuildFailedError as failed:
        if output is not OutputFormat.text:  # the FTBFS as data too; the error follows
            summary = failed.ftbfs
            emit_data(
                {
                    "error": failed.message,
                    "phase": summary.phase,
                    "first_error": summary.first_error,
                    "context": summary.context,
                    "log": summary.log,
                },
                output,
            )
        raise
    for text in result.notes:
        note(text)
    if emitted(result, output):
        return
    printer = out()
    if result.trunk is not None:
        built = result.trunk
        printer.line(
            ("trunk: ", "bold"),
            f"{built.nvr} from {built.ref} at {built.commit[:7]} ({built.upstream_version})",
        )
    if result.dry_run:
        for name in result.downloaded:
            printer.line(("would download: ", "bold"), name)
        printer.line(("would make: ", "bold"), str(result.srpm))
        for command in result.commands:
            printer.line(("would run: ", "bold"), shlex.join(command))
        return
    if result.task_id is not None:
        printer.line(("Koji task ", "bold"), str(result.task_id), f"  {result.task_url or ''}")
    if result.rpms:
        from rdotool.cli.views import render_columns

        rows = [(r.nvr, r.arch, size_text(r.size), r.path) for r in result.rpms]
        render_columns(printer, ("nvr", "arch", "size", "path"), rows)
    if result.logs:
        note("logs: " + ", ".join(result.logs.values()))


def size_text(size: int) -> str:
    """Bytes for people: 512 B, 1.5 KiB, 2.0 MiB (1536 is 1.5 KiB, not 1.0)."""
    if size <= 0:
        return "-"
    amount = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} TiB"
