"""The distgit model shared by patch, new-version and fix: checkout, spec, patches branch.

A distgit is a git checkout with one .spec; its branch (`rpm-master`, `epoxy-rdo`) has a
patches branch `<branch>-patches`: local, or `patches/<branch>-patches` on the
`patches` remote. Upstream version tags may live on an `upstream` remote's fetch or in
the distgit repository itself (single-repo layout); both are plain tags to git.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdotool.adapters.files import confined
from rdotool.adapters.git import Repo
from rdotool.adapters.spec import Spec, find_spec
from rdotool.core.patch_series import (
    PATCHES_SUFFIX,
    BranchChoice,
    PatchesBase,
    parse_patches_base,
    patches_branch_of,
)
from rdotool.errors import InputError, UsageError

BACKUP_PREFIX = "refs/rdotool/backup"


@dataclass
class Distgit:
    """An opened distgit checkout."""

    repo: Repo
    spec_path: Path
    branch: str
    _opened_spec: Optional[Spec] = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> Path:
        return self.repo.path

    @property
    def patches_branch(self) -> str:
        """The local patches branch of this distgit branch: `<branch>-patches`."""
        return patches_branch_of(self.branch)

    def spec(self) -> Spec:
        """The spec as the file holds it now. The last one opened is handed out again while
        the file and the object still hold the same text (what it read stays known)."""
        cached = self._opened_spec
        if cached is not None and cached.holds_file_text():
            return cached
        self._opened_spec = Spec(self.spec_path)
        return self._opened_spec

    def file(self, name: str, what: str = "file") -> Path:
        """A file of the distgit named by the spec or a user: confined to the checkout."""
        return confined(self.path, name, what)


def open_distgit(path: Path) -> Distgit:
    """Open the distgit that holds `path`: one .spec, on a branch, no rebase under way."""
    repo = Repo(path)
    spec_path = find_spec(repo.path)
    head, branch = repo.head_and_branch()
    if head is None:
        raise InputError(
            f"{repo.path} has no commit yet", "commit the spec first (git add; git commit)"
        )
    if branch is None:
        raise InputError(
            f"{repo.path} is on a detached HEAD", "check out the distgit branch (e.g. rpm-master)"
        )
    if branch.endswith(PATCHES_SUFFIX):
        raise InputError(
            f"{repo.path} has the patches branch {branch} checked out",
            f"check out the distgit branch: git checkout {branch.removesuffix(PATCHES_SUFFIX)}",
        )
    return Distgit(repo, spec_path, branch)


def check_clean(distgit: Distgit, force: bool = False) -> None:
    """Refuse uncommitted changes to tracked files (they would be mixed into our commit)."""
    if distgit.repo.rebase_in_progress():
        raise InputError(
            f"a git rebase is in progress in {distgit.path}",
            "finish it (git rebase --continue) or run `rdotool --continue` / `rdotool --abort`",
        )
    dirty = distgit.repo.dirty_files()
    if dirty and not force:
        names = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise InputError(
            f"{distgit.path} has uncommitted changes: {names}",
            "commit or stash them first, or pass --force to leave them out of rdotool's commit",
        )


def refuse_user_changes(distgit: Distgit, targets: Mapping[str, str | None], command: str) -> None:
    """Refuse to start when a file the command will write or delete holds the user's work.

    `targets` maps each file name to the text the command will write (None: it will be
    rewritten or deleted). A tracked file with uncommitted changes is refused, even with
    --force (which only leaves *other* files out); so is an untracked or ignored file in
    the way, unless it already holds exactly the text to be written.
    """
    paths = {name: distgit.file(name) for name in targets}
    out = distgit.repo.run(
        "status", "--porcelain", "-z", "--untracked-files=all", "--ignored", "--", *targets
    )
    status = {}
    for record in out.split("\0"):
        if len(record) > 3:
            status[record[3:]] = record[:2]
    for name, text in targets.items():
        code = status.get(name)
        if code is None:
            continue
        path = paths[name]
        if code in ("??", "!!"):
            if (
                text is not None
                and path.is_file()
                and path.read_bytes() == text.encode("utf-8", "surrogateescape")
            ):
                continue
            raise InputError(
                f"{name} in {distgit.path} is not committed and rdotool {command} would"
                " overwrite it",
                f"move it away or commit it first (git add {name})",
            )
        raise InputError(
            f"{name} has uncommitted changes and rdotool {command} must rewrite it",
            f"commit or stash your change to {name} first (--force only leaves other files out)",
        )


@dataclass(frozen=True)
class PatchesBranch:
    """The patches branch a command works from."""

    local: str  # local branch name, e.g. rpm-master-patches
    sha: str  # commit the series ends at
    remote: str | None = None  # remote branch it was taken from, e.g. patches/rpm-master-patches
    backup: str | None = None  # ref keeping local-only commits the reset would have dropped
    notes: tuple[str, ...] = field(default=())


def resolve_patches_branch(
    distgit: Distgit,
    choice: BranchChoice,
    record: Callable[[str], None] | None = None,
) -> PatchesBranch:
    """Find the patches branch; bring the local branch up to the remote one, safely.

    `-l` uses the local branch as it is. Otherwise a remote branch (`-p`, or
    `patches/<local>`) is preferred: the local branch is moved to it, and when that would
    drop local-only commits they are kept under refs/rdotool/backup/ and a note says so.
    Without any remote branch the local one is used (single-repo layout). `record` is
    called with each ref before it is moved or created (a journal's `ref`).
    """
    repo = distgit.repo
    remote_branch = choice.remote
    local = choice.local or distgit.patches_branch
    local_sha = repo.rev_parse(f"refs/heads/{local}")
    if choice.local_only:
        if local_sha is None:
            raise InputError(
                f"there is no local patches branch {local}",
                "create it, name another with -P/--local-patches-branch, or drop -l",
            )
        return PatchesBranch(local, local_sha)
    candidates = [remote_branch] if remote_branch else [f"patches/{local}"]
    for candidate in candidates:
        if "/" not in candidate:
            raise UsageError(f"-p/--patches-branch needs REMOTE/BRANCH, not {candidate!r}")
        remote_sha = repo.rev_parse(f"refs/remotes/{candidate}")
        if remote_sha is None:
            continue
        if local_sha == remote_sha:
            return PatchesBranch(local, remote_sha, candidate)
        backup = None
        notes: list[str] = []
        if local_sha is not None and not repo.is_ancestor(local_sha, remote_sha):
            import secrets  # here: it loads OpenSSL (hmac), ~3 ms of every distgit command

            backup = f"{BACKUP_PREFIX}/{local}/{int(time.time())}-{secrets.token_hex(3)}"
            if record is not None:
                record(backup)
            repo.update_ref(backup, local_sha, "rdotool: backup before reset to remote")
            notes.append(
                f"{local} had commits that are not on {candidate}; they are kept in {backup} "
                f"(pass -l to use the local branch as it is)"
            )
        if record is not None:
            record(f"refs/heads/{local}")
        repo.update_ref(f"refs/heads/{local}", remote_sha, f"rdotool: reset to {candidate}")
        return PatchesBranch(local, remote_sha, candidate, backup, tuple(notes))
    if remote_branch:
        raise InputError(
            f"the remote patches branch {remote_branch} does not exist",
            f"fetch it (git fetch {remote_branch.split('/')[0]}) or name another with -p",
        )
    if local_sha is None:
        raise InputError(
            f"no patches branch: neither {local} nor patches/{local} exists",
            "create it, name it with -p REMOTE/BRANCH or -P BRANCH, or run new-version --bump-only",
        )
    return PatchesBranch(local, local_sha)


def check_base_in_branch(distgit: Distgit, ref: str, sha: str, local: str, head: str) -> None:
    """The patches branch must contain the ref (`sha`) the spec's patches sit on (an
    orphan or stale branch would export upstream history as patches)."""
    if not distgit.repo.is_ancestor(sha, head):
        raise InputError(
            f"the patches branch {local} does not contain {ref}, the upstream version"
            f" {distgit.spec_path.name} packages",
            f"rebase it onto {ref}, or move the package with `rdotool new-version`",
        )


def version_tag_name(spec: Spec) -> str:
    """The upstream version the spec packages: Version plus milestone (e.g. 4.0.0.0b1)."""
    return spec.expanded_version + spec.milestone


def find_tag(repo: Repo, version: str) -> str | None:
    """The tag for an upstream version (`1.2.0` or `v1.2.0`), if the repository has it."""
    for name in (version, f"v{version}", f"V{version}"):
        if repo.rev_parse(f"refs/tags/{name}") is not None:
            return name
    return None


@dataclass(frozen=True)
class PatchesBaseRef:
    """Where the patches sit: the ref, its commit, and commits to skip."""

    ref: str
    sha: str
    base: PatchesBase


def resolve_patches_base(distgit: Distgit, spec: Spec) -> PatchesBaseRef:
    """The ref the series starts from: `# patches_base=` or the Version's tag."""
    base = parse_patches_base(spec.magic().get("patches_base"))
    if base.ref:
        ref = spec.expand(base.ref) if "%" in base.ref else base.ref
        tag = find_tag(distgit.repo, ref)
        candidates = [f"refs/tags/{tag}"] if tag else [ref]
    else:
        ref = version_tag_name(spec)
        tag = find_tag(distgit.repo, ref)
        candidates = [f"refs/tags/{tag}"] if tag else []
    for candidate in candidates:
        sha = distgit.repo.rev_parse(candidate)
        if sha is not None:
            return PatchesBaseRef(tag or ref, sha, base)
    raise InputError(
        f"the upstream ref {ref} the patches sit on is not in {distgit.path}",
        "fetch the upstream tags (git fetch upstream --tags) or set # patches_base=REF",
    )


