"""SIGINT and SIGTERM at every git command a distgit operation runs.

A `git` wrapper first on PATH counts the git commands of a run and, at the chosen one,
signals rdotool (its parent) right after the real git finished. Afterwards the user's
work is intact and the distgit is as before the command or as after it; or the command
is in progress and both `--abort` (to before) and `--continue` (to after) get it there.
Commit dates are pinned, so "after" is the same commits, to the hash.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.factories import git, make_separate_remotes_distgit, make_single_repo_distgit
from tests.zygote import Zygote

WRAPPER = """#!/bin/sh
"$RDOTOOL_TEST_REAL_GIT" "$@"
rc=$?
if [ -n "$RDOTOOL_TEST_COUNTER" ]; then
    echo x >> "$RDOTOOL_TEST_COUNTER"
    if [ "$(wc -l < "$RDOTOOL_TEST_COUNTER")" -eq "$RDOTOOL_TEST_KILL_AT" ]; then
        kill -"$RDOTOOL_TEST_SIGNAL" "$PPID"
    fi
fi
exit $rc
"""
PINNED = "2024-05-01T12:00:00+00:00"
Snapshot = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], str]


def snapshot(repo: Path) -> Snapshot:
    """Refs, HEAD and every work-tree file (tracked or not) of a distgit."""
    refs = git(repo, "for-each-ref", "--format=%(refname) %(objectname)").splitlines()
    files = []
    for path in sorted(repo.rglob("*")):
        relative = path.relative_to(repo)
        if relative.parts[0] == ".git" or not path.is_file():
            continue
        files.append((str(relative), hashlib.sha1(path.read_bytes()).hexdigest()))
    head = git(repo, "symbolic-ref", "HEAD")
    return tuple(tuple(r.split(" ", 1)) for r in refs), tuple(files), head  # type: ignore[return-value]


_ZYGOTE: list[Zygote] = []


def zygote() -> Zygote:
    """This test process's zygote (tests/zygote.py), started on first use."""
    if not _ZYGOTE:
        _ZYGOTE.append(Zygote(Path(tempfile.mkdtemp(prefix="rdotool-zygote-"))))
        atexit.register(_ZYGOTE[0].close)
    return _ZYGOTE[0]


class Harness:
    """Runs rdotool as a real process (forked by the zygote) with the counting git wrapper
    on PATH."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        wrapper = bin_dir / "git"
        wrapper.write_text(WRAPPER)
        wrapper.chmod(0o755)
        real_git = shutil.which("git")
        assert real_git is not None
        self.env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "RDOTOOL_TEST_REAL_GIT": real_git,
            "GIT_AUTHOR_DATE": PINNED,
            "GIT_COMMITTER_DATE": PINNED,
        }
        self.runs = 0

    def run(
        self, repo: Path, *args: str, kill_at: int = 0, signum: int = 0, flag: str = "--distgit"
    ) -> subprocess.CompletedProcess[str]:
        self.runs += 1
        counter = self.root / f"count-{self.runs}"
        counter.write_text("")
        env = {
            **self.env,
            "RDOTOOL_TEST_COUNTER": str(counter),
            "RDOTOOL_TEST_KILL_AT": str(kill_at),
            "RDOTOOL_TEST_SIGNAL": str(signum),
        }
        argv = (
            [*args, flag, str(repo)]
            if args[0] not in ("--abort", "--continue")
            else ["--distgit", str(repo), *args]
        )
        result = zygote().run(argv, env)
        result.git_commands = len(counter.read_text().splitlines())  # type: ignore[attr-defined]
        return result

    def copy(self, template: Path, name: str) -> Path:
        dest = self.root / name
        shutil.copytree(template, dest, symlinks=True)
        return dest


def in_progress(repo: Path) -> bool:
    """Whether a command is in progress: its state file is there (what `rdotool status`
    reads; read directly, one process less per interruption)."""
    return (repo / ".git" / "rdotool" / "state.json").exists()


def check_every_interruption(
    tmp_path: Path,
    template: Path,
    argv: list[str],
    prepare: Callable[[Path], None] | None = None,
    abort_undoes_prepare: bool = False,
    flag: str = "--distgit",
) -> int:
    """Interrupt `argv` after each of its git commands; returns how many were checked.

    With `abort_undoes_prepare` (`argv` resumes a command that `prepare` started),
    `--abort` must bring back the distgit as it was before `prepare`.
    """
    harness = Harness(tmp_path)
    untouched = snapshot(template)
    if prepare is not None:
        prepare(template)
    before = snapshot(template)
    aborted_state = untouched if abort_undoes_prepare else before
    reference = harness.copy(template, "reference")
    done = harness.run(reference, *argv, flag=flag)
    assert done.returncode == 0, done.stderr
    after = snapshot(reference)
    assert after != before
    total = done.git_commands  # type: ignore[attr-defined]
    assert total > 3

    def one(index: int) -> None:
        signum = signal.SIGTERM if index % 2 else signal.SIGINT
        repo = harness.copy(template, f"run-{index}")
        result = harness.run(repo, *argv, kill_at=index, signum=int(signum), flag=flag)
        where = f"{signum.name} after git command {index}/{total} of {argv}"
        assert "Traceback" not in result.stderr, where + result.stderr
        assert result.returncode == 128 + signum, where + result.stderr
        assert f"interrupted by {signum.name}" in result.stderr, where
        if not in_progress(repo):
            assert snapshot(repo) in (before, after), where
            return
        forward = harness.copy(repo, f"run-{index}-continue")
        resumed = harness.run(forward, "--continue")
        assert resumed.returncode == 0, where + resumed.stderr
        assert snapshot(forward) == after, where
        aborted = harness.run(repo, "--abort")
        assert aborted.returncode == 0, where + aborted.stderr
        assert snapshot(repo) == aborted_state, where

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, range(1, total + 1)))
    return total


def user_work(repo: Path) -> None:
    """An untracked file of the packager's, which every outcome must keep."""
    (repo / "NOTES.txt").write_text("my notes, not rdotool's\n")


