"""rpmbuild and the rpm database: SRPMs, rebuilds, BuildRequires and RPM headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdotool.adapters.process import LineCallback, run_captured, run_logged
from rdotool.errors import ExternalError, InputError


def defines(topdir: Path, sourcedir: Path, macros: list[tuple[str, str]]) -> list[str]:
    """`--define` arguments that keep rpmbuild inside `topdir` (never ~/rpmbuild)."""
    dirs = {
        "_topdir": topdir,
        "_sourcedir": sourcedir,
        "_specdir": sourcedir,
        "_builddir": topdir / "BUILD",
        "_srcrpmdir": topdir / "SRPMS",
        "_rpmdir": topdir / "RPMS",
        "_buildrootdir": topdir / "BUILDROOT",
    }
    args: list[str] = []
    for name, value in [*((k, str(v)) for k, v in dirs.items()), *macros]:
        args += ["--define", f"{name} {value}"]
    return args


def srpm_argv(
    spec: Path, sourcedir: Path, topdir: Path, macros: list[tuple[str, str]]
) -> list[str]:
    """The `rpmbuild -bs` command line that makes the SRPM (run, or shown by --dry-run)."""
    return ["rpmbuild", "-bs", "--nodeps", *defines(topdir, sourcedir, macros), str(spec)]


def rebuild_argv(
    srpm: Path, topdir: Path, macros: list[tuple[str, str]], nodeps: bool = False
) -> list[str]:
    """The `rpmbuild --rebuild SRPM` command line (run, or shown by --dry-run)."""
    return [
        "rpmbuild",
        "--rebuild",
        *(["--nodeps"] if nodeps else []),
        *defines(topdir, topdir / "SOURCES", macros),
        str(srpm),
    ]


def build_srpm(
    spec: Path, sourcedir: Path, topdir: Path, macros: list[tuple[str, str]], log: Path
) -> Path:
    """`rpmbuild -bs --nodeps`; the SRPM's path."""
    argv = srpm_argv(spec, sourcedir, topdir, macros)
    lines: list[str] = []
    code = run_logged(argv, log, on_line=lines.append)
    written = [m.group(1) for line in lines if (m := re.match(r"Wrote: (\S+\.src\.rpm)", line))]
    if code != 0 or not written:
        for line in lines:
            syntax = re.match(r"error: line (\d+): (.*)", line)
            if syntax:
                raise InputError(
                    f"{spec}:{syntax.group(1)}: {syntax.group(2)}",
                    f"fix the spec (rpmbuild's output: {log})",
                )
        reason = next((line for line in reversed(lines) if "error" in line.lower()), "")
        raise ExternalError(
            f"rpmbuild could not make the SRPM: {reason or f'exit {code}'}", f"see {log}"
        )
    return Path(written[-1])


def rebuild(
    srpm: Path,
    topdir: Path,
    macros: list[tuple[str, str]],
    log: Path,
    nodeps: bool = False,
    on_line: LineCallback | None = None,
) -> int:
    """`rpmbuild --rebuild SRPM`; the exit code."""
    return run_logged(rebuild_argv(srpm, topdir, macros, nodeps), log, on_line=on_line)


def host_rpmdb_is_empty() -> bool:
    """True on Debian/Ubuntu, where rpm's database does not list the system's packages."""
    return run_captured(["rpm", "-qa"]).stdout.strip() == ""


def missing_buildrequires(srpm: Path) -> list[str]:
    """BuildRequires of an SRPM that nothing in the rpm database provides."""
    requires = run_captured(["rpm", "-qp", "--requires", str(srpm)]).stdout.splitlines()
    missing = []
    for requirement in requires:
        requirement = requirement.strip()
        if not requirement or requirement.startswith("rpmlib("):
            continue
        capability = requirement.split()[0]
        if run_captured(["rpm", "-q", "--whatprovides", capability]).returncode != 0:
            missing.append(requirement)
    return missing


@dataclass(frozen=True)
class RpmInfo:
    """What a built RPM is."""

    path: str
    nvr: str
    arch: str
    size: int


def read_rpm(path: Path) -> RpmInfo:
    """Name-version-release and arch from an RPM's header (librpm)."""
    import os

    from rdotool.adapters.librpm import load
    from rdotool.errors import ExternalError

    rpm = load()
    ts = rpm.TransactionSet()
    ts.setVSFlags(rpm._RPMVSF_NOSIGNATURES | rpm._RPMVSF_NODIGESTS)
    try:
        with open(path, "rb") as handle:
            header = ts.hdrFromFdno(handle.fileno())
    except (rpm.error, OSError) as exc:
        raise ExternalError(
            f"the build left {path}, which is not a readable RPM ({exc})",
            "look at the build's logs; rebuild after removing the results directory",
        ) from None
    arch = "src" if header[rpm.RPMTAG_SOURCEPACKAGE] else str(header[rpm.RPMTAG_ARCH])
    nvr = f"{header[rpm.RPMTAG_NAME]}-{header[rpm.RPMTAG_VERSION]}-{header[rpm.RPMTAG_RELEASE]}"
    return RpmInfo(str(path), nvr, arch, os.path.getsize(path))
