"""`rdotool clone`: a package's distgit from rdoinfo, with its remotes set up and fetched.

Remotes: `origin` (distgit, or master-distgit for the development release), `upstream`,
`patches`, `review-origin` and `review-patches` (Gerrit ssh URLs, `--review-user` put
in). A target directory that is already the package's distgit only gets its remotes
fixed up; any other existing directory is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdotool.adapters import git
from rdotool.adapters.files import move, remove_tree
from rdotool.adapters.git import GitError, Repo
from rdotool.core.build import is_plain_file_name
from rdotool.core.gerrit import with_ssh_user
from rdotool.core.package_query import strip_project_url
from rdotool.core.rdoinfo import Package, Rdoinfo
from rdotool.errors import ExternalError, InputError, UsageError
from rdotool.ops.context import RunContext
from rdotool.ops.info import find_package

REMOTE_KEYS = (
    ("upstream", "upstream"),
    ("patches", "patches"),
    ("review-origin", "review-origin"),
    ("review-patches", "review-patches"),
)


@dataclass(frozen=True)
class RemoteReport:
    """One remote after clone: where it points and what happened to it."""

    name: str
    url: str | None
    action: str  # cloned, added, updated, kept, missing (no URL in rdoinfo)
    fetched: bool = False
    error: str | None = None


@dataclass(frozen=True)
class CloneResult:
    """What `rdotool clone` did."""

    package: str
    path: str
    url: str
    branch: str | None
    cloned: bool  # False: the directory was already this distgit
    remotes: list[RemoteReport]
    branches: list[str]
    notes: list[str] = field(default_factory=list)


def choose_source(
    rdoinfo: Rdoinfo, package: Package, branch: str | None, release: str | None
) -> tuple[str, str | None]:
    """The distgit URL and branch: --branch, else the release's (default: development)."""
    development = rdoinfo.development_release()
    chosen = rdoinfo.release(release) if release else (None if branch else development)
    is_development = (
        chosen is not None and development is not None and (chosen["name"] == development["name"])
    )
    url = package.get("master-distgit") if is_development else None
    url = url or package.get("distgit")
    if not url:
        raise InputError(f"{package['name']} has no distgit in rdoinfo", "nothing to clone")
    return str(url), branch or (str(chosen["branch"]) if chosen and chosen.get("branch") else None)


def _same_repository(a: str | None, b: str) -> bool:
    return a is not None and strip_project_url(a).lower() == strip_project_url(b).lower()


@dataclass(frozen=True)
class CloneRequest:
    """What `rdotool clone` was asked."""

    package: str
    dest: Path | None = None
    branch: str | None = None
    release: str | None = None
    review_user: str | None = None
    fetch: bool = True
    extra_remotes: tuple[str, ...] = ()
    fetch_rdoinfo: bool = False


def clone(run: RunContext, request: CloneRequest) -> CloneResult:
    """`rdotool clone`: the package's distgit from rdoinfo, with its remotes."""
    if request.branch and request.release:
        raise UsageError("--branch and --release both choose the branch", "give one of them")
    rdoinfo = run.rdoinfo(request.fetch_rdoinfo).rdoinfo
    with run.progress("clone") as progress:
        return clone_package(
            rdoinfo,
            request.package,
            request.dest,
            request.branch,
            request.release,
            request.review_user,
            request.fetch,
            request.extra_remotes,
            progress,
        )


