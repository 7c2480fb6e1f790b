"""%changelog entries and commit messages, in the formats rdopkg writes (pure text).

An entry header is `* Www Mmm DD YYYY Name <email> [E:]V-R` (RDO style, no dash); a spec
whose newest entry uses `... <email> - V-R` keeps that style. Commit messages are:

    NAME-VERSION-RELEASE          (or the -H/--commit-header-file text)

    Changelog:
    - the entry's lines

    Resolves: rhbz#N              (one per bug named in the entry)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

_BUG = re.compile(r"rhbz#(\d+)")


def find_bugs(text: str) -> list[str]:
    """`rhbz#N` references in the text, in order, without repeats."""
    return list(dict.fromkeys(f"rhbz#{n}" for n in _BUG.findall(text)))


def parse_bug_option(value: str | None) -> list[str]:
    """`-B/--bug rhbz#1,rhbz#2` (or plain numbers) as `rhbz#N` strings."""
    if not value:
        return []
    bugs = []
    for item in re.split(r"[,\s]+", value.strip()):
        if not item:
            continue
        number = item.removeprefix("rhbz#").removeprefix("#")
        if not number.isdigit():
            from rdotool.errors import UsageError

            raise UsageError(f"invalid bug {item!r}", "write bugs as rhbz#123456,rhbz#234567")
        bugs.append(f"rhbz#{number}")
    return list(dict.fromkeys(bugs))


def with_bugs(line: str, bugs: Sequence[str]) -> str:
    """Append `(rhbz#1 rhbz#2)` for the bugs the line does not mention yet."""
    missing = [bug for bug in bugs if bug not in line]
    return f"{line} ({' '.join(missing)})" if missing else line


def entry_header(when: date, user: str, email: str, evr: str, dash: bool = False) -> str:
    """`* Thu Aug 08 2024 Name <email> 1:2.0.0-1` (with ` - ` before the EVR if `dash`)."""
    stamp = when.strftime("%a %b %d %Y")
    return f"* {stamp} {user} <{email}>{' - ' if dash else ' '}{evr}"


def header_uses_dash(header: str) -> bool:
    """True when an existing entry header separates the EVR with ` - ` (Fedora style)."""
    return bool(re.search(r">\s+-\s+\S+\s*$", header))


def commit_message(
    nvr: str,
    entry: Sequence[str],
    header: str | None = None,
    change_id: str | None = None,
) -> str:
    """The commit message for a spec change (see the module docstring)."""
    lines = [header.rstrip("\n") if header else nvr, "", "Changelog:"]
    lines += [line for line in entry if line.strip()]
    bugs = find_bugs("\n".join(entry))
    if bugs:
        lines += ["", *(f"Resolves: {bug}" for bug in bugs)]
    if change_id:
        lines += ["", f"Change-Id: {change_id}"]
    return "\n".join(lines) + "\n"
