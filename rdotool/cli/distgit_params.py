"""Options shared by the distgit commands (patch, new-version, fix)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

PATCHES_PANEL = "Patches branch"
CHANGELOG_PANEL = "Changelog and commit"

PatchesBranchOpt = Annotated[
    Optional[str],
    typer.Option(
        "--patches-branch",
        "-p",
        metavar="REMOTE/BRANCH",
        help="Remote patches branch. [default: patches/<branch>-patches]",
        rich_help_panel=PATCHES_PANEL,
        show_default=False,
    ),
]
LocalPatchesBranchOpt = Annotated[
    Optional[str],
    typer.Option(
        "--local-patches-branch",
        "-P",
        metavar="BRANCH",
        help="Local patches branch. [default: <branch>-patches]",
        rich_help_panel=PATCHES_PANEL,
        show_default=False,
    ),
]
LocalPatchesOpt = Annotated[
    bool,
    typer.Option(
        "--local-patches",
        "-l",
        help="Use the local patches branch as it is (do not move it to the remote one).",
        rich_help_panel=PATCHES_PANEL,
    ),
]
BumpIndexOpt = Annotated[
    Optional[str],
    typer.Option(
        "--release-bump-index",
        "-R",
        metavar="MAJOR|MINOR|PATCH|N|0",
        help="Which number of Release to bump. [default: the last leading number]",
        rich_help_panel=CHANGELOG_PANEL,
        show_default=False,
    ),
]
HeaderFileOpt = Annotated[
    Optional[str],
    typer.Option(
        "--commit-header-file",
        "-H",
        metavar="FILE|-",
        help="Use this text (- reads stdin) instead of NAME-VERSION-RELEASE as the first line.",
        rich_help_panel=CHANGELOG_PANEL,
        show_default=False,
    ),
]
BugOpt = Annotated[
    Optional[str],
    typer.Option(
        "--bug",
        "-B",
        metavar="rhbz#N,...",
        help="Bugs fixed: added to the changelog line and as Resolves: lines in the commit.",
        rich_help_panel=CHANGELOG_PANEL,
        show_default=False,
    ),
]
UserOpt = Annotated[
    Optional[str],
    typer.Option(
        "--changelog-user",
        "-u",
        metavar="NAME",
        help="Changelog author. [default: git config user.name, else $RPM_PACKAGER]",
        rich_help_panel=CHANGELOG_PANEL,
        show_default=False,
    ),
]
EmailOpt = Annotated[
    Optional[str],
    typer.Option(
        "--changelog-email",
        "-e",
        metavar="EMAIL",
        help="Changelog e-mail. [default: git config user.email, else $RPM_PACKAGER]",
        rich_help_panel=CHANGELOG_PANEL,
        show_default=False,
    ),
]
