"""The commands by name, without typer: what `rdotool --help` lists and what the shell
completes for a command name, readable before the CLI is imported (rdotool/__main__.py
answers command-name completion from here in milliseconds)."""

from __future__ import annotations

from typing import NamedTuple


class LazyCommand(NamedTuple):
    """A subcommand known by name, built from its module only when it is used."""

    module: str
    function: str
    short_help: str


# name -> (module, function, the one-line help `rdotool --help` lists; a test checks it)
COMMANDS: dict[str, LazyCommand] = {
    "info": LazyCommand("rdotool.cli.info", "info", "Show rdoinfo packages."),
    "findpkg": LazyCommand(
        "rdotool.cli.findpkg",
        "findpkg",
        "Find the one package that best matches QUERY and show it.",
    ),
    "releases": LazyCommand(
        "rdotool.cli.releases",
        "releases",
        "List releases: status, distgit branch, identifier, upstream branch and repos.",
    ),
    "clone": LazyCommand(
        "rdotool.cli.clone",
        "clone",
        "Clone a package's distgit and set up its remotes from rdoinfo.",
    ),
    "patch": LazyCommand(
        "rdotool.cli.patch",
        "patch",
        "Regenerate the spec's patches from the patches branch and commit.",
    ),
    "new-version": LazyCommand(
        "rdotool.cli.new_version",
        "new_version",
        "Move the package to a new upstream version and commit.",
    ),
    "fix": LazyCommand(
        "rdotool.cli.fix", "fix", "Bump Release and open a %changelog entry for a spec-only change."
    ),
    "status": LazyCommand(
        "rdotool.cli.resume",
        "status",
        "Show the rdotool command in progress in the distgit, if any.",
    ),
    "reqcheck": LazyCommand(
        "rdotool.cli.reqcheck",
        "reqcheck",
        "Check the spec's Requires against upstream requirements.txt.",
    ),
    "reqdiff": LazyCommand(
        "rdotool.cli.reqcheck",
        "reqdiff",
        "Show how requirements.txt changed between two upstream refs.",
    ),
    "build": LazyCommand(
        "rdotool.cli.build",
        "build",
        "Build the distgit: sources, SRPM, then mock, rpmbuild or Koji.",
    ),
    "uc": LazyCommand(
        "rdotool.cli.uc",
        "app",
        "Compare a release's rdoinfo pins and builds with upper-constraints; sync the pins.",
    ),
    "review": LazyCommand(
        "rdotool.cli.review",
        "review",
        "Send the current distgit change to Gerrit (git push to refs/for/BRANCH).",
    ),
}


# rdopkg's action names, as the rdotool command lines they mean
ALIASES: dict[str, tuple[str, ...]] = {
    "update-patches": ("patch", "--local-patches", "--no-bump"),
    "mockbuild": ("build", "--backend", "mock"),
    "kojibuild": ("build", "--backend", "koji"),
    "cbsbuild": ("build", "--backend", "koji", "--profile", "cbs"),
    "release": ("releases",),
    "review-spec": ("review",),
    "review-patch": ("review", "--patches"),
}