def clone_package(
    rdoinfo: Rdoinfo,
    query: str,
    dest: Path | None = None,
    branch: str | None = None,
    release: str | None = None,
    review_user: str | None = None,
    fetch: bool = True,
    extra_remotes: tuple[str, ...] = (),
    progress: git.ProgressCallback | None = None,
) -> CloneResult:
    """Clone (or fix up) a package's distgit; see the module docstring."""
    package = find_package(rdoinfo, query, strict=True)
    url, target_branch = choose_source(rdoinfo, package, branch, release)
    if dest is None and not is_plain_file_name(str(package["name"])):
        raise InputError(
            f"rdoinfo names the package {package['name']!r}, which is not a plain directory name",
            "give the directory to clone into: rdotool clone PACKAGE DIR",
        )
    path = dest or Path(package["name"])
    notes: list[str] = []
    remotes: list[RemoteReport] = []
    staging: Path | None = None
    if path.exists():
        repo = _existing_distgit(path, url, package)
        cloned = False
        remotes.append(RemoteReport("origin", url, repo.set_remote("origin", url)))
    else:
        # a new clone is made beside DIR and renamed into place once its remotes are set:
        # an error or a signal leaves no half-set-up DIR behind
        staging = path.parent / f".{path.name}.rdotool-clone"
        remove_tree(staging)
        try:
            git.clone(url, staging, progress, branch=target_branch)
        except BaseException as exc:
            remove_tree(staging)
            if isinstance(exc, GitError):
                raise _clone_error(package["name"], url, target_branch, exc) from exc
            raise
        repo = Repo(staging)
        cloned = True
        remotes.append(RemoteReport("origin", url, "cloned", fetched=True))
    try:
        _set_up_remotes(repo, package, review_user, fetch, extra_remotes, remotes, notes)
        if staging is not None:
            move(staging, path)
            repo = Repo(path)
    except BaseException:
        if staging is not None:
            remove_tree(staging)
        raise
    return CloneResult(
        package=package["name"],
        path=str(repo.path),
        url=url,
        branch=repo.current_branch(),
        cloned=cloned,
        remotes=remotes,
        branches=repo.branches(),
        notes=notes,
    )


def _clone_error(name: str, url: str, branch: str | None, exc: GitError) -> Exception:
    reason = exc.message.split(": ", 1)[-1]
    if branch and "not found in upstream" in reason:
        return InputError(
            f"the distgit of {name} ({url}) has no branch {branch}",
            "check the release's branch with `rdotool releases`, or pass --branch",
        )
    return ExternalError(
        f"could not clone {name} from {url}: {reason}",
        "check the URL and your network (rdoinfo may name another mirror), or pass --branch",
    )


def _set_up_remotes(
    repo: Repo,
    package: Package,
    review_user: str | None,
    fetch: bool,
    extra_remotes: tuple[str, ...],
    remotes: list[RemoteReport],
    notes: list[str],
) -> None:
    """Add (or point) the remotes rdoinfo names, fetching each unless told not to."""
    for name, key in (*REMOTE_KEYS, *((key, key) for key in extra_remotes)):
        remote_url = package.get(key)
        if name.startswith("review-"):
            remote_url = with_ssh_user(remote_url, review_user)
        if not remote_url:
            remotes.append(RemoteReport(name, None, "missing"))
            notes.append(f"{package['name']} has no {key} in rdoinfo: no {name} remote")
            continue
        action = repo.set_remote(name, str(remote_url))
        fetched, error = False, None
        if fetch:
            try:
                repo.fetch(name)
                fetched = True
            except GitError as exc:
                error = exc.message.split(" failed: ", 1)[-1]
                notes.append(f"could not fetch {name} ({remote_url}): {error}; skipped")
        remotes.append(RemoteReport(name, str(remote_url), action, fetched, error))


def _existing_distgit(path: Path, url: str, package: Package) -> Repo:
    """The repository at `path` if it is this package's distgit; InputError otherwise."""
    refuse = InputError(
        f"{path} exists and is not the distgit of {package['name']}",
        "remove it, or clone into another directory: rdotool clone PACKAGE DIR",
    )
    if not (path / ".git").exists():
        raise refuse
    repo = Repo(path)
    if _same_repository(repo.remote_url("origin"), url):
        return repo
    if (repo.path / f"{package['name']}.spec").exists():
        return repo
    raise refuse
