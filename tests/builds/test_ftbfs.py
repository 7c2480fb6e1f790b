"""FTBFS summaries of real rpmbuild failures the tests provoke (log shapes of mock and
of other test runners: tests/unit/test_ftbfs.py).

Each case breaks the tiny hello package one way, builds it with the rpmbuild backend,
and checks the phase and first error rdotool names (text and --json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.builds.fixtures import hello_tarball, make_hello_distgit
from tests.conftest import RunCli
from tests.factories import commit_all

pytestmark = pytest.mark.needs_rpm

BROKEN_PATCH = """\
--- a/hello.txt
+++ b/hello.txt
@@ -1 +1 @@
-this line is not there
+hello, patched
"""


def break_spec(distgit: Path, how: str) -> None:
    spec = distgit / "hello.spec"
    text = spec.read_text()
    if how == "files":
        text = text.replace("%{_datadir}/hello\n\n", "%{_datadir}/hello\n/usr/share/missing\n\n")
    elif how == "unpackaged":
        text = text.replace(
            "install -m 644 hello.txt", "touch %{buildroot}/extra-file\ninstall -m 644 hello.txt"
        )
    elif how == "check":
        text = text.replace(
            "%files", "%check\npython3 -c 'import sys; assert 1 + 1 == 3, \"arithmetic\"'\n\n%files"
        )
    elif how == "patch":
        (distgit / "0001-Say-it-differently.patch").write_text(BROKEN_PATCH)
        patch_tag = "Patch0001:      0001-Say-it-differently.patch\n"
        text = text.replace("BuildArch:", patch_tag + "BuildArch:")
        text = text.replace("%autosetup -n hello-%{version}", "%autosetup -p1 -n hello-%{version}")
    spec.write_text(text)
    commit_all(distgit, f"break {how}")


@pytest.mark.parametrize(
    ("how", "phase", "first_error"),
    [
        ("files", "%files", "file not found: "),
        ("unpackaged", "%files", "installed but not packaged: /extra-file"),
        ("check", "%check", "AssertionError: arithmetic"),
        (
            "patch",
            "%prep",
            "patch 0001-Say-it-differently.patch does not apply: 1 out of 1 hunk FAILED",
        ),
    ],
)
def test_rpmbuild_failures_are_explained(
    rdotool: RunCli, hello_local: Path, how: str, phase: str, first_error: str
) -> None:
    break_spec(hello_local, how)
    result = rdotool("build", "--distgit", str(hello_local), "--backend", "rpmbuild", "--nodeps")
    assert result.exit_code == ExitCode.EXTERNAL, result.stderr
    assert f"rpmbuild failed (exit 1) in {phase}: {first_error}" in result.stderr
    assert "  | " in result.stderr  # the lines around it
    as_json = rdotool(
        "build", "--distgit", str(hello_local), "--backend", "rpmbuild", "--nodeps", "--json"
    )
    data = json.loads(as_json.stdout)
    assert data["phase"] == phase and data["first_error"].startswith(first_error)
    assert data["log"].endswith("build.log") and Path(data["log"]).exists()


@pytest.fixture()
def hello_local(tmp_path: Path) -> Path:
    """hello with its tarball in the distgit (nothing to download)."""
    distgit = make_hello_distgit(tmp_path, "hello-%{version}.tar.gz")
    (distgit / "hello-1.0.tar.gz").write_bytes(hello_tarball())
    return distgit


def test_a_real_rpmbuild_missing_build_dependency(tmp_path: Path) -> None:
    """rpmbuild's own BuildRequires check, run for real on a spec needing a package no
    system has (rdotool checks BuildRequires before rpmbuild; its log reads the same)."""
    import subprocess

    from rdotool.core.ftbfs import explain

    distgit = make_hello_distgit(tmp_path, "hello-%{version}.tar.gz")
    spec = distgit / "hello.spec"
    spec.write_text(
        spec.read_text().replace("BuildRequires:  coreutils", "BuildRequires:  rdotool-no-such")
    )
    (distgit / "hello-1.0.tar.gz").write_bytes(hello_tarball())
    run = subprocess.run(
        ["rpmbuild", "-bb", "--define", f"_topdir {tmp_path / 'top'}", "--define",
         f"_sourcedir {distgit}", str(spec)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode != 0
    summary = explain(run.stdout + run.stderr)
    assert summary.phase == "BuildRequires", run.stdout + run.stderr
    assert "rdotool-no-such" in summary.first_error
