"""Options shared by several commands, declared once (typer `Annotated` aliases)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from rdotool.cli.group import DEBUG_KEY
from rdotool.cli.output import OutputFormat

RDOINFO_PANEL = "rdoinfo"
OUTPUT_PANEL = "Output"


def _set_debug(ctx: typer.Context, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG_KEY] = True
    return value


def complete_package(ctx: typer.Context, incomplete: str) -> list[str]:
    """Package names for shell completion, from the parsed cache (never the network)."""
    try:
        from rdotool.config import load_settings
        from rdotool.ops.info import package_names
        from rdotool.ops.rdoinfo import load_rdoinfo

        params = ctx.params if ctx is not None else {}
        settings = load_settings().with_options(
            rdoinfo=params.get("rdoinfo"), info_file=params.get("info_file"), offline=True
        )
        names = package_names(load_rdoinfo(settings).rdoinfo)
    except Exception:  # completion must never break the shell
        return []
    return [name for name in names if name.startswith(incomplete)]


def complete_release(ctx: typer.Context, incomplete: str) -> list[str]:
    """Release names for shell completion."""
    try:
        from rdotool.config import load_settings
        from rdotool.ops.rdoinfo import load_rdoinfo

        params = ctx.params if ctx is not None else {}
        settings = load_settings().with_options(rdoinfo=params.get("rdoinfo"), offline=True)
        releases = load_rdoinfo(settings).rdoinfo.releases()
    except Exception:
        return []
    return [r["name"] for r in releases if r["name"].startswith(incomplete)]


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
        envvar="RDOTOOL_RDOINFO",
        help="rdoinfo checkout directory or git URL (cloned into the cache). "
        "Default: config file, else the upstream rdoinfo repository.",
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
        envvar="RDOTOOL_INFO_FILE",
        help="Entry file of rdoinfo. [default: rdo-full.yml]",
        rich_help_panel=RDOINFO_PANEL,
        show_default=False,
    ),
]
OfflineOpt = Annotated[
    Optional[bool],
    typer.Option(
        "--offline/--online",
        envvar="RDOTOOL_OFFLINE",
        help="Never fetch rdoinfo; use the cached clone as it is.",
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
        show_default=False,
    ),
]
