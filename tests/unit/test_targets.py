"""core/targets.py: one table of distros for reqcheck, build, uc and new-version --uc."""

from __future__ import annotations

import pytest

from rdotool.core.targets import (
    DEFAULT_TARGET,
    TARGETS,
    Distro,
    release_python,
    release_target,
    target,
)
from rdotool.errors import UsageError


def test_el9s_means_the_same_everywhere() -> None:
    el9s = target("el9s")
    assert (el9s.rhel, el9s.dist, el9s.python) == ("9", ".el9s", "3.9")
    assert el9s.mock_config() == "centos-stream+epel-9-x86_64"
    assert el9s.rpm_macros() == [("dist", ".el9s"), ("rhel", "9"), ("el9", "1")]
    assert el9s.spec_macros()[-1] == ("fedora", None)
    assert target(None) is TARGETS[DEFAULT_TARGET] is target(Distro("el9s").value)


def test_the_command_line_choices_are_the_table() -> None:
    assert [d.value for d in Distro] == list(TARGETS)


def test_an_unknown_distro_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="unknown distro 'el7'"):
        target("el7")


@pytest.mark.parametrize(
    ("repos", "name", "python"),
    [
        (["el9s"], "el9s", "3.9"),
        (["el10s"], "el10s", "3.12"),
        (["el10s", "el9s"], "el10s", "3.9"),  # UC must install on the older one too
        ([], DEFAULT_TARGET, "3.9"),
        (["something-else"], DEFAULT_TARGET, "3.9"),
    ],
)
def test_a_release_s_target_and_python(repos: list[str], name: str, python: str) -> None:
    release = {"name": "r", "repos": [{"name": repo} for repo in repos]}
    assert release_target(release).name == name
    assert release_python(release) == python
