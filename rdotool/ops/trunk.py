"""Trunk builds: the upstream commit turned into the tarball and the spec DLRN would make.

`prepare_trunk` works as DLRN's scripts/build_srpm.sh does, on a private clone of the
upstream repository (the distgit's `upstream` remote, or `--upstream PATH|URL`), so that
neither the distgit nor an upstream checkout is touched:

1. the clone is checked out at REF, and DLRN's `private-*` tags are dropped;
2. the upstream version: `python setup.py --version` for Python projects (pbr's
   `9.8.1.dev12`), `metadata.json` for puppet modules, otherwise `git describe`
   (a commit after the newest tag bumps its last number, as DLRN does);
3. the tarball: `python setup.py sdist` for Python projects; otherwise the tree, without
   .git, under `NAME-UPSTREAMVERSION/`, in `VERSION.tar.gz` (DLRN's names);
4. SOURCES: the distgit's files and the tarball as `BASE-RELEASE.tar.gz`; the spec
   rendered by core/dlrn.py beside them.

The build itself (SRPM, mock, rpmbuild, Koji) is ops/build.py's.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rdotool.adapters import process
from rdotool.adapters.files import (
    copy_entries,
    move,
    read_text,
    remove_tree,
    write_atomic,
    write_tarball,
)
from rdotool.adapters.git import GitError, Repo
from rdotool.core.dlrn import TrunkVersion, render_spec, trunk_version
from rdotool.errors import InputError
from rdotool.ops.distgit import Distgit, UpstreamBranches, upstream_ref

# rdotool's own results directories are not sources (DLRN copies the whole checkout;
# copy_entries leaves hidden entries such as .git out by itself)
_NOT_SOURCES = ("results_",)


@dataclass(frozen=True)
class TrunkOptions:
    """What `build --trunk` was told (None: found as DLRN finds it)."""

    ref: str | None = None  # upstream branch, tag or commit; default: the release's branch
    upstream: str | None = None  # PATH|URL; default: the distgit's `upstream` remote
    numbering: str = "0.date.hash"  # DLRN's release numbering
    minor: str | None = None  # for minor.date.hash
    python: str | None = None  # runs setup.py; default: the Python running rdotool


@dataclass(frozen=True)
class TrunkSource:
    """A prepared trunk build: the rendered spec and the sources beside it."""

    spec: Path
    sources: Path
    trunk: TrunkVersion
    commit: str  # the upstream commit, in full
    ref: str  # what REF named
    upstream: str  # where the upstream came from
    tarball: str  # its name in SOURCES


def prepare_trunk(
    distgit: Distgit,
    options: TrunkOptions,
    workdir: Path,
    built_at: datetime,
    branches: UpstreamBranches | None = None,
) -> TrunkSource:
    """Clone upstream into `workdir`, make the tarball and render the spec there."""
    clone = workdir / "upstream"
    source, ref = clone_upstream(distgit, options, clone, branches)
    repo = Repo(clone)
    commit = _checkout(repo, ref, source)
    _drop_tags(repo, ("private-*",))
    kind = _project_kind(clone)
    if kind == "python":
        python = options.python or sys.executable
        upstream_version = _setup_py_version(clone, python, workdir / "setup-version.log")
    else:
        upstream_version = _version_from_tags(repo, clone)
    trunk = trunk_version(upstream_version, commit, built_at, options.numbering, options.minor)
    sources = workdir / "SOURCES"
    # every file of the distgit (DLRN's `cp -a *`), not rdotool's results directories
    copy_entries(distgit.path, sources, skip=_NOT_SOURCES)
    if kind == "python":
        made = _sdist(clone, options.python or sys.executable, workdir / "sdist.log")
    else:
        made = _archive(clone, repo, trunk, workdir, _repository_name(source))
    tarball = trunk.source_name(made.name)
    move(made, sources / tarball)
    spec_text = read_text(distgit.spec_path, "spec")
    spec = sources / distgit.spec_path.name
    write_atomic(spec, render_spec(spec_text, trunk, tarball).encode("utf-8"))
    return TrunkSource(spec, sources, trunk, commit, ref, source, tarball)


def clone_upstream(
    distgit: Distgit, options: TrunkOptions, clone: Path, branches: UpstreamBranches | None
) -> tuple[str, str]:
    """A private clone of upstream in `clone` (no work tree checked out); (where it came
    from, the ref to build)."""
    repo = distgit.repo
    if options.upstream:
        source = options.upstream
        local = Path(source).expanduser()
        shared = ["--shared"] if local.is_dir() else []
        _git_clone(repo, [*shared, str(local) if local.is_dir() else source], clone)
        return source, options.ref or _default_branch(Repo(clone))
    fetched = upstream_ref(distgit, branches) if options.ref is None else None
    if fetched is None and options.ref is None:
        raise InputError(
            f"{distgit.path} has no fetched upstream branch for {distgit.branch}",
            "fetch it (git fetch upstream), pass --ref REF, or --upstream PATH|URL",
        )
    # the distgit holds upstream's commits and tags (rdotool clone fetches them)
    _git_clone(repo, ["--shared", str(distgit.path)], clone)
    Repo(clone).run(
        "fetch", "--quiet", str(distgit.path), "+refs/remotes/upstream/*:refs/remotes/origin/*"
    )
    url = repo.config("remote.upstream.url") or str(distgit.path)
    ref = options.ref or str(fetched).removeprefix("upstream/")
    return url, ref


def _git_clone(distgit: Repo, args: list[str], clone: Path) -> None:
    """`git clone --no-checkout ARGS CLONE` (run from the distgit: any directory would do)."""
    clone.parent.mkdir(parents=True, exist_ok=True)
    try:
        distgit.run("clone", "--quiet", "--no-checkout", *args, str(clone))
    except GitError as exc:
        raise InputError(
            f"cannot clone the upstream repository: {exc.message}",
            "pass --upstream PATH|URL of the project's git repository",
        ) from exc


def _default_branch(repo: Repo) -> str:
    head = repo.try_run("symbolic-ref", "--short", "refs/remotes/origin/HEAD")
    return head.removeprefix("origin/") if head else "master"


def resolve(repo: Repo, ref: str, source: str) -> str:
    """The commit `ref` names in a clone: a branch of upstream, a tag or a commit."""
    for candidate in (f"refs/remotes/origin/{ref}", f"refs/tags/{ref}", ref):
        sha = repo.rev_parse(candidate)
        if sha is not None:
            return sha
    raise InputError(
        f"upstream {source} has no branch, tag or commit {ref}",
        "name another with --ref, or fetch upstream (git fetch upstream)",
    )


def _checkout(repo: Repo, ref: str, source: str) -> str:
    """Check the clone out at `ref`."""
    sha = resolve(repo, ref, source)
    repo.run("checkout", "--quiet", "--detach", sha)
    return sha


def _drop_tags(repo: Repo, patterns: tuple[str, ...]) -> None:
    """Delete tags DLRN deletes before reading versions (they are the clone's own)."""
    names = repo.run("tag", "--list", *patterns).split()
    if names:
        repo.run("tag", "--delete", *names)


def _project_kind(tree: Path) -> str:
    if (tree / "setup.py").is_file() and not (tree / "metadata.json").is_file():
        return "python"
    if any(tree.glob("*.gemspec")):
        raise InputError(
            f"{tree.name}: Ruby gem projects are not built as DLRN builds them yet",
            "build the gem's tarball by hand and use a plain `rdotool build`",
        )
    return "tree"


def _run_python(tree: Path, python: str, args: list[str], log: Path) -> list[str]:
    code = process.run_logged([python, "setup.py", *args], log, cwd=tree)
    lines = process.tail(log, 200)
    if code != 0:
        missing = next((ln for ln in lines if "No module named" in ln), None)
        raise InputError(
            f"`{python} setup.py {' '.join(args)}` failed in the upstream tree (exit {code})"
            + (f": {missing.strip()}" if missing else ""),
            "install pbr and setuptools for that Python (dnf/apt-get install python3-pbr),"
            f" or name another with --python; log: {log}",
            lines[-10:],
        )
    return lines


def _setup_py_version(tree: Path, python: str, log: Path) -> str:
    """`setup.py --version`'s last line, as DLRN reads it (pbr may print warnings)."""
    for info in tree.glob("*.egg-info"):
        remove_tree(info)
    lines = [ln.strip() for ln in _run_python(tree, python, ["-q", "--version"], log)]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise InputError(f"`setup.py --version` printed nothing in {tree}", f"see {log}")
    return lines[-1]


def _sdist(tree: Path, python: str, log: Path) -> Path:
    _run_python(tree, python, ["-q", "sdist"], log)
    made = sorted((tree / "dist").glob("*.tar.gz"))
    if len(made) != 1:
        raise InputError(f"`setup.py sdist` made {len(made)} tarballs in {tree / 'dist'}")
    return made[0]


def _version_from_tags(repo: Repo, tree: Path) -> str:
    """metadata.json's or Modulefile's version, else the newest tag; a commit after that
    tag bumps the last number (DLRN's post-version); 0.0.1 without either."""
    _drop_tags(repo, ("*-em", "*-eol", "*-eom"))
    version = ""
    metadata = tree / "metadata.json"
    if metadata.is_file():
        try:
            version = str(json.loads(read_text(metadata, "metadata.json")).get("version") or "")
        except ValueError as exc:
            raise InputError(f"{metadata} is not valid JSON") from exc
    if not version:
        version = _strip_v(repo.try_run("describe", "--abbrev=0", "--tags") or "")
    if version:
        described = _strip_v(repo.try_run("describe", "--tags") or "")
        current = _strip_v(repo.try_run("describe", "--abbrev=0", "--tags") or "")
        if described != current and version == current and "-rc" not in version:
            head, _, last = version.rpartition(".")
            if last.isdigit():
                version = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return version or "0.0.1"


def _strip_v(tag: str) -> str:
    return tag[1:] if tag[:1] in ("v", "V", "r", "R") else tag


def _archive(clone: Path, repo: Repo, trunk: TrunkVersion, workdir: Path, fallback: str) -> Path:
    """The tree as DLRN archives it: `VERSION.tar.gz` holding `NAME-UPSTREAMVERSION/`."""
    name = _tarname(clone, repo, fallback)
    target = workdir / "dist" / f"{trunk.version}.tar.gz"
    write_tarball(target, clone, f"{name}-{trunk.upstream_version}")
    return target


def _tarname(clone: Path, repo: Repo, fallback: str) -> str:
    """DLRN's top directory name: a puppet module's `openstack-*` name, else the
    repository's name from its URL, else the project (here: the upstream's name)."""
    metadata = clone / "metadata.json"
    if metadata.is_file():
        try:
            module = str(json.loads(read_text(metadata, "metadata.json")).get("name") or "")
        except ValueError:
            module = ""
        if "openstack" in module:
            return module
    if metadata.is_file() or (clone / "Modulefile").is_file():
        return _repository_name(repo.config("remote.origin.url") or "") or fallback
    return fallback


def _repository_name(location: str) -> str:
    """`oslo.config` for https://opendev.org/openstack/oslo.config(.git) or a path."""
    return location.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
