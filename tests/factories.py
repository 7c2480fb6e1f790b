"""Builders for real git repositories used by the tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` and return its stdout (fails the test on error)."""
    result = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_rdoinfo_remote(tmp_path: Path, source: Path) -> tuple[str, Path]:
    """A bare rdoinfo repository (file:// URL) and a work tree that pushes to it."""
    work = tmp_path / "rdoinfo-work"
    shutil.copytree(source, work)
    git(work, "init", "-q", "-b", "master")
    commit_all(work, "Initial rdoinfo")
    bare = tmp_path / "rdoinfo.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    git(work, "remote", "add", "origin", str(bare))
    return f"file://{bare}", work
