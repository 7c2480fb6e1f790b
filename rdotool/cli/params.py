"""Options shared by several commands, declared once (typer `Annotated` aliases)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from rdotool.cli.group import DEBUG_KEY
from rdotool.cli.output import OutputFormat
from rdotool.core.build import Backend
from rdotool.core.targets import DEFAULT_TARGET, Distro

RDOINFO_PANEL = "rdoinfo"
OUTPUT_PANEL = "Output"


def _set_debug(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG_KEY] = True
    return value


def _completions(ctx: typer.Context | None, kind: str, incomplete: str) -> list[str]:
    """Names of `kind` for shell completion from rdoinfo as the command line so far names
    it, never fetched (completion runs per TAB); nothing rather than an error."""
    try:
        from rdotool.ops.context import RunContext
        from rdotool.ops.info import names_starting

        params = ctx.params if ctx is not None else {}
        run = RunContext.from_environment().with_options(
            rdoinfo=params.get("rdoinfo"), info_file=params.get("info_file"), offline=True
        )
        return names_starting(run, kind, incomplete)
    except Exception:  # completion must never break the shell
        return []


def complete_package(ctx: typer.Context, incomplete: str) -> list[str]:
    """Package names for shell completion, from the parsed cache."""
    return _completions(ctx, "package", incomplete)


def complete_tag(ctx: typer.Context, incomplete: str) -> list[str]:
    """rdoinfo tag names for shell completion."""
    return _completions(ctx, "tag", incomplete)


def complete_release(ctx: typer.Context, incomplete: str) -> list[str]:
    """Release names for shell completion."""
    return _completions(ctx, "release", incomplete)


DebugOpt = Annotated[
    bool,
    typer.Option(
        "--debug",
        help="Show tracebacks and debugging details. [env var: RDOTOOL_DEBUG]",
        callback=_set_debug,
        expose_value=False,
        is_eager=True,
    ),
]

RdoinfoOpt = Annotated[
    Optional[str],
    typer.Option(
        "--rdoinfo",
        metavar="PATH|URL",
        help="rdoinfo checkout directory or git URL (cloned into the cache). "
        "Default: $RDOTOOL_RDOINFO, the config file, else the upstream rdoinfo repository.",
        rich_help_panel=RDOINFO_PANEL,
        show_default=False,
    ),
]
# info, findpkg and releases also take rdopkg's `-l DIR` (rdopkg info -l DIR): elsewhere
# -l is --local-patches, as in rdopkg's distgit actions
LocalRdoinfoOpt = Annotated[
    Optional[str],
    typer.Option(
        "--rdoinfo",
        "-l",
        metavar="PATH|URL",
        help="rdoinfo checkout directory or git URL (cloned into the cache); -l as in "
        "rdopkg. Default: $RDOTOOL_RDOINFO, the config file, else the upstream rdoinfo "
        "repository.",
        rich_help_panel=RDOINFO_PANEL,
        show_default=False,
    ),
]
InfoFileOpt = Annotated[
    Optional[str],
    typer.Option(
        "--info-file",
        "-i",
        metavar="FILE",
        help="Entry file of rdoinfo. [default: $RDOTOOL_INFO_FILE, else rdo-full.yml]",
        rich_help_panel=RDOINFO_PANEL,
        show_default=False,
    ),
]
OfflineOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--offline/--online",
        help="Never fetch rdoinfo; use the cached clone as it is. [env var: RDOTOOL_OFFLINE]",
        rich_help_panel=RDOINFO_PANEL,
        show_default=False,
    ),
]
FetchOpt = Annotated[
    bool,
    typer.Option(
        "--fetch",
        help="Fetch a cloned rdoinfo now, however recent the last fetch.",
        rich_help_panel=RDOINFO_PANEL,
    ),
]

FormatOpt = Annotated[
    Optional[OutputFormat],
    typer.Option(
        "--format",
        "-o",
        help="Output format. [default: text]",
        case_sensitive=False,
        rich_help_panel=OUTPUT_PANEL,
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Shorthand for --format json.", rich_help_panel=OUTPUT_PANEL)
]
YamlOpt = Annotated[
    bool, typer.Option("--yaml", help="Shorthand for --format yaml.", rich_help_panel=OUTPUT_PANEL)
]

TagOpt = Annotated[
    Optional[str],
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Apply this rdoinfo tag's overrides (e.g. source-branch) to the packages.",
        autocompletion=complete_tag,
        show_default=False,
    ),
]

DistroOpt = Annotated[
    Optional[Distro],
    typer.Option(
        "--distro",
        help="Distro whose macros (dist, rhel) evaluate the spec. "
        f"[default: the release's first repo, else {DEFAULT_TARGET}]",
        show_default=False,
    ),
]
PythonOpt = Annotated[
    Optional[str],
    typer.Option(
        "--python",
        metavar="X.Y",
        help="Python whose markers decide which requirement lines apply. "
        "[default: the distro's: 3.9 on EL9, 3.12 on EL10]",
        show_default=False,
    ),
]
RequiredReleaseOpt = Annotated[
    str,
    typer.Option(
        "--release",
        metavar="RELEASE",
        autocompletion=complete_release,
        help="The rdoinfo release (e.g. epoxy; the development release uses its -uc tag).",
    ),
]
DistgitOpt = Annotated[
    Path,
    typer.Option(
        "--distgit",
        metavar="DIR",
        help="The distgit checkout to work in. [default: the current directory]",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        "-f",
        help="Start even with uncommitted changes (they stay out of rdotool's commit).",
    ),
]

UcTagOpt = Annotated[
    Optional[str],
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="rdoinfo tag holding the pins. [default: RELEASE, or RELEASE-uc in development]",
        show_default=False,
    ),
]
UcFileOpt = Annotated[
    Optional[str],
    typer.Option(
        "--uc-file",
        metavar="PATH|URL",
        help="upper-constraints file. [default: the release's upstream_branch, cached]",
        show_default=False,
    ),
]
# `reqcheck` and `lint`: where upstream's requirements.txt is read
RequirementsRefOpt = Annotated[
    Optional[str],
    typer.Option(
        "--ref",
        "-R",
        metavar="REF",
        help="Read requirements.txt at this git ref. [default: the Version's tag]",
        show_default=False,
    ),
]

# `query` and `reqquery`: the repositories they ask
RepoReleaseOpt = Annotated[
    Optional[str],
    typer.Option(
        "--release",
        metavar="RELEASE",
        autocompletion=complete_release,
        help="Ask the release's repositories in rdoinfo (RDO, BaseOS, AppStream...).",
        show_default=False,
    ),
]
RepoOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--repo",
        metavar="NAME=URL",
        help="Also ask this repository (repeatable).",
        show_default=False,
    ),
]
# `build` and `bisect`
BackendOpt = Annotated[
    Optional[Backend],
    typer.Option(
        "--backend",
        "-b",
        help="Where to build. [default: mock if installed, else rpmbuild]",
        show_default=False,
    ),
]


# `build` and `bisect`: how a trunk (DLRN) build is made
TRUNK_PANEL = "trunk (DLRN)"


class TrunkNumbering(str, Enum):
    """DLRN's release numbering schemes."""

    date_hash = "0.date.hash"
    one_date_hash = "0.1.date.hash"
    minor_date_hash = "minor.date.hash"


UpstreamOpt = Annotated[
    Optional[str],
    typer.Option(
        "--upstream",
        metavar="PATH|URL",
        rich_help_panel=TRUNK_PANEL,
        help="Upstream git repository. [default: the distgit's upstream remote]",
        show_default=False,
    ),
]
UpstreamPythonOpt = Annotated[
    Optional[str],
    typer.Option(
        "--upstream-python",
        metavar="PATH",
        rich_help_panel=TRUNK_PANEL,
        help="Python that runs upstream's setup.py (with pbr). [default: rdotool's]",
        show_default=False,
    ),
]
ReleaseNumberingOpt = Annotated[
    TrunkNumbering,
    typer.Option(
        "--release-numbering",
        rich_help_panel=TRUNK_PANEL,
        help="DLRN's Release scheme.",
        case_sensitive=False,
    ),
]
