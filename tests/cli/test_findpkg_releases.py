"""`rdotool findpkg` and `rdotool releases`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("nova", "openstack-nova"),
        ("oslo.config", "python-oslo-config"),
        ("glance-store", "python-glance-store"),
        ("https://github.com/rdo-packages/nova-distgit.git", "openstack-nova"),
        ("puppetlabs-apache", "puppet-apache"),
    ],
)
def test_findpkg(rdotool: RunCli, basic_rdoinfo: Path, query: str, name: str) -> None:
    result = rdotool("findpkg", "--rdoinfo", str(basic_rdoinfo), query, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == name


def test_findpkg_text(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("findpkg", "--rdoinfo", str(basic_rdoinfo), "oslo.config")
    assert result.stdout.startswith("python-oslo-config\n  project         oslo-config\n")


def test_findpkg_not_found(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("findpkg", "--rdoinfo", str(basic_rdoinfo), "--strict", "novacli")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no package novacli; did you mean python-novaclient?" in result.stderr


def test_releases_table_and_json(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("releases", "--rdoinfo", str(basic_rdoinfo))
    assert result.stdout.splitlines()[0].split() == [
        "release",
        "status",
        "branch",
        "identifier",
        "upstream-branch",
        "repos",
    ]
    assert result.stdout.splitlines()[3].split() == [
        "train",
        "eol",
        "rpm-master",
        "-",
        "-",
        "el7:cbs/cloud7-openstack-train-el7",
    ]
    data = json.loads(
        rdotool("releases", "--rdoinfo", str(basic_rdoinfo), "epoxy", "--json").stdout
    )
    assert data == [
        {
            "name": "epoxy",
            "status": "maintained",
            "branch": "epoxy-rdo",
            "identifier": "2025.1",
            "upstream_branch": "stable/2025.1",
            "repos": [
                {
                    "branch": "epoxy-rdo",
                    "name": "el9s",
                    "buildsys": "cbs/cloud9s-openstack-epoxy-el9s",
                    "buildsys-tags": [
                        "cloud9s-openstack-epoxy-testing",
                        "cloud9s-openstack-epoxy-release",
                    ],
                }
            ],
        }
    ]


def test_releases_by_status_names_only(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool(
        "releases",
        "--rdoinfo",
        str(basic_rdoinfo),
        "--status",
        "eol",
        "--status",
        "maintained",
        "--names",
    )
    assert result.stdout == "epoxy\ntrain\n"


def test_releases_errors(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    unknown = rdotool("releases", "--rdoinfo", str(basic_rdoinfo), "zed")
    assert unknown.exit_code == ExitCode.BAD_INPUT
    assert "no release zed in rdoinfo" in unknown.stderr
    assert "known releases: flamingo, epoxy, train" in unknown.stderr
    status = rdotool("releases", "--rdoinfo", str(basic_rdoinfo), "--status", "dead")
    assert status.exit_code == ExitCode.USAGE
