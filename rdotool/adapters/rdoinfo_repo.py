"""Where rdoinfo lives on disk: a local directory, or a git URL cloned into the cache.

A clone lives in `<cache-dir>/rdoinfo/<name>-<hash of URL>/` and is fetched again when
its last fetch is older than `fetch-age` seconds. When fetching fails, the cached copy
is used and a warning says so; when there is no cached copy, the error says how to
get one.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import NamedTuple

from rdotool.adapters import git
from rdotool.errors import InputError, RdoinfoFetchError, RdoinfoNotFoundError, UsageError

_MARKER = "rdotool-fetched"  # in .git/: touched after every successful clone or fetch
_SCP_LIKE = re.compile(r"^[\w.-]+@[\w.-]+:")


class RdoinfoCheckout(NamedTuple):
    """An rdoinfo tree on disk and how it got there (a NamedTuple: see config.Settings)."""

    path: Path
    url: str | None = None  # None: a local directory given by the user
    commit: str | None = None  # HEAD of a cached clone (the parsed-cache key)
    fetched: bool = False  # cloned or fetched during this run
    warnings: tuple[str, ...] = ()


def is_url(location: str) -> bool:
    """True for git URLs (`https://…`, `file://…`, `ssh://…`, `user@host:path`)."""
    return "://" in location or bool(_SCP_LIKE.match(location))


def clone_dir(cache_dir: Path, url: str) -> Path:
    """The cache directory that holds the clone of `url`."""
    name = re.sub(r"[^\w.-]", "_", url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"))
    digest = _sha1_hex(url.encode("utf-8"))[:10]
    return cache_dir / "rdoinfo" / f"{name or 'rdoinfo'}-{digest}"


def last_fetch(path: Path) -> float | None:
    """When the clone was last cloned or fetched (epoch seconds), if known."""
    gdir = git.git_dir(path)
    if gdir is None:
        return None
    try:
        return (gdir / _MARKER).stat().st_mtime
    except OSError:
        return None


def _mark_fetched(path: Path) -> None:
    gdir = git.git_dir(path)
    if gdir is not None:
        (gdir / _MARKER).touch()


def _stamp(epoch: float | None) -> str:
    from datetime import datetime

    if epoch is None:
        return "an unknown time"
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def locate(
    location: str,
    cache_dir: Path,
    *,
    fetch_age: int,
    offline: bool = False,
    force_fetch: bool = False,
    progress: git.ProgressCallback | None = None,
) -> RdoinfoCheckout:
    """Find (and for a URL, clone or refresh) the rdoinfo tree named by `location`."""
    if force_fetch and offline:
        raise UsageError("--fetch and --offline contradict each other", "drop one of them")
    if not is_url(location):
        path = Path(location).expanduser()
        if not path.is_dir():
            raise RdoinfoNotFoundError(
                f"rdoinfo directory {path} does not exist",
                "pass --rdoinfo PATH to an rdoinfo checkout, or a git URL",
            )
        return RdoinfoCheckout(path=path.resolve())
    return _locate_clone(location, cache_dir, fetch_age, offline, force_fetch, progress)


def _locate_clone(
    url: str,
    cache_dir: Path,
    fetch_age: int,
    offline: bool,
    force_fetch: bool,
    progress: git.ProgressCallback | None,
) -> RdoinfoCheckout:
    path = clone_dir(cache_dir, url)
    if git.git_dir(path) is None:
        if offline:
            raise InputError(
                f"there is no cached copy of rdoinfo from {url} and --offline is set",
                "run once without --offline to clone it, or pass --rdoinfo PATH",
            )
        _clone_atomically(url, path, progress)
        return RdoinfoCheckout(path, url, git.read_head_commit(path), fetched=True)

    warnings: list[str] = []
    fetched = False
    when = last_fetch(path)
    stale = force_fetch or when is None or time.time() - when >= fetch_age
    if stale and not offline:
        try:
            git.fetch_and_reset(path, progress)
            _mark_fetched(path)
            fetched = True
        except git.GitError as exc:
            warnings.append(
                f"could not fetch rdoinfo ({exc.message}); "
                f"using the cached copy from {_stamp(when)}"
            )
    return RdoinfoCheckout(path, url, git.read_head_commit(path), fetched, tuple(warnings))


def _clone_atomically(url: str, path: Path, progress: git.ProgressCallback | None) -> None:
    import shutil
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".clone-", dir=path.parent))
    try:
        git.clone(url, tmp / "repo", progress)
        _mark_fetched(tmp / "repo")
        if path.exists():  # a broken leftover (no .git): replace it
            shutil.rmtree(path)
        os.replace(tmp / "repo", path)
    except git.GitError as exc:
        raise RdoinfoFetchError(
            f"could not clone rdoinfo from {url}: {_after_colon(exc.message)}",
            "check the URL and your network, or pass --rdoinfo PATH to a local checkout",
        ) from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _after_colon(message: str) -> str:
    """'git clone of URL failed: reason' -> 'reason'."""
    return message.split(" failed: ", 1)[-1]


def _sha1_hex(data: bytes) -> str:
    """SHA-1 by CPython's own module when there is one: hashlib's loads OpenSSL, ~2 ms of
    every warm query (the digest names the cached clone, so it stays SHA-1)."""
    try:
        from _sha1 import sha1  # type: ignore[import-not-found]
    except ImportError:
        from hashlib import sha1
    return str(sha1(data).hexdigest())
