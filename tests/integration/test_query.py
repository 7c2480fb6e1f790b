"""`rdotool query`: repositories the test writes (repomd.xml + primary, gzip, zstd, xz,
plain), read from a directory, file:// and loopback HTTP; the cache and --offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.errors import ExitCode
from tests.conftest import RunCli
from tests.distgit.tarball_server import tarball_server
from tests.repositories import repository

OSLO = [
    ("python3-oslo-config", "2", "9.7.1", "1.el9s", "python-oslo-config"),
    ("python3-oslo-config", "2", "9.8.0", "1.el9s", "python-oslo-config"),
    ("python-oslo-config-doc", "2", "9.8.0", "1.el9s", "python-oslo-config"),
]


@pytest.mark.parametrize("kind", ["gz", "zst", "xz", "xml"])
def test_each_compression_from_a_directory_and_file_url(
    rdotool: RunCli, tmp_path: Path, kind: str
) -> None:
    repository(tmp_path / "rdo", OSLO, kind)
    repository(tmp_path / "base", [("python3-oslo-config", "0", "8.0.0", "2.el9", "x")], "gz")
    result = rdotool(
        "query", "python3-oslo-config", "--repo", f"rdo={tmp_path / 'rdo'}",
        "--repo", f"base=file://{tmp_path / 'base'}", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert [(a["repo"], a["name"], a["evr"]) for a in answers] == [
        ("rdo", "python3-oslo-config", "2:9.8.0-1.el9s"),
        ("base", "python3-oslo-config", "8.0.0-2.el9"),
    ]


def test_a_source_name_finds_its_binaries_over_http_then_offline(
    rdotool: RunCli, tmp_path: Path
) -> None:
    files = repository(tmp_path / "rdo", OSLO, "zst")
    with tarball_server() as server:
        server.files.update(files)
        url = server.url("")
        online = rdotool("query", "python-oslo-config", "--repo", f"rdo={url}")
        assert online.exit_code == 0, online.stderr
        assert online.stdout.splitlines()[1].split()[:3] == [
            "rdo", "python3-oslo-config", "2:9.8.0-1.el9s",
        ]  # fmt: skip
        asked = [path for path, _ in server.requests]
        assert asked[0] == "/repodata/repomd.xml" and asked[1].endswith("-primary.xml.zst")
        again = rdotool("query", "python-oslo-config", "--repo", f"rdo={url}")
        assert [p for p, _ in server.requests][2:] == ["/repodata/repomd.xml"]  # cached
        assert again.stdout == online.stdout
    offline = rdotool("query", "python-oslo-config", "--repo", f"rdo={url}", "--offline")
    assert offline.exit_code == 0 and offline.stdout == online.stdout


def test_a_server_that_stops_answering_says_so_with_a_hint(
    rdotool: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server sends half of repomd.xml, then nothing: the read timeout (shortened
    here from 60 s) ends the query for that repository with a hint; 404 says so too."""
    import rdotool.adapters.http as http

    monkeypatch.setattr(http, "TIMEOUT", (2, 0.5))
    files = repository(tmp_path / "rdo", OSLO, "gz")
    with tarball_server() as server:
        server.files.update(files)
        server.mode = "stall"
        try:
            result = rdotool(
                "query", "python3-oslo-config", "--repo", f"slow={server.url('')}", "--json"
            )
        finally:
            server.release.set()
        assert result.exit_code == 0, result.stderr
        error = json.loads(result.stdout)["answers"][0]["error"]
        assert error == (
            f"{server.url('repodata/repomd.xml')} did not answer within 0.5 s (check the"
            " network or the server; --offline answers from the cache)"
        )
        server.mode = "ok"
        missing = rdotool(
            "query", "python3-oslo-config", "--repo", f"gone={server.url('nothing/')}", "--json"
        )
        error = json.loads(missing.stdout)["answers"][0]["error"]
        assert error.startswith(f"could not fetch {server.url('nothing/repodata/repomd.xml')}")
        assert "HTTP 404" in error


