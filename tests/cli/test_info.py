"""`rdotool info` end to end on the small rdoinfo."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from rdotool.errors import ExitCode
from tests.conftest import RunCli


def test_info_name_text(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "openstack-nova")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[:4] == [
        "openstack-nova",
        "  project         nova",
        "  conf            rpmfactory-core",
        "  upstream        https://opendev.org/openstack/nova",
    ]
    assert "  maintainers     nova-maint@example.com" in result.stdout
    assert "                  nova-maint2@example.com" in result.stdout
    assert "  tags (3)        epoxy flamingo flamingo-uc" in result.stdout
    assert "    cloud9s-openstack-epoxy-release  openstack-nova-31.0.0-1.el9s" in result.stdout


def test_info_by_project_name(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--json")
    assert json.loads(result.stdout)["name"] == "openstack-nova"


def test_info_json_is_the_full_record(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "python-novaclient", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "name": "python-novaclient",
        "project": "novaclient",
        "conf": "rpmfactory-client",
        "upstream": "https://opendev.org/openstack/python-novaclient",
        "patches": "http://review.rdoproject.org/r/openstack/novaclient.git",
        "distgit": "https://github.com/rdo-packages/novaclient-distgit.git",
        "master-distgit": "https://github.com/rdo-packages/novaclient-distgit.git",
        "review-origin": "ssh://review.rdoproject.org:29418/openstack/novaclient-distgit.git",
        "review-patches": "ssh://review.rdoproject.org:29418/openstack/novaclient.git",
        "component": "clients",
        "maintainers": ["client-maint@example.com"],
        "tags": {"epoxy": {"source-branch": "18.9.0"}, "flamingo": None},
    }


def test_info_yaml_and_format_option_agree(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    as_yaml = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--yaml")
    as_format = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "-o", "yaml")
    as_json = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--format", "json")
    assert as_yaml.stdout == as_format.stdout
    assert yaml.safe_load(as_yaml.stdout) == json.loads(as_json.stdout)


def test_two_formats_is_a_usage_error(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--json", "--yaml")
    assert result.exit_code == ExitCode.USAGE
    assert "choose one output format, not json and yaml" in result.stderr


def test_tag_applies_overrides(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    args = ("info", "--rdoinfo", str(basic_rdoinfo), "puppet-apache", "--json")
    plain = json.loads(rdotool(*args).stdout)
    tagged = json.loads(rdotool(*args, "--tag", "flamingo-uc").stdout)
    assert (plain["source-branch"], plain["component"]) == ("main", "tripleo")
    assert (tagged["source-branch"], tagged["component"]) == ("v13.0.0", "puppet")
    text = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "puppet-apache", "-t", "flamingo-uc")
    assert text.stdout.startswith("puppet-apache  (tag flamingo-uc applied)\n")
    assert "  source-branch   v13.0.0" in text.stdout
    assert "                  flamingo-uc: component=puppet, source-branch=v13.0.0" in text.stdout


def test_tag_on_package_outside_it_warns(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "python-sphinx", "--tag", "epoxy")
    assert result.exit_code == 0
    assert "rdotool: warning: python-sphinx is not in tag epoxy" in result.stderr


def test_unknown_tag_suggests(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "nova", "--tag", "epoxi")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no package in rdoinfo carries the tag epoxi" in result.stderr
    assert "hint: did you mean epoxy?" in result.stderr


def test_filters_list_matches(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "conf:lib")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "name                 project       conf            component",
        "python-oslo-config   oslo-config   rpmfactory-lib  common",
        "python-glance-store  glance_store  rpmfactory-lib  common",
    ]
    assert "2 packages match" in result.stderr


def test_filters_json_is_a_list_and_anded(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool(
        "info", "--rdoinfo", str(basic_rdoinfo), "tags:^epoxy$", "name:~^puppet", "--json"
    )
    assert [p["name"] for p in json.loads(result.stdout)] == [
        "openstack-nova",
        "python-novaclient",
        "python-oslo-config",
    ]


def test_full_listing_shows_records(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "conf:lib", "--full")
    assert result.stdout.count("  maintainers     lib-maint@example.com") == 2


def test_filter_without_matches_is_empty_not_an_error(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "conf:nothing", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_bare_word_falls_back_to_name_regex(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "oslo", "--json")
    assert [p["name"] for p in json.loads(result.stdout)] == ["python-oslo-config"]


def test_unknown_package_suggests_and_exits_3(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "opensatck-nova")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stdout == ""
    assert result.stderr == (
        "rdotool: error: no package opensatck-nova; did you mean openstack-nova?\n"
    )


def test_unknown_package_without_close_names(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "kubernetes")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert result.stderr.splitlines() == [
        "rdotool: error: no package kubernetes in rdoinfo",
        "hint: search with `rdotool findpkg TEXT` or `rdotool info name:REGEX`",
    ]


def test_unknown_attribute_and_bad_regex_are_usage_errors(
    rdotool: RunCli, basic_rdoinfo: Path
) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "colour:red")
    assert result.exit_code == ExitCode.USAGE
    assert "unknown attribute 'colour' in filter 'colour:red'" in result.stderr
    url = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "https://opendev.org/openstack/nova")
    assert url.exit_code == ExitCode.USAGE
    assert url.stderr.splitlines() == [
        "rdotool: error: https://opendev.org/openstack/nova is a URL, not a package name or filter",
        "hint: find its package with `rdotool findpkg https://opendev.org/openstack/nova`",
    ]
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "name:(")
    assert result.exit_code == ExitCode.USAGE
    assert "invalid regular expression in 'name:('" in result.stderr


def test_summary(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo))
    assert result.exit_code == 0
    assert "flamingo  development  rpm-master  2025.2      master" in result.stdout
    assert "7 packages" in result.stdout
    assert "rpmfactory-lib     2" in result.stdout
    data = json.loads(rdotool("info", "--rdoinfo", str(basic_rdoinfo), "--json").stdout)
    assert data["packages"] == 7
    assert data["confs"]["rdo-dependency"] == 1
    assert [r["name"] for r in data["releases"]] == ["flamingo", "epoxy", "train"]


def test_info_releases_flag(rdotool: RunCli, basic_rdoinfo: Path) -> None:
    result = rdotool("info", "--rdoinfo", str(basic_rdoinfo), "--releases", "--json")
    assert [r["name"] for r in json.loads(result.stdout)] == ["flamingo", "epoxy", "train"]


def test_rdoinfo_from_environment_and_config(
    rdotool: RunCli, basic_rdoinfo: Path, isolation: Path, monkeypatch
) -> None:
    monkeypatch.setenv("RDOTOOL_RDOINFO", str(basic_rdoinfo))
    assert rdotool("info", "nova", "--json").exit_code == 0
    monkeypatch.delenv("RDOTOOL_RDOINFO")
    config = isolation / ".config" / "rdotool" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"rdoinfo: {basic_rdoinfo}\n")
    assert json.loads(rdotool("info", "nova", "--json").stdout)["project"] == "nova"
