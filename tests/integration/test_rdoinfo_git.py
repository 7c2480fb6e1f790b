"""rdoinfo from a git URL: cloned into the cache, fetched when stale, cached copy as fallback."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from rdotool.adapters import rdoinfo_files, rdoinfo_repo
from rdotool.config import Settings
from rdotool.errors import ExitCode, InputError, RdoinfoFetchError, UsageError
from rdotool.ops.rdoinfo import load_rdoinfo
from tests.conftest import BASIC_RDOINFO
from tests.factories import commit_all, git, make_rdoinfo_remote


@pytest.fixture
def remote(tmp_path: Path) -> tuple[str, Path]:
    return make_rdoinfo_remote(tmp_path, BASIC_RDOINFO)


def settings_for(url: str, tmp_path: Path, **extra: object) -> Settings:
    return Settings(rdoinfo=url, cache_dir=tmp_path / "cache", **extra)  # type: ignore[arg-type]


def age_clone(path: Path, seconds: int) -> None:
    marker = path / ".git" / "rdotool-fetched"
    past = time.time() - seconds
    os.utime(marker, (past, past))


def test_clone_into_cache_and_key_parsed_cache_by_commit(
    remote: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, work = remote
    settings = settings_for(url, tmp_path)
    first = load_rdoinfo(settings)
    clone = rdoinfo_repo.clone_dir(settings.cache_dir, url)
    assert first.path == clone
    assert first.commit == git(work, "rev-parse", "HEAD")
    assert first.from_cache is False
    assert len(first.rdoinfo.packages()) == 7

    monkeypatch.setattr(rdoinfo_files, "load_documents", lambda *a: pytest.fail("parsed YAML"))
    second = load_rdoinfo(settings)
    assert second.from_cache is True and second.commit == first.commit


def test_fresh_clone_is_not_fetched_stale_one_is(remote: tuple[str, Path], tmp_path: Path) -> None:
    url, work = remote
    settings = settings_for(url, tmp_path, fetch_age=3600)
    first = load_rdoinfo(settings)
    pin = work / "tags" / "epoxy.yml"
    pin.write_text(pin.read_text().replace("9.7.1", "9.8.0"))
    new_commit = commit_all(work, "Bump oslo-config in epoxy")
    git(work, "push", "-q", "origin", "master")

    assert load_rdoinfo(settings).commit == first.commit  # younger than fetch-age
    age_clone(first.path, 7200)
    refreshed = load_rdoinfo(settings)
    assert refreshed.commit == new_commit
    assert refreshed.from_cache is False  # new commit, new parse
    oslo = next(p for p in refreshed.rdoinfo.packages("epoxy") if p["project"] == "oslo-config")
    assert oslo["source-branch"] == "9.8.0"


def test_force_fetch_ignores_age(remote: tuple[str, Path], tmp_path: Path) -> None:
    url, work = remote
    settings = settings_for(url, tmp_path)
    load_rdoinfo(settings)
    (work / "NEWS").write_text("x\n")
    new_commit = commit_all(work, "news")
    git(work, "push", "-q", "origin", "master")
    assert load_rdoinfo(settings, force_fetch=True).commit == new_commit


def test_unreachable_url_with_cache_warns_and_uses_it(
    remote: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = remote
    settings = settings_for(url, tmp_path, fetch_age=0)
    first = load_rdoinfo(settings)
    shutil.rmtree(tmp_path / "rdoinfo.git")
    loaded = load_rdoinfo(settings)
    assert loaded.commit == first.commit
    assert len(loaded.rdoinfo.packages()) == 7
    (warning,) = loaded.warnings
    assert warning.startswith(
        f"could not fetch rdoinfo (git fetch of {url} failed: "
        f"'{tmp_path}/rdoinfo.git' does not appear to be a git repository); "
    )
    assert "using the cached copy from 20" in warning


def test_unreachable_url_without_cache_fails(tmp_path: Path) -> None:
    url = f"file://{tmp_path}/no-such-rdoinfo.git"
    with pytest.raises(RdoinfoFetchError) as err:
        load_rdoinfo(settings_for(url, tmp_path))
    assert err.value.exit_code == ExitCode.EXTERNAL
    assert err.value.message == (
        f"could not clone rdoinfo from {url}: "
        f"'{tmp_path}/no-such-rdoinfo.git' does not appear to be a git repository"
    )
    assert "--rdoinfo PATH" in (err.value.hint or "")
    assert not rdoinfo_repo.clone_dir(tmp_path / "cache", url).exists()


def test_offline_never_fetches_and_needs_a_cache(remote: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = remote
    with pytest.raises(InputError, match=r"no cached copy of rdoinfo .* --offline is set"):
        load_rdoinfo(settings_for(url, tmp_path, offline=True))
    load_rdoinfo(settings_for(url, tmp_path))
    shutil.rmtree(tmp_path / "rdoinfo.git")
    offline = load_rdoinfo(settings_for(url, tmp_path, offline=True, fetch_age=0))
    assert offline.warnings == ()


def test_fetch_and_offline_together_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_rdoinfo(settings_for("file:///x.git", tmp_path, offline=True), force_fetch=True)


@pytest.mark.parametrize(
    ("location", "url"),
    [
        ("https://github.com/redhat-openstack/rdoinfo.git", True),
        ("file:///srv/rdoinfo.git", True),
        ("git@github.com:redhat-openstack/rdoinfo.git", True),
        ("/home/me/rdoinfo", False),
        ("rdoinfo", False),
    ],
)
def test_is_url(location: str, url: bool) -> None:
    assert rdoinfo_repo.is_url(location) is url


def test_clone_reports_progress(remote: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = remote
    reports: list[tuple[str, float, float | None]] = []
    load_rdoinfo(settings_for(url, tmp_path), progress=lambda *r: reports.append(r))
    stages = {stage for stage, _, _ in reports}
    assert "receiving objects" in stages
    receiving = [r for r in reports if r[0] == "receiving objects"]
    assert receiving[-1][1] == receiving[-1][2]  # the last report says done == total
