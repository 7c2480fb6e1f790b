"""Build-tool conventions as data: backends, mock phases and exit codes, `sources` files,
the Koji target of a release (`cbs/cloud9s-openstack-epoxy-el9s` ->
`cloud9s-openstack-epoxy-el9s`). The distros themselves are in core/targets.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rdotool.errors import InputError

_SOURCES_BSD = re.compile(r"^(?P<algo>[A-Z0-9]+) \((?P<name>[^)]+)\) = (?P<hash>[0-9a-f]+)$")
_SOURCES_PLAIN = re.compile(r"^(?P<hash>[0-9a-f]{32,128})\s+(?P<name>\S+)$")
_HASH_BY_LENGTH = {32: "MD5", 40: "SHA1", 64: "SHA256", 128: "SHA512"}
_KNOWN_HASHES = {"MD5", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512"}
_PLAIN_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+~-]*$")


def is_plain_file_name(name: str) -> bool:
    """A name rdotool may write into a distgit: no path, no leading dot, no odd characters."""
    return bool(_PLAIN_FILE_NAME.match(name))


class Backend(str, Enum):
    """Where `rdotool build` builds."""

    mock = "mock"
    rpmbuild = "rpmbuild"
    koji = "koji"


def koji_target(buildsys: str | None) -> str | None:
    """The Koji build target of an rdoinfo repo's `buildsys` (`cbs/TARGET`)."""
    if not buildsys:
        return None
    return buildsys.split("/", 1)[1] if "/" in buildsys else buildsys


@dataclass(frozen=True)
class SourceEntry:
    """A line of the distgit's `sources` file."""

    name: str
    algorithm: str  # SHA512, MD5, …
    digest: str


class SourcesLineError(ValueError):
    """A `sources` line rdotool cannot read: why, and what lines look like."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def parse_sources_line(raw: str) -> SourceEntry | None:
    """One line of `sources` (fedpkg's `SHA512 (file) = hex`, or an old `hex  file`);
    None for a blank or `#` comment line; SourcesLineError for anything else."""
    line = raw.strip()
    if not line or line.startswith("#"):
        return None
    bsd = _SOURCES_BSD.match(line)
    plain = _SOURCES_PLAIN.match(line)
    if bsd and bsd["algo"] not in _KNOWN_HASHES:
        raise SourcesLineError(
            f"unknown checksum type {bsd['algo']}",
            f"use one of {', '.join(sorted(_KNOWN_HASHES))} (fedpkg writes SHA512)",
        )
    if bsd:
        return SourceEntry(bsd["name"], bsd["algo"], bsd["hash"])
    if plain and len(plain["hash"]) in _HASH_BY_LENGTH:
        return SourceEntry(plain["name"], _HASH_BY_LENGTH[len(plain["hash"])], plain["hash"])
    raise SourcesLineError(f"cannot read {raw!r}", "lines look like: SHA512 (file.tar.gz) = <hex>")


def parse_sources_file(text: str) -> dict[str, SourceEntry]:
    """Parse `sources` (fedpkg's `SHA512 (file) = hex`, or old `hex  file` lines)."""
    entries: dict[str, SourceEntry] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            entry = parse_sources_line(raw)
        except SourcesLineError as exc:
            raise InputError(f"sources:{number}: {exc.reason}", exc.hint) from None
        if entry is not None:
            entries[entry.name] = entry
    return entries


# mock writes these phases to its log (state.log and its own output)
MOCK_PHASES = (
    ("Start: init plugins", "preparing the chroot"),
    ("Start: installing minimal buildroot", "installing the buildroot"),
    ("Start: build setup", "installing build dependencies"),
    ("Start: rpmbuild", "building"),
    ("Finish: rpmbuild", "build finished"),
    ("Finish: run", "done"),
)


def mock_phase(line: str) -> str | None:
    """The build phase a mock output line announces, if it announces one."""
    for marker, phase in MOCK_PHASES:
        if marker in line:
            return phase
    return None


# mock's exit codes worth a specific log (mockbuild/exception.py)
MOCK_LOG_FOR_EXIT = {10: "build.log", 30: "root.log", 40: "build.log"}


def mock_argv(
    config: str,
    resultdir: str,
    srpm: str,
    *,
    no_clean: bool = False,
    enablerepo: tuple[str, ...] = (),
    addrepo: tuple[str, ...] = (),
    with_: tuple[str, ...] = (),
    without: tuple[str, ...] = (),
    defines: tuple[tuple[str, str], ...] = (),
) -> list[str]:
    """The mock command line for rebuilding an SRPM."""
    argv = ["mock", "-r", config, "--resultdir", resultdir]
    if no_clean:
        argv.append("--no-clean")
    for repo in enablerepo:
        argv += ["--enablerepo", repo]
    for url in addrepo:
        argv += ["--addrepo", url]
    for name in with_:
        argv += ["--with", name]
    for name in without:
        argv += ["--without", name]
    for macro, value in defines:
        argv += ["--define", f"{macro} {value}"]
    return [*argv, "--rebuild", srpm]
