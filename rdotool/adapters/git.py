"""Git: `Repo` runs the git command line directly; clones and fetches go through
GitPython, for its progress reports.

GitPython costs ~30 ms to import and runs `git version` in every process, more than
the git work of most distgit commands, so `Repo` only needs `subprocess`.
`read_head_commit` reads `.git` directly: it is on the warm path of every rdoinfo query.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from rdotool import signals
from rdotool.errors import ExternalError

if TYPE_CHECKING:
    from rdotool.core.patch_series import Commit

# (stage, done, total or None) -> None; stage is e.g. "receiving objects"
ProgressCallback = Callable[[str, float, Optional[float]], None]

# Never prompt for credentials, and give up on a stalled transfer instead of hanging.
GIT_ENV = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_HTTP_LOW_SPEED_LIMIT": "1000",
    "GIT_HTTP_LOW_SPEED_TIME": "30",
    # ssh must not ask questions either (host keys, passwords): fail and say why instead
    "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
}


class GitError(ExternalError):
    """A git operation failed."""


def git_dir(path: Path) -> Path | None:
    """The git directory of a work tree (following a `.git` file), or None."""
    dotgit = path / ".git"
    if dotgit.is_dir():
        return dotgit
    if dotgit.is_file():
        text = dotgit.read_text(encoding="utf-8").strip()
        if text.startswith("gitdir:"):
            target = Path(text[len("gitdir:") :].strip())
            return target if target.is_absolute() else (path / target).resolve()
    return None


def read_head_commit(path: Path) -> str | None:
    """The commit HEAD points at, read from the files of `.git` (no subprocess)."""
    gdir = git_dir(path)
    if gdir is None:
        return None
    try:
        head = (gdir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not head.startswith("ref:"):
        return head or None
    ref = head[len("ref:") :].strip()
    try:
        return (gdir / ref).read_text(encoding="utf-8").strip() or None
    except OSError:
        pass
    try:
        packed = (gdir / "packed-refs").read_text(encoding="utf-8")
    except OSError:
        return None
    for line in packed.splitlines():
        sha, _, name = line.partition(" ")
        if name == ref:
            return sha
    return None


def _reason(exc: Exception, relay: Any = None) -> str:
    """The line of a failed git command's stderr that says what went wrong.

    With a progress handler, GitPython hands git's stderr to the handler (its
    `error_lines`) instead of the exception, so both are looked at.
    """
    stderr = str(getattr(exc, "stderr", "") or "").strip()
    stderr = stderr.removeprefix("stderr:").strip().strip("'")
    lines: list[str] = list(getattr(relay, "error_lines", []) or [])  # first in git's output
    lines += [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    fatal = [ln for ln in lines if ln.startswith(("fatal:", "error:"))]
    # git's first fatal line names the cause; later ones are generic
    line = fatal[0] if fatal else (lines or [str(exc).strip().splitlines()[-1]])[-1]
    for prefix in ("stderr:", "fatal:", "error:"):
        line = line.removeprefix(prefix).strip()
    return line


def _progress(callback: ProgressCallback | None) -> Any:
    """A GitPython progress handler relaying to `callback` (and keeping git's errors)."""
    import git

    stages = {
        git.RemoteProgress.COUNTING: "counting objects",
        git.RemoteProgress.COMPRESSING: "compressing objects",
        git.RemoteProgress.RECEIVING: "receiving objects",
        git.RemoteProgress.RESOLVING: "resolving deltas",
        git.RemoteProgress.CHECKING_OUT: "checking out files",
    }

    class _Relay(git.RemoteProgress):
        def update(
            self, op_code: int, cur_count: Any, max_count: Any = None, message: str = ""
        ) -> None:
            if callback is None:
                return
            stage = stages.get(op_code & git.RemoteProgress.OP_MASK, "working")
            callback(stage, float(cur_count or 0), float(max_count) if max_count else None)

    return _Relay()


def _env() -> dict[str, str]:
    return {**os.environ, **GIT_ENV}


def clone(
    url: str, dest: Path, progress: ProgressCallback | None = None, branch: str | None = None
) -> None:
    """Clone `url` into `dest` (which must not exist), checking out `branch` if given."""
    import git

    signals.checkpoint()
    relay = _progress(progress)
    options = [f"--branch={branch}"] if branch else None
    try:
        git.Repo.clone_from(url, str(dest), progress=relay, env=_env(), multi_options=options)
    except git.GitCommandError as exc:
        raise GitError(f"git clone of {url} failed: {_reason(exc, relay)}") from exc


def fetch_and_reset(path: Path, progress: ProgressCallback | None = None) -> None:
    """Fetch `origin` and move the checked-out branch to what it tracks (a read-only mirror)."""
    import git

    signals.checkpoint()
    relay = _progress(progress)
    try:
        repo = git.Repo(str(path))
        with repo.git.custom_environment(**GIT_ENV):
            origin = repo.remotes.origin
            origin.fetch(progress=relay, prune=True)
            tracking = None if repo.head.is_detached else repo.active_branch.tracking_branch()
            target = tracking.commit if tracking is not None else origin.refs.HEAD.commit
            repo.head.reset(target, index=True, working_tree=True)
    except (git.GitCommandError, ValueError, IndexError, AttributeError) as exc:
        url = _origin_url(path)
        raise GitError(f"git fetch of {url} failed: {_reason(exc, relay)}") from exc


def _origin_url(path: Path) -> str:
    import git

    try:
        return str(git.Repo(str(path)).remotes.origin.url)
    except Exception:  # only used to word an error message
        return str(path)


class RebaseConflictError(GitError):
    """A rebase stopped on a conflict; the repository is left mid-rebase for the user."""


class _GitFailedError(Exception):
    """A git command exited non-zero; `stderr` is what it said (read by _reason)."""

    def __init__(self, stderr: str, status: int) -> None:
        super().__init__(stderr.strip() or f"git exited with status {status}")
        self.stderr = stderr


def _decode(data: bytes) -> str:
    """git's output as text; bytes that are not UTF-8 kept as surrogates (as GitPython)."""
    return data.decode("utf-8", "surrogateescape")


def _execute(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> tuple[str, str]:
    """Run `git ARGS` in `cwd`: (stdout without its last newline, stderr); _GitFailedError
    when git fails. Never prompts: no terminal input, GIT_ENV on top of the environment."""
    out, err = _execute_bytes(args, cwd, env, stdin)
    return _decode(out).removesuffix("\n"), _decode(err)


def _execute_bytes(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> tuple[bytes, bytes]:
    """`_execute` with git's output as it wrote it."""
    import subprocess  # here: the warm rdoinfo path reads .git files and runs no git

    signals.checkpoint()
    try:
        completed = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env={**os.environ, **(env or GIT_ENV)},
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed", "install git (dnf/apt-get install git)") from exc
    if completed.returncode != 0:
        raise _GitFailedError(_decode(completed.stderr), completed.returncode)
    return completed.stdout, completed.stderr


def _work_tree(path: Path) -> Path | None:
    """The work tree holding `path` (it or a parent with a `.git`), or None."""
    here = path.absolute()
    for candidate in (here, *here.parents):
        if git_dir(candidate) is not None:
            return candidate
    return None


# git commands that only read refs: they keep Repo's tag lookups; any other clears them
_READING = frozenset(
    {"rev-parse", "show", "log", "status", "symbolic-ref", "merge-base", "config",
     "cat-file", "for-each-ref", "format-patch", "diff", "rev-list", "ls-files",
     "ls-tree", "var"}
)  # fmt: skip


def _subcommand(args: tuple[str, ...]) -> str:
    """The git command in `git ARGS` (`format-patch` in `-c core.abbrev=7 format-patch`)."""
    index = 0
    while index < len(args) and args[index].startswith("-"):
        index += 2 if args[index] in ("-c", "-C") else 1
    return args[index] if index < len(args) else ""


class Repo:
    """A local git repository (a distgit), for the distgit workflow commands."""

    def __init__(self, path: Path) -> None:
        tree = _work_tree(path) if path.exists() else None
        gdir = git_dir(tree) if tree is not None else None
        if tree is None or gdir is None:
            from rdotool.errors import InputError

            raise InputError(
                f"{path} is not in a git repository", "run rdotool inside a distgit checkout"
            )
        self.path = tree
        self.git_dir = gdir
        # tag -> commit, as read during this command: tags do not move under rdotool's
        # commands (any git command not known to only read clears it)
        self._tags: dict[str, str | None] = {}

    def run(self, *args: str) -> str:
        """Run a git command in the repository; GitError with git's reason on failure."""
        return _decode(self.run_bytes(*args)).removesuffix("\n")

    def run_bytes(self, *args: str, stdin: bytes | None = None) -> bytes:
        """Run a git command, feeding it `stdin`: its output as git wrote it."""
        if self._tags and _subcommand(args) not in _READING:
            self._tags.clear()  # a command that may move refs: tags are read again
        try:
            return _execute_bytes(list(args), self.path, stdin=stdin)[0]
        except _GitFailedError as exc:
            command = next((a for a in args if not a.startswith("-") and "=" not in a), args[0])
            raise GitError(f"git {command} failed: {_reason(exc)}") from exc

    def try_run(self, *args: str) -> str | None:
        """Like run(), but None instead of an error."""
        try:
            return self.run(*args)
        except GitError:
            return None

    # --- reading ----------------------------------------------------------------------
    def current_branch(self) -> str | None:
        """The checked-out branch, or None on a detached HEAD."""
        name = self.try_run("symbolic-ref", "--quiet", "--short", "HEAD")
        return name or None

    def head(self) -> str:
        return self.run("rev-parse", "HEAD")

    def head_and_branch(self) -> tuple[str | None, str | None]:
        """(HEAD's commit or None before the first commit, the checked-out branch or None
        on a detached HEAD), in one git command."""
        out = self.try_run("rev-parse", "HEAD", "--symbolic-full-name", "HEAD")
        if out is not None:
            sha, _, name = out.partition("\n")
            if name.startswith("refs/heads/"):
                return sha, name.removeprefix("refs/heads/")
            if name == "HEAD":
                return sha, None
        return self.rev_parse("HEAD"), self.current_branch()  # no commit yet, or unusual

    def rev_parse(self, ref: str) -> str | None:
        """The commit `ref` names, or None when it names none."""
        if ref.startswith("refs/tags/") and ref in self._tags:
            return self._tags[ref]
        sha = self.try_run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if ref.startswith("refs/tags/"):
            self._tags[ref] = sha
        return sha

    def dirty_files(self) -> list[str]:
        """Tracked files with staged or unstaged changes."""
        out = self.run("status", "--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]

    def rebase_in_progress(self) -> bool:
        return (self.git_dir / "rebase-merge").exists() or (self.git_dir / "rebase-apply").exists()

    def tags(self, merged: str | None = None) -> list[str]:
        """Tag names; with `merged`, only those reachable from that ref."""
        args = ["tag", "--list", *(["--merged", merged] if merged else [])]
        return [t for t in self.run(*args).splitlines() if t]

    def log(self, base: str, head: str) -> list[Commit]:
        """Non-merge commits in base..head, oldest first."""
        from rdotool.core.patch_series import Commit

        out = self.run(
            "log", "--no-merges", "--reverse", "--format=%H%x00%s%x00%b%x1e", f"{base}..{head}"
        )
        commits = []
        for record in out.split("\x1e"):
            record = record.strip("\n")
            if not record:
                continue
            sha, subject, body = ([*record.split("\x00"), "", ""])[:3]
            commits.append(Commit(sha=sha, subject=subject, body=body.strip()))
        return commits

    def show_file(self, ref: str, path: str) -> str | None:
        """A file's text at a ref, or None when it is not there."""
        return self.try_run("show", f"{ref}:{path}")

    def config(self, key: str) -> str | None:
        return self.try_run("config", "--get", key)

    def user_identity(self) -> tuple[str | None, str | None]:
        """git config's user.name and user.email as `git config --get` gives each (the
        last setting wins), in one git command."""
        out = self.try_run("config", "-z", "--get-regexp", r"^user\.(name|email)$") or ""
        found: dict[str, str] = {}
        for record in out.split("\0"):
            key, _, value = record.partition("\n")
            if key:
                found[key.lower()] = value
        return found.get("user.name"), found.get("user.email")

    def head_message(self) -> str:
        return self.run("log", "-1", "--format=%B")

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        return self.try_run("merge-base", "--is-ancestor", ancestor, descendant) is not None

    # --- writing ----------------------------------------------------------------------
    def format_patch_texts(self, first: str, last: str, start_number: int) -> dict[str, str]:
        """`git format-patch` of first~..last as rdopkg runs it, into memory: file name ->
        content (bytes that are not UTF-8 kept as surrogates, see files.read_bytes_as_text)."""
        import tempfile

        from rdotool.adapters.files import read_bytes_as_text

        texts: dict[str, str] = {}
        with tempfile.TemporaryDirectory(prefix="rdotool-patches-") as tmp:
            for path in self.format_patch(first, last, start_number, Path(tmp)):
                full = path if path.is_absolute() else self.path / path
                texts[full.name] = read_bytes_as_text(full) or ""
        return texts

    def format_patch(self, first: str, last: str, start_number: int, outdir: Path) -> list[Path]:
        """`git format-patch` of first~..last as rdopkg runs it; the files written."""
        out = self.run(
            "-c",
            "core.abbrev=7",
            "format-patch",
            "--no-renames",
            "--no-signature",
            "-N",
            "--ignore-submodules",
            "--stat=80",
            "--summary",
            f"--start-number={start_number}",
            f"--output-directory={outdir}",
            f"{first}~..{last}",
        )
        return [Path(line) for line in out.splitlines() if line.strip()]

    def update_ref(self, ref: str, sha: str, message: str) -> None:
        self.run("update-ref", "-m", message, ref, sha)

    def unmerged_files(self) -> list[str]:
        """Files with unresolved conflicts."""
        return [f for f in self.run("diff", "--name-only", "--diff-filter=U").splitlines() if f]

    def worktree_add(self, path: Path, branch: str) -> None:
        """Check `branch` out in a new linked work tree at `path`."""
        self.run("worktree", "add", "--quiet", str(path), branch)

    def worktree_remove(self, path: Path) -> None:
        """Remove a linked work tree (and git's record of it), whatever state it is in."""
        if path.exists():
            self.try_run("worktree", "remove", "--force", "--force", str(path))
        if path.exists():  # not a work tree git knows (a leftover): remove it, forget it
            import shutil

            shutil.rmtree(path, ignore_errors=True)
            self.try_run("worktree", "prune")

    def rebase(self, onto: str, upstream: str | None = None) -> None:
        """Rebase the checked-out branch onto `onto`: with `upstream`, only the commits
        after it (`--onto ONTO UPSTREAM`); patches already upstream drop out."""
        args = ["--onto", onto, upstream] if upstream else [onto]
        self._rebase("--quiet", *args)

    def rebase_continue(self) -> None:
        """`git rebase --continue` with the resolved files, keeping each message as it is."""
        self._rebase("--continue")

    def _rebase(self, *args: str) -> None:
        try:
            self.run("-c", "core.editor=true", "rebase", *args)
        except GitError as exc:
            if self.rebase_in_progress():
                raise RebaseConflictError(exc.message) from exc
            raise

    def add(self, paths: list[str]) -> None:
        if paths:
            self.run("add", "--", *paths)

    def remove(self, paths: list[str]) -> None:
        if paths:
            self.run("rm", "--quiet", "--cached", "--ignore-unmatch", "--", *paths)

    def commit(self, message: str, paths: list[str], amend: bool = False) -> str:
        """Commit exactly `paths` (never other changes) and return the new HEAD."""
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".msg", delete=False) as handle:
            handle.write(message)
        try:
            args = ["commit", "--quiet", "--no-verify", "-F", handle.name]
            if amend:
                args.append("--amend")
            self.run(*args, "--", *paths)
        finally:
            os.unlink(handle.name)
        return self.head()

    # --- remotes, review ----------------------------------------------------------------
    def remote_url(self, name: str) -> str | None:
        return self.try_run("remote", "get-url", name)

    def set_remote(self, name: str, url: str) -> str:
        """Add the remote, or point it at `url`; returns "added", "updated" or "kept"."""
        current = self.remote_url(name)
        if current is None:
            self.run("remote", "add", name, url)
            return "added"
        if current != url:
            self.run("remote", "set-url", name, url)
            return "updated"
        return "kept"

    def fetch(self, remote: str) -> None:
        """Fetch a remote with its tags (GitError with git's reason when it fails)."""
        self.run("fetch", "--quiet", "--tags", remote)

    def fast_forward(self, ref: str) -> bool:
        """Move the checked-out branch (and work tree) forward to `ref` when it is
        behind; False when already there; an error when they have diverged."""
        target = self.rev_parse(ref)
        head = self.head()
        if target is None or target == head or self.is_ancestor(target, head):
            return False
        if not self.is_ancestor(head, target):
            raise GitError(
                f"{self.current_branch()} and {ref} have diverged in {self.path}",
                f"rebase {self.current_branch()} on {ref} (or reset it), then --continue",
            )
        self.run("merge", "--ff-only", "--quiet", target)
        return True

    def branches(self, remote: str | None = None) -> list[str]:
        """Local branch names, or `remote`'s branches (without the remote prefix)."""
        if remote is None:
            out = self.run("for-each-ref", "--format=%(refname:short)", "refs/heads/")
            return [b for b in out.splitlines() if b]
        out = self.run("for-each-ref", "--format=%(refname)", f"refs/remotes/{remote}/")
        prefix = f"refs/remotes/{remote}/"
        return [r[len(prefix) :] for r in out.splitlines() if r and not r.endswith("/HEAD")]

    def outgoing(self, ref: str, remote: str) -> list[str]:
        """Commits of `ref` that no branch of `remote` has (newest first)."""
        out = self.run("rev-list", ref, "--not", f"--remotes={remote}")
        return [sha for sha in out.splitlines() if sha]

    def commit_fields(self, sha: str) -> dict[str, str]:
        """tree, parents (space separated), author, committer and message of a commit."""
        raw = self.run("cat-file", "commit", sha)
        header, _, message = raw.partition("\n\n")
        fields: dict[str, str] = {"parents": "", "message": message}
        for line in header.splitlines():
            key, _, value = line.partition(" ")
            if key == "parent":
                fields["parents"] = (fields["parents"] + " " + value).strip()
            elif key in ("tree", "author", "committer"):
                fields[key] = value
        return fields

    def reword(self, ref: str, message: str) -> str:
        """Give the commit at the tip of branch `ref` a new message (same tree, parents,
        author); the branch moves to the new commit, which is returned."""
        fields = self.commit_fields(self.run("rev-parse", f"{ref}^{{commit}}"))
        author = re.match(r"(.*) <(.*)> (\d+ [+-]\d{4})$", fields["author"])
        env = dict(GIT_ENV)
        if author:
            env.update(
                GIT_AUTHOR_NAME=author.group(1),
                GIT_AUTHOR_EMAIL=author.group(2),
                GIT_AUTHOR_DATE=author.group(3),
            )
        args = ["commit-tree", fields["tree"]]
        for parent in fields["parents"].split():
            args += ["-p", parent]
        try:
            new = _execute([*args, "-F", "-"], self.path, env, message.encode("utf-8"))[0]
        except _GitFailedError as exc:
            raise GitError(f"git commit-tree failed: {_reason(exc)}") from exc
        self.update_ref(f"refs/heads/{ref}", new, "rdotool review: add Change-Id")
        return new

    @staticmethod
    def push_argv(remote: str, refspec: str) -> list[str]:
        """The `git push` command line `push` runs (and a dry run shows)."""
        return ["git", "push", "--no-follow-tags", remote, refspec]

    def push(self, remote: str, refspec: str) -> str:
        """`git push REMOTE REFSPEC`; returns what the remote said (its `remote:` lines)."""
        try:
            out, err = _execute(self.push_argv(remote, refspec)[1:], self.path)
        except _GitFailedError as exc:
            raise GitError(f"git push to {remote} failed: {_reason(exc)}") from exc
        return f"{out}\n{err}".strip()
