"""The journal of a command that changes a distgit: what to put back, exactly.

Before a file or ref is touched its prior state is recorded in the state file (and a
file's bytes under `.git/rdotool/saved/`); the record is on disk before the change is
made. `rollback()` replays the records newest first: refs the command created are
deleted and the ones it moved are put back, files it created are removed and the ones
it changed get their old bytes and mode, linked work trees it made are removed, and
the index entries of those files follow HEAD again. Nothing the journal does not name
is touched, so the packager's own changes survive `--abort`, an error and a signal.

A commit is made and recorded as done in one shielded block; if the process dies in
between anyway, `committed()` recognises the commit by its parent and message, so
`--continue` never commits twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rdotool.adapters.files import confined, remove_file, remove_tree, restore_copy, save_copy
from rdotool.adapters.git import Repo
from rdotool.errors import InputError
from rdotool.ops import state as states
from rdotool.signals import shielded


class Journal:
    """A command's state (ops/state.py) with the records needed to undo it."""

    def __init__(self, repo: Repo, state: states.State) -> None:
        self.repo = repo
        self.state = state

    # --- life cycle -----------------------------------------------------------------
    @classmethod
    def begin(cls, repo: Repo, state: states.State) -> Journal:
        """Start recording for a new command (refused while another is in progress)."""
        states.refuse_if_busy(repo.git_dir)
        journal = cls(repo, state)
        remove_tree(journal.saved_dir)
        journal.save()
        return journal

    @classmethod
    def resume(cls, repo: Repo, command: str | None = None) -> Journal:
        """The journal of the command in progress (of `command`, when given)."""
        state = states.load_state(repo.git_dir)
        if state is None or (command is not None and state.command != command):
            raise InputError(
                f"no rdotool {command or 'command'} is in progress in {repo.path}",
                "nothing to continue or abort",
            )
        return cls(repo, state)

    @property
    def saved_dir(self) -> Path:
        return states.state_dir(self.repo.git_dir) / "saved"

    def save(self) -> None:
        states.save_state(self.repo.git_dir, self.state)

    def finish(self) -> None:
        """The command is complete (or fully undone): forget the state and saved files."""
        states.clear_state(self.repo.git_dir)
        remove_tree(self.saved_dir)

    def set_step(self, step: str) -> None:
        """Mark the steps before `step` done (saved before the next one starts)."""
        self.state.step = step
        self.save()

    # --- records --------------------------------------------------------------------
    def _recorded(self, kind: str, key: str) -> bool:
        return any(entry.get(kind) == key for entry in self.state.journal)

    def file(self, name: str) -> Path:
        """Record the prior state of the distgit file `name` (once); return its path."""
        path = self._record_file(name)
        self.save()
        return path

    def files(self, names: Sequence[str]) -> None:
        """`file()` for each name, with one save of the state for all of them."""
        for name in names:
            self._record_file(name)
        self.save()

    def _record_file(self, name: str) -> Path:
        path = confined(self.repo.path, name, "file")
        relative = path.relative_to(self.repo.path.resolve()).as_posix()
        if self._recorded("file", relative):
            return path
        entry: dict[str, object] = {"file": relative, "saved": None, "mode": None}
        if path.is_file() and not path.is_symlink():
            saved = self.saved_dir / str(len(self.state.journal))
            save_copy(path, saved)
            entry.update(saved=saved.name, mode=path.stat().st_mode & 0o777)
        elif path.exists() or path.is_symlink():
            raise InputError(
                f"{relative} in {self.repo.path} is not a regular file",
                "move it away; rdotool writes a file there",
            )
        self.state.journal.append(entry)
        return path

    def ref(self, ref: str) -> None:
        """Record where `ref` points now (or that it does not exist), once."""
        if self._recorded("ref", ref):
            return
        self.state.journal.append({"ref": ref, "sha": self.repo.rev_parse(ref)})
        self.save()

    def worktree(self, path: Path) -> None:
        """Record a linked work tree the command is about to create."""
        if not self._recorded("worktree", str(path)):
            self.state.journal.append({"worktree": str(path)})
            self.save()

    # --- commits --------------------------------------------------------------------
    def commit(self, paths: list[str], removed: list[str], message: str, amend: bool) -> str:
        """Stage exactly `paths` (and the removal of `removed`) and commit them."""
        self.ref(f"refs/heads/{self.state.branch}" if self.state.branch else "HEAD")
        head = self.repo.head()
        # the parents the new commit will have: HEAD, or HEAD's own parents when amending
        parents = self.repo.commit_fields(head)["parents"].split() if amend else [head]
        planned = states.PlannedCommit(message, head, parents)
        self.state.commit = planned
        self.save()
        with shielded():
            self.repo.remove(removed)
            self.repo.add(paths)
            sha = self.repo.commit(message, [*paths, *removed], amend=amend)
            planned.sha = sha
            self.save()
        return sha

    def committed(self) -> str | None:
        """The commit this command made, also when the process died right after making it."""
        planned = self.state.commit
        if planned is None:
            return None
        if planned.sha:
            return planned.sha
        head = self.repo.rev_parse("HEAD")
        if head is None or head == planned.head:
            return None
        fields = self.repo.commit_fields(head)
        same_parents = fields["parents"].split() == planned.parents
        if same_parents and fields["message"].strip() == planned.message.strip():
            return head
        return None

    # --- undo -----------------------------------------------------------------------
    def mark(self) -> int:
        """A point to roll back to (the records made before a step)."""
        return len(self.state.journal)

    def rollback(self, since: int = 0) -> list[str]:
        """Undo the records made after `since` (all of them by default, which also ends
        the command), newest first; return what was put back, for the user."""
        restored: list[str] = []
        files: list[str] = []
        with shielded():
            for entry in reversed(self.state.journal[since:]):
                if "worktree" in entry:
                    self._remove_worktree(Path(entry["worktree"]))
                elif "ref" in entry:
                    self._restore_ref(entry["ref"], entry.get("sha"))
                    restored.append(entry["ref"].removeprefix("refs/heads/"))
                elif "file" in entry:
                    self._restore_file(entry)
                    files.append(entry["file"])
            if files:
                # the index entries of restored files follow the (restored) HEAD again
                self.repo.try_run("reset", "--quiet", "--", *files)
            if since:
                del self.state.journal[since:]
                self.state.commit = None
                self.save()
            else:
                self.finish()
        return restored + files

    def _remove_worktree(self, path: Path) -> None:
        if path.exists():
            worktree = Repo(path)
            worktree.try_run("rebase", "--abort")
        self.repo.worktree_remove(path)

    def _restore_ref(self, ref: str, sha: object) -> None:
        if self.repo.rev_parse(ref) == sha:
            return
        if sha is None:
            self.repo.try_run("update-ref", "-d", ref)
        else:
            self.repo.update_ref(ref, str(sha), "rdotool: abort")

    def _restore_file(self, entry: dict[str, object]) -> None:
        path = confined(self.repo.path, str(entry["file"]), "file")
        saved = entry.get("saved")
        if saved is None:
            remove_file(path)
            return
        mode = entry.get("mode")
        restore_copy(self.saved_dir / str(saved), path, mode if isinstance(mode, int) else None)


@contextmanager
def journaled(repo: Repo, command: states.Command) -> Iterator[Journal]:
    """Run a one-step command under a journal: an error or a signal rolls it back, success
    forgets it. A process killed inside leaves the state for `rdotool --continue`
    (which keeps a commit already made) or `--abort`."""
    state = states.State(command, "run", repo.current_branch() or "", repo.head())
    journal = Journal.begin(repo, state)
    try:
        yield journal
    except BaseException:
        journal.rollback()
        raise
    journal.finish()


def settle(repo: Repo, command: str) -> str | None:
    """`--continue` of a one-step command after a kill: keep its commit if it made one
    (returned), otherwise undo it (None) so it can simply be run again."""
    journal = Journal.resume(repo, command)
    sha = journal.committed()
    if sha is not None:
        journal.finish()
        return sha
    journal.rollback()
    return None
