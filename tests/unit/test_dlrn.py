"""core/dlrn: DLRN's Version/Release rules and its rendering of a template spec."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from rdotool.core.dlrn import TrunkVersion, is_template, render_spec, trunk_version

WHEN = datetime(2026, 11, 26, 10, 15, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("upstream", "version"),
    [
        ("9.8.1.dev12", "9.8.1"),  # pbr, after a tag
        ("7.0.0.0rc2.dev1", "7.0.0"),
        ("2.0.0.0b4.dev15", "2.0.0"),
        ("7.0.0.0a1.dev1", "7.0.0"),
        ("2014.2.dev50.g99bef1f", "2014.2"),
        ("0.10.1.11.ga5f0e3c", "0.10.1.11"),
        ("1.0.0-d7f1b849", "1.0.0"),  # version-release
        ("1.2.3-5-gabcdef0", "1.2.3"),  # git describe
        ("1.8.0.pre", "1.8.0"),
        ("1.7.3", "1.7.3"),
        ("eb6dbe2", "0.0.1"),  # DLRN's fallback
    ],
)
def test_rpm_version_from_the_upstream_version(upstream: str, version: str) -> None:
    assert trunk_version(upstream, "1a2b3c4d5e", WHEN).version == version


def test_release_numberings_use_utc_and_seven_hex() -> None:
    local = WHEN.astimezone(timezone(timedelta(hours=-5)))
    assert trunk_version("9.8.1.dev12", "1a2b3c4d5e", local).release == "0.20261126101500.1a2b3c4"
    assert (
        trunk_version("1.0", "1a2b3c4", WHEN, "0.1.date.hash").release
        == "0.1.20261126101500.1a2b3c4"
    )
    assert (
        trunk_version("1.0", "1a2b3c4", WHEN, "minor.date.hash", "3").release
        == "3.20261126101500.1a2b3c4"
    )
    with pytest.raises(ValueError, match="numbering"):
        trunk_version("1.0", "1a2b3c4", WHEN, "date")


def test_source_name_carries_the_release() -> None:
    trunk = TrunkVersion("9.8.1.dev12", "9.8.1", "0.20261126101500.1a2b3c4", "1a2b3c4")
    assert (
        trunk.source_name("oslo.config-9.8.1.dev12.tar.gz")
        == "oslo.config-9.8.1.dev12-0.20261126101500.1a2b3c4.tar.gz"
    )


TEMPLATE = """\
%{!?sources_gpg: %{!?dlrn:%global sources_gpg 1} }
%global sname oslo.config
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}

Name:       python-oslo-config
Epoch:      2
Version:    XXX
Release:    XXX
Summary:    OpenStack common configuration library
# Version: comments change too, as DLRN's unanchored sed changes them
License:    Apache-2.0
Source0:    https://tarballs.openstack.org/%{sname}/%{sname}-%{upstream_version}.tar.gz
%if 0%{?sources_gpg} == 1
Source101:  https://tarballs.openstack.org/%{sname}/%{sname}-%{upstream_version}.tar.gz.asc
%endif

%description
Built from UPSTREAMVERSION.

%changelog
* Mon Jan 01 2024 RDO <dev@lists.rdoproject.org> 2:9.0.0-1
- Update to 9.0.0
"""


def test_render_spec_as_build_srpm_sh_does() -> None:
    trunk = trunk_version("9.8.1.dev12", "1a2b3c4d", WHEN)
    source = trunk.source_name("oslo.config-9.8.1.dev12.tar.gz")
    rendered = render_spec(TEMPLATE, trunk, source)
    lines = rendered.splitlines()
    assert lines[:3] == [
        "%global dlrn_nvr oslo.config-9.8.1.dev12-0.20261126101500.1a2b3c4",
        "%global dlrn 1",
        "%define upstream_version 9.8.1.dev12",
    ]
    assert "Version: 9.8.1" in lines
    assert "Release: 0.20261126101500.1a2b3c4%{?dist}" in lines
    assert "# Version: 9.8.1" in lines  # DLRN's sed is not anchored
    assert f"Source0: {source}" in lines
    assert lines[-1] == "%changelog"  # cut after the header line
    assert "Built from 9.8.1.dev12." in lines
    assert rendered.endswith("%changelog\n")


def test_render_spec_replaces_existing_dlrn_lines_and_can_keep_things() -> None:
    trunk = trunk_version("1.2.3", "abcdef0", WHEN)
    text = "%global dlrn 0\n%define upstream_version 0\nVersion: XXX\nRelease: XXX\nSource: x.tgz\n"
    text += "%changelog\n* entry\n"
    rendered = render_spec(text, trunk, "p-1.2.3-R.tar.gz", keep_tarball=True, keep_changelog=True)
    lines = rendered.splitlines()
    assert lines[0] == "%global dlrn_nvr p-1.2.3-R"
    assert lines[1:3] == ["%global dlrn 1", "%define upstream_version 1.2.3"]
    assert "Source: x.tgz" in lines and "* entry" in lines


def test_templates_are_recognised() -> None:
    assert is_template(TEMPLATE)
    assert is_template("Name: x\nVersion: 1.0\nRelease:    XXX\n")
    assert not is_template("Name: x\nVersion: 1.0\nRelease: 1%{?dist}\n")