def packager(
    repo: Repo, user: str | None, email: str | None, fallback: str = ""
) -> tuple[str, str]:
    """Who signs the changelog: -u/-e, else git config, else `fallback` ($RPM_PACKAGER,
    `Name <email>`, from the run's settings)."""
    import re

    env_match = re.match(r"^\s*(.*?)\s*<([^>]+)>\s*$", fallback)
    configured = repo.user_identity() if not (user and email) else (None, None)
    name = user or configured[0] or (env_match.group(1) if env_match else None)
    mail = email or configured[1] or (env_match.group(2) if env_match else None)
    if not name or not mail:
        raise InputError(
            "cannot tell who writes the changelog entry",
            "set git config user.name and user.email, or pass -u NAME -e EMAIL",
        )
    for label, value in (("name", name), ("email", mail)):
        # the header is one spec line: a newline would smuggle in spec sections
        bad = any(ord(c) < 32 or c == "\x7f" for c in value)
        if bad or (label == "email" and ("<" in value or ">" in value)):
            raise InputError(
                f"the packager {label} {value!r} holds a newline, control character or <>",
                "pass a plain -u NAME / -e EMAIL (or fix git config user." + label + ")",
            )
    return name, mail


# distgit branch -> the upstream branches it packages, from rdoinfo (see
# core.rdoinfo.upstream_branches); given by the CLI, which loads rdoinfo only if called
UpstreamBranches = Callable[[str], list[str]]


def upstream_ref(distgit: Distgit, branches: UpstreamBranches | None) -> str | None:
    """The ref of the upstream branch the distgit branch packages (`upstream/stable/2024.1`),
    or None when the checkout has none of the candidates."""
    from rdotool.core.rdoinfo import upstream_branches

    names = branches(distgit.branch) if branches else upstream_branches([], distgit.branch)
    for name in names:
        for ref in (f"refs/remotes/upstream/{name}", f"refs/heads/{name}"):
            if distgit.repo.rev_parse(ref) is not None:
                return ref.removeprefix("refs/remotes/")
    return None
