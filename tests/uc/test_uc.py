"""`rdotool uc report` / `uc sync` on the real rdoinfo snapshot and upper-constraints."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import SHARED_DATA, RunCli
from tests.factories import commit_all, git

UC = SHARED_DATA / "upper-constraints"
pytestmark = pytest.mark.shared_data


def report_args(rdoinfo: Path, release: str, uc: str, *extra: str) -> tuple[str, ...]:
    return (
        "uc",
        "report",
        "--release",
        release,
        "--rdoinfo",
        str(rdoinfo),
        "--uc-file",
        str(UC / uc),
        *extra,
    )


def report(rdotool: RunCli, rdoinfo: Path, release: str, uc: str, *extra: str) -> dict:
    result = rdotool(*report_args(rdoinfo, release, uc, "--json", *extra))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def row(data: dict, name: str) -> dict:
    return next(r for r in data["rows"] if r["name"] == name)


def test_epoxy_report_known_rows_and_counts(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    data = report(rdotool, shared_rdoinfo, "epoxy", "stable-2025.1.txt")
    assert (data["tag"], data["python"]) == ("epoxy", "3.9")
    oslo = row(data, "oslo.config")
    assert (oslo["uc"], oslo["pin"], oslo["built"], oslo["status"]) == (
        "9.7.2",
        "9.7.1",
        "python-oslo-config-9.7.1-1.el9s",
        "pin-behind",
    )
    assert oslo["builds"]["cloud9s-openstack-epoxy-release"] == "python-oslo-config-9.7.1-1.el9s"
    assert row(data, "glance_store")["project"] == "glance_store"
    assert row(data, "os-vif")["project"] == "os-vif"
    assert row(data, "WSME")["project"] == "wsme"
    assert row(data, "python-novaclient")["status"] == "equal"
    assert sum(data["counts"].values()) == len(data["rows"]) == 588
    assert data["counts"]["pin-behind"] == 12
    assert data["counts"]["version-locked"] == 4


def test_flamingo_uses_its_uc_tag_and_markers(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    data = report(rdotool, shared_rdoinfo, "flamingo", "stable-2025.2.txt")
    assert data["tag"] == "flamingo-uc"
    assert row(data, "os_vif")["project"] == "os-vif"
    glance = row(data, "glance_store")
    assert glance["uc"] == "4.10.0"  # the python_version == "3.9" line, not the last one
    el10 = report(rdotool, shared_rdoinfo, "flamingo", "stable-2025.2.txt", "--python", "3.12")
    assert row(el10, "glance_store")["uc"] == "5.2.0"
    master = report(rdotool, shared_rdoinfo, "flamingo", "master.txt")
    assert master["counts"]["pin-behind"] > data["counts"].get("pin-behind", 0)


def test_status_filter_text_and_check(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    only = report(rdotool, shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--status", "pin-behind")
    assert {r["status"] for r in only["rows"]} == {"pin-behind"}
    text = rdotool(*report_args(shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--check"))
    assert text.exit_code == ExitCode.CHECK_FAILED
    assert text.stdout.splitlines()[0].startswith("epoxy (epoxy) against ")
    assert text.stdout.splitlines()[-1].startswith("588 entries: ")
    assert any(
        line.split()[:4] == ["oslo.config", "9.7.2", "9.7.1", "python-oslo-config-9.7.1-1.el9s"]
        for line in text.stdout.splitlines()
    )
    bad = rdotool(*report_args(shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--status", "late"))
    assert bad.exit_code == ExitCode.USAGE


@pytest.fixture
def rdoinfo_copy(shared_rdoinfo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "rdoinfo"
    shutil.copytree(shared_rdoinfo, copy)
    git(copy, "init", "-q", "-b", "master")
    commit_all(copy, "snapshot")
    return copy


def sync_args(rdoinfo: Path, *extra: str) -> tuple[str, ...]:
    return (
        "uc",
        "sync",
        "--release",
        "epoxy",
        "--rdoinfo",
        str(rdoinfo),
        "--uc-file",
        str(UC / "stable-2025.1.txt"),
        *extra,
    )


def test_sync_changes_only_pin_lines_and_is_idempotent(rdotool: RunCli, rdoinfo_copy: Path) -> None:
    args = sync_args(rdoinfo_copy)
    dry = rdotool(*args, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "-      source-branch: 9.7.1\n+      source-branch: 9.7.2" in dry.stdout
    assert git(rdoinfo_copy, "status", "--porcelain") == ""
    result = rdotool(*args, "--json")
    assert result.exit_code == 0, result.stderr
    bumps = json.loads(result.stdout)["bumps"]
    assert ["oslo-config", "9.7.1", "9.7.2"] in bumps
    assert len(bumps) == 12  # the pin-behind rows; the one pin above UC is not lowered
    assert git(rdoinfo_copy, "status", "--porcelain") == "M tags/epoxy.yml"
    diff = subprocess.run(
        ["git", "diff", "-U0"], cwd=rdoinfo_copy, capture_output=True, text=True
    ).stdout
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 24
    assert all(line[1:].startswith("      source-branch: ") for line in changed)
    again = rdotool(*args, "--json")
    assert json.loads(again.stdout)["bumps"] == []
    after = report(rdotool, rdoinfo_copy, "epoxy", "stable-2025.1.txt")
    assert after["counts"].get("pin-behind", 0) == 0


def test_sync_commit_and_lower_ahead(rdotool: RunCli, rdoinfo_copy: Path) -> None:
    args = sync_args(rdoinfo_copy, "--commit", "--lower-ahead")
    result = rdotool(*args)
    assert result.exit_code == 0, result.stderr
    message = git(rdoinfo_copy, "log", "-1", "--format=%B")
    assert message.startswith("Bump epoxy pins to upper-constraints\n\n")
    assert "oslo-config: 9.7.1 -> 9.7.2" in message
    assert len(message.splitlines()) == 2 + 13  # 12 behind + 1 ahead lowered
    assert git(rdoinfo_copy, "status", "--porcelain") == ""


def test_sync_pins_unpinned_packages_and_quotes(
    rdotool: RunCli, basic_rdoinfo: Path, tmp_path: Path
) -> None:
    git(basic_rdoinfo, "init", "-q", "-b", "master")
    commit_all(basic_rdoinfo, "basic")
    uc = tmp_path / "uc.txt"
    uc.write_text("python-novaclient===18.10\noslo.config===9.7.1\n")
    result = rdotool(
        "uc",
        "sync",
        "--release",
        "epoxy",
        "--rdoinfo",
        str(basic_rdoinfo),
        "--uc-file",
        str(uc),
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["bumps"] == [["novaclient", "18.9.0", "18.10"]]
    text = (basic_rdoinfo / "tags" / "epoxy.yml").read_text()
    assert "- project: novaclient\n  tags:\n    epoxy:\n      source-branch: '18.10'\n" in text
    uc.write_text("python-novaclient===18.10\nnova===31.0.0\n")
    flamingo = rdotool(
        "uc",
        "sync",
        "--release",
        "flamingo",
        "--tag",
        "flamingo",
        "--rdoinfo",
        str(basic_rdoinfo),
        "--uc-file",
        str(uc),
        "--json",
    )
    assert json.loads(flamingo.stdout)["bumps"] == [
        ["nova", None, "31.0.0"],
        ["novaclient", None, "18.10"],
    ]
    text = (basic_rdoinfo / "tags" / "flamingo.yml").read_text()
    assert "- project: nova\n  tags:\n    flamingo:\n      source-branch: 31.0.0\n" in text


def test_sync_dry_run_writes_nothing_and_symlinks_out_are_refused(
    rdotool: RunCli, rdoinfo_copy: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.yml"
    victim.write_text("precious\n")
    planted = rdoinfo_copy / "tags" / ".epoxy.yml.dry-run"
    planted.symlink_to(victim)
    before = git(rdoinfo_copy, "status", "--porcelain")
    dry = rdotool(*sync_args(rdoinfo_copy, "--dry-run"))
    assert dry.exit_code == 0, dry.stderr
    assert victim.read_text() == "precious\n"
    assert git(rdoinfo_copy, "status", "--porcelain") == before
    tags = rdoinfo_copy / "tags" / "epoxy.yml"
    shutil.copy(tags, victim)
    tags.unlink()
    tags.symlink_to(victim)
    refused = rdotool(*sync_args(rdoinfo_copy))
    assert refused.exit_code == ExitCode.BAD_INPUT
    assert "points outside" in refused.stderr