def dirty_user_work(repo: Path) -> None:
    """Also an uncommitted change to a tracked file, which `--force` runs beside."""
    user_work(repo)
    (repo / "sources").write_text("SHA512 (mine.tar.gz) = 00\n")


def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A folder for the template distgit and one for the harness's copies."""
    (tmp_path / "t").mkdir()
    (tmp_path / "h").mkdir()
    return tmp_path / "t", tmp_path / "h"


def test_patch(tmp_path: Path) -> None:
    made, runs = workspace(tmp_path)
    repo = make_single_repo_distgit(made)
    assert check_every_interruption(runs, repo, ["patch", "--force"], dirty_user_work) >= 5


def test_new_version_with_patches_remote(tmp_path: Path) -> None:
    made, runs = workspace(tmp_path)
    clone = make_separate_remotes_distgit(made)
    argv = ["new-version", "--force", "1.3.0"]
    assert check_every_interruption(runs, clone, argv, dirty_user_work) >= 10


def test_fix_continue(tmp_path: Path) -> None:
    made, runs = workspace(tmp_path)
    repo = make_single_repo_distgit(made)
    user_work(repo)

    def start_fix(repo: Path) -> None:
        (tmp_path / "setup").mkdir()
        assert Harness(tmp_path / "setup").run(repo, "fix").returncode == 0
        spec = repo / "python-foo.spec"
        text = spec.read_text()
        at = text.index("\n", text.index("%changelog\n* ") + 11) + 1
        spec.write_text(text[:at] + "- Fix the thing\n" + text[at:])

    checked = check_every_interruption(runs, repo, ["--continue"], start_fix, True)
    assert checked >= 3


def test_reqcheck_autosync_commit(tmp_path: Path) -> None:
    from tests.reqcheck.test_reqcheck import LEGACY_REQUIRES, distgit_with

    made, runs = workspace(tmp_path)
    repo = distgit_with(made, LEGACY_REQUIRES)
    argv = ["reqcheck", "--autosync", "--commit"]
    assert check_every_interruption(runs, repo, argv, user_work) >= 3


def test_uc_sync_commit(tmp_path: Path) -> None:
    """uc sync --commit in an rdoinfo checkout (the small one: this is about the journal,
    the shared snapshot's sync is tested in tests/uc)."""
    from tests.conftest import BASIC_RDOINFO
    from tests.factories import commit_all

    made, runs = workspace(tmp_path)
    rdoinfo = made / "rdoinfo"
    shutil.copytree(BASIC_RDOINFO, rdoinfo)
    git(rdoinfo, "init", "-q", "-b", "master")
    commit_all(rdoinfo, "snapshot")
    uc = tmp_path / "upper-constraints.txt"
    uc.write_text("nova===31.1.0\npython-novaclient===18.10.0\noslo.config===9.7.2\n")
    argv = ["uc", "sync", "--release", "epoxy", "--uc-file", str(uc), "--commit"]
    assert check_every_interruption(runs, rdoinfo, argv, user_work, flag="--rdoinfo") >= 3


def test_a_kill_right_after_the_commit_is_not_committed_twice(tmp_path: Path) -> None:
    """SIGKILL (no handler can run) right after each git command of `patch`: the one
    after `git commit` leaves the commit made and the state saying otherwise;
    --continue recognises the commit instead of making a second one."""
    made, runs = workspace(tmp_path)
    repo = make_single_repo_distgit(made)
    harness = Harness(runs)
    reference = harness.copy(repo, "reference")
    done = harness.run(reference, "patch")
    assert done.returncode == 0, done.stderr

    def one(index: int) -> bool:
        """Kill after git command `index`; whether the commit had been made by then."""
        attempt = harness.copy(repo, f"kill-{index}")
        result = harness.run(attempt, "patch", kill_at=index, signum=int(signal.SIGKILL))
        assert result.returncode == -signal.SIGKILL
        if not in_progress(attempt):
            return False
        committed = git(attempt, "rev-list", "--count", "HEAD") == "2"
        resumed = harness.run(attempt, "--continue")
        assert resumed.returncode == 0, resumed.stderr
        assert git(attempt, "rev-list", "--count", "HEAD") == "2"
        assert snapshot(attempt) == snapshot(reference)
        return committed

    with ThreadPoolExecutor(max_workers=2) as pool:
        windows = list(pool.map(one, range(1, done.git_commands + 1)))  # type: ignore[attr-defined]
    assert any(windows)
