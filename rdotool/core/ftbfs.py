"""Why a build failed, in a few lines: the phase and the first real error of its log.

A failed build log is long and its tail is mostly rpm's epilogue (`RPM build errors:`).
What a packager needs is where it stopped and the first line that says why:

- the phase: `Bad exit status from ... (%check)`; `File not found` and `Installed (but
  unpackaged) file(s)` are %files; `Failed build dependencies` (rpmbuild) or the
  package manager's answer in mock's root.log is BuildRequires; else the last
  `Executing(%...)` reached;
- the first error: in %prep, the patch that does not apply (and the file whose hunk
  failed); in %files, the missing or unpackaged files; for BuildRequires, the missing
  capabilities; in %check, the first failing test (pytest, unittest, stestr) or the
  exception a traceback ends with; otherwise the first `error:` line, or the last line
  the failing step printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

PHASES = ("sources", "srpm", "BuildRequires", "%prep", "%build", "%install", "%check", "%files")
CONTEXT = 3  # lines shown before and after the first error

_BAD_EXIT = re.compile(r"Bad exit status from \S+ \((%\w+)\)")
_EXECUTING = re.compile(r"^Executing\((%\w+)\):")
_MOCK_PREFIX = re.compile(r"^(?:DEBUG|INFO|WARNING|ERROR) \S+:\d+:\s{1,2}")
# the patch being applied: `Patch #1 (x.patch):` (%patch), or the file %autopatch feeds
# to patch, which rpm 4.18 only traces; the two traced commands of that pipeline may
# interleave character by character, so any patch file name seen last is the one
_PATCH_FILE = re.compile(r"(?P<name>[\w.+-]+\.(?:patch|diff))\b")
_PATCH_FAILED = re.compile(
    r"hunks? FAILED|Hunk #\d+ FAILED|patch does not apply|patch failed:|can't find file to"
    r" patch|Reversed \(or previously applied\) patch detected|malformed patch"
)
_MISSING_DEPS = (
    re.compile(r"No matching package to install: '(?P<dep>[^']+)'"),
    re.compile(r"No match for argument: (?P<dep>\S+)"),
    re.compile(r"nothing provides (?P<dep>.+?) needed by"),
)
_NEEDED_BY = re.compile(r"^\s+(?P<dep>.+?) is needed by \S+")  # rpmbuild's own check
_TEST_FAILED = (
    re.compile(r"^FAILED (?P<test>\S+)"),  # pytest's summary
    re.compile(r"^(?:FAIL|ERROR): (?P<test>\S+(?: \([\w.]+\))?)"),  # unittest
    re.compile(r"^\{\d+\} (?P<test>\S+) \[[\d.]+s\] \.\.\. FAILED"),  # stestr
    re.compile(r"^(?P<test>\S+::\S+) FAILED"),  # pytest -v
)
_EXCEPTION = re.compile(r"^(?:[A-Za-z_][\w.]*)(?:Error|Exception|Exit|Failure|Interrupt)\b.*")


@dataclass(frozen=True)
class Ftbfs:
    """A failed build, summed up."""

    phase: str  # one of PHASES, or "" when the log says nothing recognisable
    first_error: str
    context: list[str] = field(default_factory=list)  # lines around it, as logged
    log: str = ""  # the log it was read from

    def lines(self) -> list[str]:
        """What text output shows under the error message."""
        head = f"{self.phase}: {self.first_error}" if self.phase else self.first_error
        return [head, *(f"  | {line}" for line in self.context)]


def explain(build_log: str, root_log: str = "", log: str = "") -> Ftbfs:
    """Sum up a failed build from its build log (rpmbuild's output; mock's build.log) and,
    for mock, its root.log (where BuildRequires are installed)."""
    lines = _plain(build_log.splitlines())
    missing = _uninstallable(_plain(root_log.splitlines()))  # mock never got to rpmbuild
    if missing is not None and "Executing(%" not in build_log:
        return Ftbfs("BuildRequires", missing[0], missing[1], log)
    missing = _failed_build_dependencies(lines)
    if missing is not None:
        return Ftbfs("BuildRequires", missing[0], missing[1], log)
    phase = _phase(lines)
    start = _phase_start(lines, phase)
    found = _first_error(lines, phase, start)
    if found is None:
        return Ftbfs(phase, "the build failed, and its log says no more", lines[-CONTEXT:], log)
    message, index = found
    return Ftbfs(phase, message, _around(lines, index), log)


def _plain(lines: Sequence[str]) -> list[str]:
    """Log lines without mock's `DEBUG util.py:446:` prefixes."""
    return [_MOCK_PREFIX.sub("", line.rstrip("\n")) for line in lines]


def _phase(lines: Sequence[str]) -> str:
    for line in lines:
        if "File not found" in line or "Installed (but unpackaged) file(s) found" in line:
            return "%files"
        match = _BAD_EXIT.search(line)
        if match:
            return match.group(1)
    executed = [m.group(1) for line in lines if (m := _EXECUTING.match(line))]
    return executed[-1] if executed else ""


