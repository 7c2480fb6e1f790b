"""Builders for real git repositories used by the tests."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git in `cwd` and return its stdout (fails the test on error, unless check=False,
    which returns stderr for a failed command)."""
    result = subprocess.run(["git", *args], cwd=cwd, check=check, capture_output=True, text=True)
    if result.returncode != 0:
        return result.stderr.strip() or f"exit {result.returncode}"
    return result.stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_rdoinfo_remote(tmp_path: Path, source: Path) -> tuple[str, Path]:
    """A bare rdoinfo repository (file:// URL) and a work tree that pushes to it."""
    work = tmp_path / "rdoinfo-work"
    shutil.copytree(source, work)
    git(work, "init", "-q", "-b", "master")
    commit_all(work, "Initial rdoinfo")
    bare = tmp_path / "rdoinfo.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    git(work, "remote", "add", "origin", str(bare))
    return f"file://{bare}", work


SPEC_TEMPLATE = """\
%{{!?upstream_version: %global upstream_version %{{version}}%{{?milestone}}}}
%global pypi_name foo

Name:           python-%{{pypi_name}}
{epoch}Version:        {version}
Release:        {release}
Summary:        A test library

License:        Apache-2.0
URL:            https://opendev.org/openstack/foo
Source0:        {source0}
{patches}
BuildArch:      noarch

%description
Foo.

%prep
{prep}

%build

%install

%files

%changelog
* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> {evr}
- Update to {version}
"""


def make_spec(
    version: str = "1.2.0",
    release: str = "1%{?dist}",
    patches: str = "",
    prep: str = "%autosetup -n %{pypi_name}-%{upstream_version} -S git",
    epoch: str | None = None,
    source0: str = "https://tarballs.opendev.org/openstack/%{pypi_name}/%{pypi_name}-%{upstream_version}.tar.gz",
) -> str:
    evr = f"{epoch + ':' if epoch else ''}{version}-{release.replace('%{?dist}', '')}"
    return SPEC_TEMPLATE.format(
        version=version,
        release=release,
        patches=patches,
        prep=prep,
        epoch=f"Epoch:          {epoch}\n" if epoch else "",
        evr=evr,
        source0=source0,
    )


def make_single_repo_distgit(
    root: Path,
    tags: tuple[str, ...] = ("1.2.0", "1.3.0"),
    patches: tuple[str, ...] = ("Fix a bug", "Add a feature (rhbz#1234)"),
    base_tag: str = "1.2.0",
    spec: str | None = None,
    branch: str = "rpm-master",
) -> Path:
    """A distgit holding everything (single-repo layout): upstream history with version
    tags, a patches branch `<branch>-patches` on `base_tag`, and the distgit branch.

    Each shape is built once per test process and copied (it has no remote, so a copy
    is a repository of its own), as copier's tests copy a module's template."""
    key = (tags, patches, base_tag, spec, branch)
    if key not in _TEMPLATES:
        if not _TEMPLATES:
            atexit.register(shutil.rmtree, _TEMPLATE_DIR, True)
        made = _TEMPLATE_DIR / str(len(_TEMPLATES))
        made.mkdir(parents=True)
        _TEMPLATES[key] = _build_single_repo_distgit(made, tags, patches, base_tag, spec, branch)
    repo = root / "distgit"
    shutil.copytree(_TEMPLATES[key], repo, symlinks=True)
    return repo


_TEMPLATE_DIR = Path(tempfile.gettempdir()) / f"rdotool-templates-{os.getpid()}"
_TEMPLATES: dict[tuple[object, ...], Path] = {}


def _build_single_repo_distgit(
    root: Path,
    tags: tuple[str, ...],
    patches: tuple[str, ...],
    base_tag: str,
    spec: str | None,
    branch: str,
) -> Path:
    repo = root / "distgit"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "upstream")
    (repo / "foo.py").write_text("VERSION = 0\n")
    (repo / "requirements.txt").write_text("pbr>=2.0.0\nsix>=1.10.0\n")
    commit_all(repo, "Initial upstream")
    for index, tag in enumerate(tags):
        (repo / "foo.py").write_text(f"VERSION = {index + 1}\n")
        commit_all(repo, f"Release {tag}")
        git(repo, "tag", tag)
    git(repo, "checkout", "-q", "-b", f"{branch}-patches", base_tag)
    for index, subject in enumerate(patches):
        (repo / f"patch{index}.txt").write_text(f"{subject}\n")
        commit_all(repo, subject)
    git(repo, "checkout", "-q", "--orphan", branch)
    git(repo, "rm", "-q", "-rf", ".")
    (repo / "python-foo.spec").write_text(spec or make_spec(version=base_tag))
    (repo / "sources").write_text("")
    commit_all(repo, "Initial distgit")
    return repo


def add_upstream_tag(
    repo: Path, tag: str, files: dict[str, str] | None = None, base: str = "upstream"
) -> str:
    """Commit `files` on the upstream branch of a single-repo distgit and tag it."""
    current = git(repo, "symbolic-ref", "--short", "HEAD")
    git(repo, "checkout", "-q", base)
    for name, text in (files or {"foo.py": f"VERSION = '{tag}'\n"}).items():
        (repo / name).write_text(text)
    commit_all(repo, f"Release {tag}")
    git(repo, "tag", tag)
    sha = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", current)
    return sha


def make_tarball(name: str, version: str, files: dict[str, bytes] | None = None) -> bytes:
    """A small .tar.gz such as upstream publishes (files under NAME-VERSION/); the same
    bytes at every call (gzip's header carries a time, fixed at 0 here)."""
    import gzip
    import io
    import tarfile

    files = files or {"foo.py": f"VERSION = '{version}'\n".encode()}
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as compressed,
        tarfile.open(fileobj=compressed, mode="w") as archive,
    ):
        for path, data in files.items():
            info = tarfile.TarInfo(f"{name}-{version}/{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def make_separate_remotes_distgit(tmp_path: Path, **kwargs: Any) -> Path:
    """The layout `rdotool clone` makes: a distgit cloned from its own repository, with
    `upstream` (tags) and `patches` (`patches/<branch>-patches`) remotes and no local
    patches branch."""
    (tmp_path / "src").mkdir()
    source = make_single_repo_distgit(tmp_path / "src", **kwargs)
    branch = kwargs.get("branch", "rpm-master")
    upstream, patches, distgit_remote = (tmp_path / n for n in ("up.git", "pa.git", "dg.git"))
    for bare in (upstream, patches, distgit_remote):
        git(tmp_path, "init", "-q", "--bare", str(bare))
    git(source, "push", "-q", "--tags", str(upstream), "upstream:refs/heads/master")
    git(source, "push", "-q", str(patches), f"{branch}-patches")
    git(source, "push", "-q", str(distgit_remote), branch)
    clone = tmp_path / "openstack-foo"
    git(tmp_path, "clone", "-q", "-b", branch, str(distgit_remote), str(clone))
    git(clone, "remote", "add", "upstream", str(upstream))
    git(clone, "remote", "add", "patches", str(patches))
    git(clone, "fetch", "-q", "--all", "--tags")
    return clone
