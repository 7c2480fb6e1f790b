"""core/extras.py and core/reqcheck.subpackage_roles in memory."""

from __future__ import annotations

import pytest

from rdotool.core.extras import parse_extras, requires_python, supports
from rdotool.core.reqcheck import subpackage_roles
from rdotool.errors import InputError


def test_extras_from_pbr_setuptools_and_pep621() -> None:
    setup_cfg = """\
[metadata]
name = tooz

[extras]
zake =
  zake>=0.1.6 # Apache-2.0
Redis_Cluster =
  redis>=4.0.0
  hiredis

[options.extras_require]
zake = ignored: [extras] came first
other = six
"""
    pyproject = """\
[project]
name = "tooz"
[project.optional-dependencies]
etcd3gw = ["etcd3gw>=2.3.0"]
"""
    assert parse_extras(setup_cfg, pyproject, "tooz at 1.0") == {
        "etcd3gw": "etcd3gw>=2.3.0",
        "zake": "zake>=0.1.6 # Apache-2.0",
        "redis-cluster": "redis>=4.0.0\nhiredis",
        "other": "six",
    }
    assert parse_extras(None, None, "x") == {}
    assert parse_extras("[metadata]\nname = x\n", '[project]\nname = "x"\n', "x") == {}


@pytest.mark.parametrize(
    ("setup_cfg", "pyproject", "message"),
    [
        (None, "[project\n", "pyproject.toml of foo at 1.0 is not valid TOML"),
        ("no section header\n", None, "setup.cfg of foo at 1.0 cannot be read"),
    ],
)
def test_broken_sources_name_themselves(
    setup_cfg: str | None, pyproject: str | None, message: str
) -> None:
    with pytest.raises(InputError) as raised:
        parse_extras(setup_cfg, pyproject, "foo at 1.0")
    assert raised.value.message.startswith(message)


def test_subpackage_roles() -> None:
    packages = ["python-foo", "python3-foo", "python3-foo-tests", "python-foo-doc"]
    assert subpackage_roles(packages, ["python3-foo"], []) == (
        ("python3-foo",),
        ("python3-foo-tests",),
    )
    # no %files names the metadata: the python3-* packages (not -doc, not -tests)
    assert subpackage_roles([*packages, "python3-foo-doc"], [], []) == (
        ("python3-foo",),
        ("python3-foo-tests",),
    )
    # a service: the module is python3-nova, the rest are not checked against it
    nova = ["openstack-nova", "openstack-nova-compute", "python3-nova", "python3-nova-tests"]
    assert subpackage_roles(nova, ["python3-nova"], []) == (
        ("python3-nova",),
        ("python3-nova-tests",),
    )
    # extras are neither; a spec with one package checks it
    assert subpackage_roles(["python3-foo", "python3-foo+redis"], [], ["python3-foo+redis"]) == (
        ("python3-foo",),
        (),
    )
    assert subpackage_roles(["foo"], [], []) == (("foo",), ())


def test_requires_python_and_whether_a_python_is_supported() -> None:
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
    assert requires_python(None, pyproject, "x") == ">=3.11"
    assert requires_python("[metadata]\npython_requires = >=3.8\n", None, "x") == ">=3.8"
    assert requires_python("[options]\npython_requires = >=3.6,<4\n", None, "x") == ">=3.6,<4"
    assert requires_python("[metadata]\nname = x\n", '[project]\nname = "x"\n', "x") is None
    assert supports(">=3.11", "3.12") and not supports(">=3.11", "3.9")
    assert supports(">=3.6,<4", "3.9") and not supports("<3.9", "3.9")
    assert supports("not a specifier", "3.9")  # the benefit of the doubt
