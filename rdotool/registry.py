"""The commands by name, without typer: what `rdotool --help` lists and what the shell
completes for a command name, rdopkg's spellings and the rdopkg habits rdotool refuses,
readable before the CLI is imported (rdotool/quick.py answers from here)."""

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
        "Check the spec's Requires against upstream requirements, per subpackage.",
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
    "query": LazyCommand(
        "rdotool.cli.query",
        "query",
        "Show which version of PACKAGE each repository provides.",
    ),
    "reqquery": LazyCommand(
        "rdotool.cli.reqquery",
        "reqquery",
        "Check that every Requires of the spec is in the release's repositories.",
    ),
    "lint": LazyCommand(
        "rdotool.cli.lint",
        "lint",
        "Check the spec before a review; exit 1 when an error is found.",
    ),
    "bisect": LazyCommand(
        "rdotool.cli.bisect",
        "bisect",
        "Find the upstream commit that broke a trunk build (as git bisect run would).",
    ),
    "uc": LazyCommand(
        "rdotool.cli.uc",
        "app",
        "Compare a release's rdoinfo pins and builds with upper-constraints; sync the pins;"
        " bump the packages.",
    ),
    "review": LazyCommand(
        "rdotool.cli.review",
        "review",
        "Send the current distgit change to Gerrit (git push to refs/for/BRANCH).",
    ),
}


# rdopkg's action names, as the rdotool command lines they mean
# subcommands of a group that rdotool/quick.py runs without typer: "GROUP SUB" -> where
# the function lives (the group's own module imports typer)
SUBCOMMANDS: dict[str, LazyCommand] = {
    "uc report": LazyCommand(
        "rdotool.cli.uc_report",
        "report",
        "Show every upper-constraints entry against the release's pin and build.",
    ),
}

ALIASES: dict[str, tuple[str, ...]] = {
    "update-patches": ("patch", "--local-patches", "--no-bump"),
    "mockbuild": ("build", "--backend", "mock"),
    "kojibuild": ("build", "--backend", "koji"),
    "cbsbuild": ("build", "--backend", "koji", "--profile", "cbs"),
    "release": ("releases",),
    "review-spec": ("review",),
    "review-patch": ("review", "--patches"),
}


PATCH_FLAGS = "lafh"  # patch's short options that take no value


def rdopkg_trap(args: list[str]) -> str | None:
    """The message for an rdopkg habit that would do something else in rdotool, or None.

    `patch -B` was rdopkg's --no-bump (`patch -lBa`); here -B is --bug and takes a bug
    number. When what follows -B is nothing, an option, or letters (the rest of an
    rdopkg flag cluster), the rdopkg reading is meant: stop rather than run.
    """
    if not args or args[0] != "patch":
        return None
    for index, token in enumerate(args[1:], start=1):
        if token == "--":
            break
        if not token.startswith("-") or token.startswith("--"):
            continue
        cluster = token[1:]
        flags = len(cluster) - len(cluster.lstrip(PATCH_FLAGS))  # -l, -a, -f take no value
        if cluster[flags : flags + 1] != "B":
            continue  # no -B, or -B is inside another option's value (-uBob)
        value = cluster[flags + 1 :] or (args[index + 1] if index + 1 < len(args) else "")
        if not value or value.startswith("-") or value.isalpha():
            return (
                f"{token}: -B is --bug BUG here; rdopkg's patch -B (no bump) is --no-bump."
                " Did you mean --no-bump?"
            )
    return None
