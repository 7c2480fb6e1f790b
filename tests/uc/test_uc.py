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


def report(
    rdotool: RunCli, rdoinfo: Path, release: str, uc: str, *extra: str, distro: str = "el9s"
) -> dict:
    """The JSON report of one distro (its python, rows and counts), with the release's
    tag and source beside them."""
    result = rdotool(*report_args(rdoinfo, release, uc, "--json", "--distro", distro, *extra))
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data["distros"]) == [distro]
    return {"tag": data["tag"], "source": data["source"], **data["distros"][distro]}


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
    el10 = report(rdotool, shared_rdoinfo, "flamingo", "stable-2025.2.txt", distro="el10s")
    assert el10["python"] == "3.12" and row(el10, "glance_store")["uc"] == "5.2.0"
    forced = report(rdotool, shared_rdoinfo, "flamingo", "stable-2025.2.txt", "--python", "3.12")
    assert forced["python"] == "3.12" and row(forced, "glance_store")["uc"] == "5.2.0"
    master = report(rdotool, shared_rdoinfo, "flamingo", "master.txt")
    assert master["counts"]["pin-behind"] > data["counts"].get("pin-behind", 0)


def test_status_filter_text_and_check(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    only = report(rdotool, shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--status", "pin-behind")
    assert {r["status"] for r in only["rows"]} == {"pin-behind"}
    text = rdotool(*report_args(shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--check"))
    assert text.exit_code == ExitCode.CHECK_FAILED
    sections = text.stdout.split("\n\n")
    assert [s.splitlines()[0].split(", against ")[0] for s in sections] == [
        "epoxy (epoxy) for el9s, Python 3.9",
        "epoxy (epoxy) for el10s, Python 3.12",
    ]
    assert sections[0].splitlines()[-1].startswith("588 entries: ")
    assert sections[1].splitlines()[-1].startswith("585 entries: ")
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
    # the 12 pin-behind rows and kuryr-lib, in the tag unpinned; the pin above UC stays
    assert len(bumps) == 13 and ["kuryr", None, "3.2.0"] in bumps
    assert git(rdoinfo_copy, "status", "--porcelain") == "M tags/epoxy.yml"
    diff = subprocess.run(
        ["git", "diff", "-U0"], cwd=rdoinfo_copy, capture_output=True, text=True
    ).stdout
    changed = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 12 * 2 + 1
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
    assert len(message.splitlines()) == 2 + 14  # 12 behind, 1 unpinned, 1 ahead lowered
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


def test_each_distro_reads_its_own_builds_and_python(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    """epoxy builds for el9s and el10s: netmiko is 4.3.0 in the el9s tags and 4.4.0 in
    the el10s ones; the el10s UC lines are Python 3.12's."""
    result = rdotool(*report_args(shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--json"))
    data = json.loads(result.stdout)
    assert list(data["distros"]) == ["el9s", "el10s"]
    el9s, el10s = data["distros"]["el9s"], data["distros"]["el10s"]
    assert (el9s["python"], el10s["python"]) == ("3.9", "3.12")
    assert row(el9s, "netmiko")["built"] == "python-netmiko-4.3.0-1.el9s"
    assert row(el10s, "netmiko")["built"] == "python-netmiko-4.4.0-5.el10s"
    assert all(t.startswith("cloud9s-") for t in el9s["buildsys_tags"])
    assert all(t.startswith("cloud10s-") for t in el10s["buildsys_tags"])
    assert all(".el10s" in b for r in el10s["rows"] for b in r["builds"].values())
    unknown = rdotool(*report_args(shared_rdoinfo, "epoxy", "stable-2025.1.txt", "--distro", "el8"))
    assert unknown.exit_code == ExitCode.USAGE
    assert "epoxy has no el8 repository" in unknown.stderr and "use el9s, el10s" in unknown.stderr


def test_uc_names_match_the_python_package_first(rdotool: RunCli, shared_rdoinfo: Path) -> None:
    """UC names are Python distributions: libsass is python-libsass (not the C library
    libsass), redis python-redis (not the server), mock python-mock (not the build tool)."""
    data = report(rdotool, shared_rdoinfo, "epoxy", "stable-2025.1.txt")
    matched = {name: row(data, name)["package"] for name in ("libsass", "redis", "mock", "docker")}
    assert matched == {
        "libsass": "python-libsass",
        "redis": "python-redis",
        "mock": "python-mock",
        "docker": "python-docker",
    }
    assert row(data, "libsass")["status"] == "equal"
    assert row(data, "pyserial")["package"] == "pyserial"  # packaged under its own name
    assert row(data, "PasteDeploy")["package"] == "python-paste-deploy"  # pymod2pkg's name


# UC names matched to a package that is neither python-*/python3-* nor the rdoinfo project
# of that name, reviewed: RDO packages subunit (python3-subunit is its subpackage) and
# provides the xattr module with pyxattr (pymod2pkg's mapping).
REVIEWED_MATCHES = [("python-subunit", "subunit"), ("xattr", "pyxattr")]


@pytest.mark.parametrize("uc", ["stable-2025.1.txt", "stable-2025.2.txt", "master.txt"])
def test_every_packaged_uc_name_matches_a_python_package(shared_rdoinfo: Path, uc: str) -> None:
    from rdotool.config import load_settings
    from rdotool.core.constraints import canonical, parse_constraints
    from rdotool.core.uc_report import PackageIndex
    from rdotool.ops.rdoinfo import load_rdoinfo

    loaded = load_rdoinfo(load_settings({"RDOTOOL_RDOINFO": str(shared_rdoinfo)}))
    index = PackageIndex(loaded.rdoinfo.packages())
    odd = set()
    matched = 0
    for constraint in parse_constraints((UC / uc).read_text(), uc):
        package = index.find(constraint.name)
        if package is None:
            continue
        matched += 1
        name = str(package["name"])
        project = canonical(str(package.get("project") or ""))
        if not name.startswith(("python-", "python3-")) and project != canonical(constraint.name):
            odd.add((constraint.name, name))
    assert sorted(odd) == REVIEWED_MATCHES
    assert matched > 350