def test_broken_or_missing_metadata_says_so_per_repository(rdotool: RunCli, tmp_path: Path) -> None:
    repository(tmp_path / "good", OSLO)
    (tmp_path / "bad" / "repodata").mkdir(parents=True)
    (tmp_path / "bad" / "repodata" / "repomd.xml").write_text("<repomd")
    result = rdotool(
        "query", "python3-oslo-config", "--repo", f"good={tmp_path / 'good'}",
        "--repo", f"bad={tmp_path / 'bad'}", "--repo", f"gone={tmp_path / 'gone'}", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    answers = {a["repo"]: a for a in json.loads(result.stdout)["answers"]}
    assert answers["good"]["evr"] == "2:9.8.0-1.el9s"
    assert "repomd.xml is not valid XML" in answers["bad"]["error"]
    assert "cannot read" in answers["gone"]["error"]
    usage = rdotool("query", "python3-oslo-config")
    assert usage.exit_code == ExitCode.USAGE and "--repo NAME=URL" in usage.stderr


@pytest.mark.shared_data
def test_a_release_s_repositories_come_from_rdoinfo(
    rdotool: RunCli, shared_rdoinfo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline, with nothing cached: every distrepo of flamingo el9s is named, and says
    why it has no answer."""
    monkeypatch.setenv("RDOTOOL_RDOINFO", str(shared_rdoinfo))
    result = rdotool("query", "python3-oslo-config", "--release", "flamingo", "--offline", "--json")
    assert result.exit_code == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert answers[0]["repo"] == "RDO Flamingo el9s"
    assert answers[0]["url"].endswith("/openstack-flamingo/")
    assert all("no cached metadata" in a["error"] for a in answers)


REQUIRING_SPEC = """\
Name:           python-foo
Version:        1.2.0
Release:        1%{?dist}
Summary:        foo
License:        ASL 2.0
Source0:        https://example.org/foo-1.2.0.tar.gz
BuildArch:      noarch
BuildRequires:  python3-devel

%description
foo

%package -n python3-foo
Summary:        foo
Requires:       python3-oslo-config >= 2:9.0.0
Requires:       python3-requests >= 2.30
Requires:       python3-nowhere
%if 0%{?rhel} > 9
Requires:       python3-only-on-el10
%endif

%description -n python3-foo
foo

%package -n python3-foo-tests
Summary:        foo tests
Requires:       python3-foo = %{version}-%{release}

%description -n python3-foo-tests
tests

%files -n python3-foo
%files -n python3-foo-tests

%changelog
* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> 1.2.0-1
- first
"""


def test_reqquery_reports_each_requires_per_distro(rdotool: RunCli, tmp_path: Path) -> None:
    from tests.factories import commit_all, git

    repository(
        tmp_path / "repo",
        [*OSLO, ("python3-requests", "0", "2.25.1", "1.el9", "python-requests")],
        "zst",
    )
    distgit = tmp_path / "foo"
    distgit.mkdir()
    git(distgit, "init", "-q", "-b", "rpm-master")
    (distgit / "python-foo.spec").write_text(REQUIRING_SPEC)
    commit_all(distgit, "spec")
    args = ("reqquery", "--distgit", str(distgit), "--repo", f"rdo={tmp_path / 'repo'}")
    result = rdotool(*args, "--json")
    assert result.exit_code == 0, result.stderr
    rows = {
        r["dependency"]: (r["status"], r["provider"])
        for r in json.loads(result.stdout)["requirements"]
    }
    assert rows == {
        "python3-oslo-config >= 2:9.0.0": ("ok", "python3-oslo-config-2:9.8.0-1.el9s"),
        "python3-requests >= 2.30": ("unsatisfied", "python3-requests-2.25.1-1.el9"),
        "python3-nowhere": ("missing", None),
    }  # python3-foo (the spec's own) is not asked; el10's Requires not on el9s
    strict = rdotool(*args, "--strict")
    assert strict.exit_code == ExitCode.CHECK_FAILED
    assert "python-foo.spec (el9s): 2 dependencies not met" in strict.stderr
    el10 = json.loads(rdotool(*args, "--distro", "el10s", "--json").stdout)["requirements"]
    assert ("python3-only-on-el10", "missing") in {(r["dependency"], r["status"]) for r in el10}


@pytest.mark.shared_data
def test_uc_report_with_repositories(rdotool: RunCli, shared_rdoinfo: Path, tmp_path: Path) -> None:
    """The dashboard's 'UC vs repo' columns: what a repository ships of each package,
    against the UC version (epoxy's UC file pins oslo.config 9.7.2)."""
    from tests.conftest import SHARED_DATA

    repository(
        tmp_path / "trunk",
        [
            ("python3-oslo-config", "2", "9.7.2", "1.el9s", "python-oslo-config"),
            ("python3-oslo-log", "0", "1.0.0", "1.el9s", "python-oslo-log"),
            ("python3-oslo-utils", "0", "99.0.0", "1.el9s", "python-oslo-utils"),
        ],
    )
    args = (
        "uc", "report", "--release", "epoxy", "--rdoinfo", str(shared_rdoinfo),
        "--uc-file", str(SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"),
        "--repo", f"trunk={tmp_path / 'trunk'}", "--distro", "el9s",
    )  # fmt: skip
    data = json.loads(rdotool(*args, "--json").stdout)["distros"]["el9s"]
    rows = {r["name"]: r["repos"] for r in data["rows"]}
    assert rows["oslo.config"] == [
        {"repo": "trunk", "package": "python3-oslo-config", "version": "9.7.2", "versus": "equal"}
    ]
    assert rows["oslo.log"][0]["versus"] == "lower"
    assert rows["oslo.utils"][0]["versus"] == "higher"
    assert rows["oslo.i18n"] == [
        {"repo": "trunk", "package": None, "version": None, "versus": None}
    ]
    text = rdotool(*args)
    assert text.exit_code == 0, text.stderr
    header = text.stdout.splitlines()[1].split()
    assert header[-1] == "trunk"
    line = next(ln for ln in text.stdout.splitlines() if ln.startswith("oslo.config "))
    assert line.endswith("9.7.2 =")


def test_a_corrupt_primary_says_so(rdotool: RunCli, tmp_path: Path) -> None:
    files = repository(tmp_path / "rdo", OSLO, "gz")
    primary = next(p for p in files if p.endswith(".gz"))
    (tmp_path / "rdo" / primary).write_bytes(b"\x1f\x8b not gzip at all")
    result = rdotool("query", "python3-oslo-config", "--repo", f"rdo={tmp_path / 'rdo'}", "--json")
    assert result.exit_code == 0, result.stderr
    error = json.loads(result.stdout)["answers"][0]["error"]
    assert "primary.xml.gz cannot be decompressed" in error
