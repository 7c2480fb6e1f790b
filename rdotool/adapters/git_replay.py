"""A patches branch moved onto a new tag without a work tree, when no commit needs a
merge (the rule is in core/replay.py).

`git rebase` checks the branch out, merges each commit and writes a dozen state files
per commit: ~4 ms a commit and the whole tree written out, more than the rest of
new-version. When the replay needs no merge, the same commits are written by one
`git fast-import`: the same trees, each author and message as written, the committer
git names, and the branch moved with rebase's reflog message. The resulting commits are
the ones `git rebase` makes (tests compare the two on the same repositories).

Whenever a setting or a commit could make `git rebase` do something else (signing,
hooks, notes, the apply backend, updating other refs, a merge in the range, an
encoding or extra header, an author line git would rewrite), `replay_onto` says so and
the caller runs `git rebase`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

from rdotool.adapters.git import Repo
from rdotool.core.replay import TREE_MODE, Entry, PathChange, Pick, plan_replay

SCRATCH_REF = "refs/rdotool/replay"
_CONFIG_KEYS = (
    r"^(commit\.gpgsign|rebase\.backend|rebase\.updaterefs|notes\.rewriteref"
    r"|i18n\.commitencoding|core\.hookspath)$"
)
_IDENT = re.compile(rb"(?P<name>[^<>\n]+) <(?P<email>[^<>\n]*)> [0-9]+ [+-][0-9]{4}")
_CRUD = frozenset(b",:;<>\"\\'.")  # git trims these (and blanks) around names
_MISSING = "0" * 40
_FULL_SHA = re.compile(r"[0-9a-f]{40}")


def replay_onto(repo: Repo, onto: str, upstream: str, branch: str, tip: str | None = None) -> bool:
    """Move refs/heads/BRANCH (at `tip` when the caller knows it) as
    `git rebase --onto ONTO UPSTREAM BRANCH` would: True when done, False (nothing
    changed) when only `git rebase` can do it."""
    onto_sha = repo.rev_parse(onto)  # first: the commands below clear Repo's tag memo
    base_sha = upstream if _FULL_SHA.fullmatch(upstream) else repo.rev_parse(upstream)
    tip = tip or repo.rev_parse(f"refs/heads/{branch}")
    if onto_sha is None or base_sha is None or tip is None:
        return False
    if not _settings_allow(repo) or _checked_out(repo, branch):
        return False
    picks = _picks(repo, base_sha, tip)
    if picks is None:
        return False
    kept = _replayed(repo, picks, onto_sha, base_sha) if picks else []
    if kept is None:
        return False
    transaction = ""
    new_tip = onto_sha
    if kept:
        headers = _authors_and_messages(repo, [pick.sha for pick, _ in kept])
        committer = repo.try_run("var", "GIT_COMMITTER_IDENT")
        if headers is None or not committer:
            return False
        stream = _stream(onto_sha, kept, headers, committer.encode())
        new_tip = repo.run_bytes(
            "-c", "fastimport.unpackLimit=0", "fast-import", "--quiet", "--force", stdin=stream
        ).decode()
        transaction = f"delete {SCRATCH_REF}\n"
    transaction = f"update refs/heads/{branch} {new_tip.strip()} {tip}\n" + transaction
    message = f"rebase (finish): refs/heads/{branch} onto {onto_sha}"
    repo.run_bytes("update-ref", "-m", message, "--stdin", stdin=transaction.encode())
    return True


def _replayed(
    repo: Repo, picks: list[Pick], onto: str, base: str
) -> Optional[list[tuple[Pick, dict[str, Entry]]]]:
    """The picks that stay, with the paths each sets; None when one needs a merge."""
    touched = sorted({c.path for p in picks for c in p.changes})
    if not touched:
        return None  # only empty commits: git's rules for those
    base_dirs = {p for p, e in _entries(repo, base, touched).items() if e[0] == TREE_MODE}
    plan = plan_replay(picks, _entries(repo, onto, touched), base_dirs)
    if plan is None:
        return None
    return [(pick, updates) for pick, updates in zip(picks, plan) if updates is not None]


def _settings_allow(repo: Repo) -> bool:
    """No setting under which `git rebase` would do more than replay commits."""
    out = repo.try_run("config", "-z", "--get-regexp", _CONFIG_KEYS) or ""
    hooks = _common_dir(repo) / "hooks"
    for record in out.split("\0"):
        key, _, value = record.partition("\n")
        value = value.strip().lower()
        if key in ("commit.gpgsign", "rebase.updaterefs") and value not in (
            "false",
            "no",
            "off",
            "0",
        ):
            return False
        if key == "rebase.backend" and value != "merge":
            return False
        if key == "notes.rewriteref":
            return False
        if key == "i18n.commitencoding" and value not in ("utf-8", "utf8"):
            return False
        if key == "core.hookspath":
            # git expands ~ in this path; a relative one is from the work tree's top
            hooks = repo.path / os.path.expanduser(record.partition("\n")[2])
    return not _has_hooks(hooks)


def _common_dir(repo: Repo) -> Path:
    """The git directory shared by all work trees (a linked work tree's points to it)."""
    pointer = repo.git_dir / "commondir"
    if pointer.is_file():
        return (repo.git_dir / pointer.read_text(encoding="utf-8").strip()).resolve()
    return repo.git_dir


def _has_hooks(directory: Path) -> bool:
    """Any hook git would run (an executable that is not a *.sample)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return False
    return any(
        not name.endswith(".sample") and os.access(directory / name, os.X_OK) for name in names
    )


def _checked_out(repo: Repo, branch: str) -> bool:
    """Whether a work tree has the branch checked out (git would refuse to move it)."""
    out = repo.run("worktree", "list", "--porcelain")
    return f"branch refs/heads/{branch}" in out.splitlines()


def _picks(repo: Repo, base: str, tip: str) -> Optional[list[Pick]]:
    """base..tip, oldest first, with their changes; None unless it is one straight line
    of commits with paths fast-import can name."""
    out = repo.run_bytes(
        "log", "--raw", "-z", "--no-renames", "--no-abbrev", "--no-show-signature",
        "--reverse", "--format=%H %P", f"{base}..{tip}",
    )  # fmt: skip
    tokens = out.split(b"\0")
    picks: list[Pick] = []
    sha, parent = "", base
    changes: list[PathChange] = []
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        index += 1
        if not token:
            continue
        if token.startswith(b":"):
            if index >= len(tokens):
                return None
            path = tokens[index]
            index += 1
            change = _change(token, path)
            if change is None:
                return None
            changes.append(change)
            continue
        if sha:
            picks.append(Pick(sha, tuple(changes)))
        fields = token.decode("ascii", "replace").split()
        if len(fields) != 2 or fields[1] != parent:
            return None  # a merge, a root commit, or not one line of history
        sha, parent, changes = fields[0], fields[0], []
    if sha:
        picks.append(Pick(sha, tuple(changes)))
    return picks


def _change(raw: bytes, path: bytes) -> Optional[PathChange]:
    """One `git log --raw` line: `:OLDMODE NEWMODE OLD NEW STATUS`."""
    fields = raw[1:].decode("ascii", "replace").split()
    if len(fields) != 5 or not path or b"\n" in path or path.startswith(b'"'):
        return None
    old_mode, new_mode, old, new, _status = fields

    def entry(mode: str, oid: str) -> Optional[Entry]:
        return None if oid == _MISSING else (mode, oid)

    name = path.decode("utf-8", "surrogateescape")
    return PathChange(name, entry(old_mode, old), entry(new_mode, new))


def _entries(repo: Repo, tree: str, paths: Sequence[str]) -> dict[str, Entry]:
    """The entries of `tree` at `paths` and at each directory above them."""
    out = repo.run_bytes("--literal-pathspecs", "ls-tree", "-t", "-z", tree, "--", *paths)
    entries: dict[str, Entry] = {}
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, _kind, oid = meta.decode("ascii").split()
        entries[name.decode("utf-8", "surrogateescape")] = (mode, oid)
    return entries


def _authors_and_messages(
    repo: Repo, shas: Sequence[str]
) -> Optional[dict[str, tuple[bytes, bytes]]]:
    """sha -> (author line value, message) as written; None when a commit has a header
    rebase would not carry as it is (encoding, signature) or an author git would tidy."""
    out = repo.run_bytes("cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas).encode())
    found: dict[str, tuple[bytes, bytes]] = {}
    position = 0
    for sha in shas:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) != 3 or header[1] != b"commit":
            return None
        size = int(header[2])
        body = out[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
        head, _, message = body.partition(b"\n\n")
        author = None
        for line in head.split(b"\n"):
            key, _, value = line.partition(b" ")
            if key == b"author":
                author = value
            elif key not in (b"tree", b"parent", b"committer"):
                return None
        if author is None or not _plain_ident(author):
            return None
        found[sha] = (author, message)
    return found


def _plain_ident(ident: bytes) -> bool:
    """An author line git writes back unchanged: no characters it trims or drops."""
    match = _IDENT.fullmatch(ident)
    if match is None:
        return False
    return all(
        part and part[0] > 32 and part[-1] > 32 and part[0] not in _CRUD and part[-1] not in _CRUD
        for part in (match["name"], match["email"])
    )


def _stream(
    onto: str,
    kept: Sequence[tuple[Pick, Mapping[str, Entry]]],
    headers: Mapping[str, tuple[bytes, bytes]],
    committer: bytes,
) -> bytes:
    """fast-import commands: one commit per kept pick on the scratch ref, starting from
    `onto`, then the last commit's id on stdout (`get-mark`)."""
    parts = [b"feature done\n"]
    for number, (pick, updates) in enumerate(kept, start=1):
        author, message = headers[pick.sha]
        parts += [
            f"commit {SCRATCH_REF}\nmark :{number}\n".encode(),
            b"author " + author + b"\n",
            b"committer " + committer + b"\n",
            f"data {len(message)}\n".encode(),
            message + b"\n",
        ]
        if number == 1:
            parts.append(f"from {onto}\n".encode())
        for path, (mode, oid) in updates.items():
            parts.append(
                f"M {mode} {oid} ".encode() + path.encode("utf-8", "surrogateescape") + b"\n"
            )
        parts.append(b"\n")
    parts.append(f"get-mark :{len(kept)}\ndone\n".encode())
    return b"".join(parts)