def _phase_start(lines: Sequence[str], phase: str) -> int:
    """Where the failing phase's output begins (0 when it is not marked)."""
    for index in range(len(lines) - 1, -1, -1):
        match = _EXECUTING.match(lines[index])
        if match and match.group(1) == phase:
            return index
    return 0


def _first_error(lines: Sequence[str], phase: str, start: int) -> tuple[str, int] | None:
    if phase == "%prep":
        found = _failed_patch(lines, start)
        if found is not None:
            return found
    if phase == "%files":
        return _files_error(lines)
    if phase == "%check":
        for index in range(start, len(lines)):
            for pattern in _TEST_FAILED:
                match = pattern.match(lines[index])
                if match:
                    return f"test failed: {match.group('test')}", index
    traceback = _traceback_end(lines, start)
    if traceback is not None:
        return traceback
    for index in range(start, len(lines)):
        line = lines[index]
        if re.match(r"^(error|Error|ERROR|fatal)[:\s]", line) and not _BAD_EXIT.search(line):
            return line.strip(), index
    return _last_output(lines, start)


def _failed_patch(lines: Sequence[str], start: int) -> tuple[str, int] | None:
    name = ""
    for index in range(start, len(lines)):
        line = lines[index]
        if _PATCH_FAILED.search(line):
            which = f"patch {name}" if name else "a patch"
            return f"{which} does not apply: {line.strip()}", index
        names = _PATCH_FILE.findall(line)
        if names:
            name = names[-1]
    return None


def _files_error(lines: Sequence[str]) -> tuple[str, int] | None:
    for index, line in enumerate(lines):
        match = re.search(r"File not found(?: by glob)?: (\S+)", line)
        if match:
            return f"file not found: {match.group(1)}", index
        if "Installed (but unpackaged) file(s) found" in line:
            files = []
            for following in lines[index + 1 :]:
                if not following.startswith((" ", "\t")) or not following.strip():
                    break
                files.append(following.strip())
            return f"installed but not packaged: {', '.join(files) or '(see the log)'}", index
    return None


def _traceback_end(lines: Sequence[str], start: int) -> tuple[str, int] | None:
    """The exception line a Python traceback ends with (the first traceback)."""
    for index in range(start, len(lines)):
        if lines[index].startswith("Traceback (most recent call last):"):
            for end in range(index + 1, min(len(lines), index + 200)):
                candidate = lines[end].strip()
                if not lines[end].startswith((" ", "\t")) and _EXCEPTION.match(candidate):
                    return candidate, end
    return None


def _last_output(lines: Sequence[str], start: int) -> tuple[str, int] | None:
    """The last line the failing step printed itself, else the last command it ran
    (a `+ command` trace: `test -f x` fails silently)."""
    command: tuple[str, int] | None = None
    for index in range(len(lines) - 1, start - 1, -1):
        line = lines[index].strip()
        if not line or _BAD_EXIT.search(line) or line == "RPM build errors:":
            continue
        if _EXECUTING.match(line):
            break
        if line.startswith("+ "):
            command = command or (f"`{line[2:]}` failed", index)
            continue
        return line, index
    return command


def _uninstallable(lines: Sequence[str]) -> tuple[str, list[str]] | None:
    """mock's root.log: the BuildRequires dnf (or yum) could not install."""
    missing: list[str] = []
    first = -1
    for index, line in enumerate(lines):
        for pattern in _MISSING_DEPS:
            match = pattern.search(line)
            if match:
                dep = match.group("dep").strip()
                if dep not in missing:
                    missing.append(dep)
                first = index if first < 0 else first
                break
    if not missing:
        return None
    return f"missing BuildRequires: {', '.join(missing)}", _around(lines, first)


def _failed_build_dependencies(lines: Sequence[str]) -> tuple[str, list[str]] | None:
    """rpmbuild's `error: Failed build dependencies:` and the lines that follow it."""
    for index, line in enumerate(lines):
        if "Failed build dependencies" in line:
            missing = []
            for following in lines[index + 1 :]:
                match = _NEEDED_BY.match(following)
                if match is None:
                    break
                missing.append(match.group("dep").strip())
            if missing:
                return f"missing BuildRequires: {', '.join(missing)}", _around(lines, index)
    return None


def _around(lines: Sequence[str], index: int) -> list[str]:
    return [line for line in lines[max(0, index - CONTEXT) : index + CONTEXT + 1] if line.strip()]


_VOLATILE = (
    (re.compile(r"/var/tmp/rpm-tmp\.\w+"), "RPM-TMP"),
    (re.compile(r"/BUILDROOT/[^/\s]+"), "/BUILDROOT/NVR"),
    (re.compile(r"\b[0-9a-f]{7,40}\b"), "HASH"),
    (re.compile(r"\d+"), "N"),
)


def signature(ftbfs: Ftbfs) -> str:
    """The phase and first error with what changes from commit to commit (versions,
    dates, hashes, temporary names) left out: two builds failing for the same reason
    have the same signature (what `bisect` compares)."""
    text = f"{ftbfs.phase}: {ftbfs.first_error}"
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text
