"""The resumable state is typed: every field is checked when --continue reads it back, and
--continue returns the resumed command's own result (also as JSON)."""

from __future__ import annotations

import json
from pathlib import Path

from rdotool.errors import ExitCode
from tests.conftest import TODAY, RunCli
from tests.factories import make_single_repo_distgit


def state_file(repo: Path) -> Path:
    return repo / ".git" / "rdotool" / "state.json"


def test_fix_json_then_continue_json(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    started = rdotool("fix", "--distgit", str(repo), "--json")
    assert started.exit_code == 0, started.stderr
    opened = json.loads(started.stdout)
    assert opened["release"] == "2%{?dist}" and opened["commit"] is None
    assert opened["header"] == f"* {TODAY} Test Packager <packager@example.com> 1.2.0-2"
    state = json.loads(state_file(repo).read_text())
    assert (state["schema"], state["command"], state["data"]) == (3, "fix", {"left_out": []})
    spec = repo / "python-foo.spec"
    text = spec.read_text()
    at = text.index("1.2.0-2\n") + len("1.2.0-2\n")
    spec.write_text(text[:at] + "- Fix it\n" + text[at:])
    done = rdotool("--continue", "--json", "--distgit", str(repo))
    assert done.exit_code == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["command"] == "fix"
    assert result["message"].startswith("python-foo-1.2.0-2\n\nChangelog:\n- Fix it")
    assert len(result["commit"]) == 40


def test_a_state_field_of_the_wrong_type_is_named(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    assert rdotool("fix", "--distgit", str(repo)).exit_code == 0
    state = json.loads(state_file(repo).read_text())
    state["data"]["left_out"] = "not a list"
    state_file(repo).write_text(json.dumps(state))
    broken = rdotool("--continue", "--distgit", str(repo))
    assert broken.exit_code == ExitCode.BAD_INPUT
    assert 'the fix state has fields of the wrong shape (wrong value type for field "left_out"' in (
        broken.stderr
    )
    assert "Traceback" not in broken.stderr
    state["command"] = "rm -rf"
    state_file(repo).write_text(json.dumps(state))
    unknown = rdotool("--continue", "--distgit", str(repo))
    assert unknown.exit_code == ExitCode.BAD_INPUT
    assert "has fields of the wrong shape" in unknown.stderr and "command" in unknown.stderr


def test_new_version_state_is_its_dataclass(rdotool: RunCli, tmp_path: Path) -> None:
    """A conflict stops new-version: the state on disk is NewVersionData as JSON."""
    from rdotool.ops import state as states
    from rdotool.ops.new_version import NewVersionData
    from tests.factories import add_upstream_tag

    repo = make_single_repo_distgit(tmp_path)
    add_upstream_tag(repo, "1.4.0", {"patch0.txt": "upstream's own\n"})  # conflicts
    stopped = rdotool("new-version", "1.4.0", "--distgit", str(repo))
    assert stopped.exit_code == ExitCode.BAD_INPUT, stopped.stderr
    loaded = states.load_state(repo / ".git")
    assert loaded is not None and loaded.command == "new-version"
    data = states.typed(loaded, NewVersionData)
    assert data.plan.new == "1.4.0" and data.rebase_started
    assert data.old_base is not None and data.old_base[0] == "1.2.0"
    assert data.today == "2026-03-05"  # the run's clock, fixed for --continue
    assert rdotool("--abort", "--distgit", str(repo)).exit_code == 0


def test_uc_takes_its_own_release(rdotool: RunCli, tmp_path: Path) -> None:
    repo = make_single_repo_distgit(tmp_path)
    both = rdotool("new-version", "1.3.0", "--uc", "epoxy", "--distgit", str(repo))
    assert both.exit_code == ExitCode.USAGE
    assert "give VERSION (1.3.0) or --uc epoxy, not both" in both.stderr
    stray = rdotool("new-version", "--uc-file", "uc.txt", "--distgit", str(repo))
    assert stray.exit_code == ExitCode.USAGE
    assert "--uc-file and --python go with --uc RELEASE" in stray.stderr
