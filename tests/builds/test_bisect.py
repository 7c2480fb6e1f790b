"""`rdotool bisect`: a tiny trunk package whose upstream breaks %check at a known commit.

Upstream (made here): tag 1.0.0, then 8 commits; the 5th breaks %check, the 6th breaks
%prep instead (a file %prep needs goes away), the 7th brings that file back. Builds are
real (rpmbuild backend); the answer is the 5th commit, with the 6th skipped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.factories import commit_all, git

pytestmark = pytest.mark.needs_rpm

SPEC = """\
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}
Name:           tiny
Version:        XXX
Release:        XXX
Summary:        A tiny trunk package
License:        MIT
Source0:        tiny-%{upstream_version}.tar.gz
BuildArch:      noarch

%description
Tiny.

%prep
%autosetup -n tiny-%{upstream_version}
test -f needed.txt

%build

%install
mkdir -p %{buildroot}%{_datadir}/tiny
cp value.txt %{buildroot}%{_datadir}/tiny/

%check
if [ "$(cat value.txt)" = broken ]; then echo "value is broken"; exit 1; fi

%files
%{_datadir}/tiny

%changelog
"""


def make_world(root: Path) -> tuple[Path, list[str]]:
    """The distgit (with upstream fetched) and upstream's 8 commits after 1.0.0."""
    upstream = root / "tiny"
    upstream.mkdir()
    git(upstream, "init", "-q", "-b", "master")
    (upstream / "value.txt").write_text("fine\n")
    (upstream / "needed.txt").write_text("yes\n")
    (upstream / "other.txt").write_text("0\n")
    commit_all(upstream, "Initial")
    git(upstream, "tag", "-a", "-m", "1.0.0", "1.0.0")
    commits = []
    for n in range(1, 9):
        if n == 5:
            (upstream / "value.txt").write_text("broken\n")
        elif n == 6:
            (upstream / "needed.txt").unlink()
        elif n == 7:
            (upstream / "needed.txt").write_text("yes\n")
        else:
            (upstream / "other.txt").write_text(f"{n}\n")
        commits.append(commit_all(upstream, f"Change {n}"))
    distgit = root / "tiny-distgit"
    distgit.mkdir()
    git(distgit, "init", "-q", "-b", "rpm-master")
    (distgit / "tiny.spec").write_text(SPEC)
    commit_all(distgit, "tiny template")
    git(distgit, "remote", "add", "upstream", str(upstream))
    git(distgit, "fetch", "-q", "--tags", "upstream")
    return distgit, commits


ARGS = ("--backend", "rpmbuild", "--nodeps", "--offline")


def test_bisect_names_the_commit_that_broke_check(rdotool: RunCli, tmp_path: Path) -> None:
    distgit, commits = make_world(tmp_path)
    before = git(distgit, "status", "--porcelain", "--untracked-files=all")
    result = rdotool("bisect", "1.0.0", "--distgit", str(distgit), *ARGS, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["first_bad"]["sha"] == commits[4]
    assert data["first_bad"]["subject"] == "Change 5"
    assert (data["phase"], data["first_error"]) == ("%check", "value is broken")
    assert data["skipped"] == [commits[5]]  # fails in %prep: another failure
    verdicts = {step["commit"]: step["verdict"] for step in data["steps"]}
    assert verdicts[commits[7]] == "bad" and verdicts[commits[5]] == "skip"
    assert "bisect: step 1/" in result.stderr and "(BAD)" in result.stderr
    # the distgit's work tree is untouched; the state stays until --abort
    assert git(distgit, "status", "--porcelain", "--untracked-files=all") == before
    assert (distgit / ".git" / "rdotool" / "bisect.json").exists()
    text = rdotool("bisect", "--continue", "--distgit", str(distgit))
    assert text.exit_code == 0, text.stderr
    assert text.stdout.splitlines()[0] == f"first bad commit: {commits[4]} Change 5"
    assert f"skipped {commits[5][:12]}: %prep" in text.stdout
    assert "bisect aborted" in rdotool("bisect", "--abort", "--distgit", str(distgit)).stderr
    assert not (distgit / ".git" / "rdotool" / "bisect.json").exists()
    assert not (distgit / ".git" / "rdotool" / "bisect").exists()


def test_an_interrupted_bisect_continues_to_the_same_answer(tmp_path: Path) -> None:
    distgit, commits = make_world(tmp_path)
    env = {**os.environ, "RDOTOOL_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "rdotool", "bisect", "--distgit", str(distgit), *ARGS]
    running = subprocess.Popen(
        [*argv, "1.0.0"], stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    assert running.stderr is not None
    for line in running.stderr:
        if "bisect: step 3/" in line:  # two verdicts saved, the third build under way
            running.send_signal(signal.SIGINT)
            break
    running.communicate(timeout=120)
    assert running.returncode == 128 + signal.SIGINT
    saved = json.loads((distgit / ".git" / "rdotool" / "bisect.json").read_text())
    assert len(saved["steps"]) == 2
    shown = subprocess.run(
        [sys.executable, "-m", "rdotool", "status", "--distgit", str(distgit)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    assert shown.stdout.startswith("In progress: bisect of ")
    assert "2 builds made" in shown.stdout and "bisect --continue" in shown.stderr
    resumed = subprocess.run(
        [*argv, "--continue", "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads(resumed.stdout)["first_bad"]["sha"] == commits[4]


def test_bisect_refuses_what_it_cannot_bisect(rdotool: RunCli, tmp_path: Path) -> None:
    distgit, commits = make_world(tmp_path)
    builds = rdotool("bisect", "1.0.0", commits[2], "--distgit", str(distgit), *ARGS)
    assert builds.exit_code == ExitCode.BAD_INPUT
    assert "(BAD) builds: there is nothing to bisect" in builds.stderr
    assert not (distgit / ".git" / "rdotool" / "bisect.json").exists()  # nothing started
    assert rdotool("bisect", "--abort", "--distgit", str(distgit)).exit_code == 3
    usage = rdotool("bisect", "--distgit", str(distgit))
    assert usage.exit_code == ExitCode.USAGE and "bisect needs GOOD" in usage.stderr
