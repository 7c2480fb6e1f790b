"""Load rdoinfo for a command: find the checkout, then the parsed cache or the YAML.

The parsed cache is valid for a cached clone while its commit is unchanged, and for a
local directory while every file it read has the same mtime and size (a local
checkout may have uncommitted edits, so its commit is not enough).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from rdotool.adapters import parsed_cache, rdoinfo_files, rdoinfo_repo
from rdotool.adapters.files import WriteError
from rdotool.adapters.git import ProgressCallback
from rdotool.config import Settings
from rdotool.core.rdoinfo import Rdoinfo, RdoinfoEntryError, merge_documents, validate
from rdotool.errors import RdoinfoFormatError


class LoadedRdoinfo(NamedTuple):
    """rdoinfo ready for queries, with where it came from (a NamedTuple: see
    config.Settings)."""

    rdoinfo: Rdoinfo
    location: str
    path: Path
    commit: str | None
    from_cache: bool  # True: the parsed cache was used, no YAML was read
    warnings: tuple[str, ...] = ()


def load_rdoinfo(
    settings: Settings,
    *,
    force_fetch: bool = False,
    progress: ProgressCallback | None = None,
) -> LoadedRdoinfo:
    """rdoinfo from `settings.rdoinfo` (a directory or git URL) and `settings.info_file`."""
    checkout = rdoinfo_repo.locate(
        settings.rdoinfo,
        settings.cache_dir,
        fetch_age=settings.fetch_age,
        offline=settings.offline,
        force_fetch=force_fetch,
        progress=progress,
    )
    entry = settings.info_file
    cache_path = _cache_path(settings, checkout)
    warnings = list(checkout.warnings)

    payload = parsed_cache.read(cache_path)
    if payload is not None and _is_fresh(payload, checkout, entry):
        return LoadedRdoinfo(
            Rdoinfo(payload["info"], _names(payload)),
            settings.rdoinfo,
            checkout.path,
            checkout.commit,
            from_cache=True,
            warnings=tuple(warnings),
        )

    with _collector_paused():
        documents = rdoinfo_files.load_documents(checkout.path, entry)
        relpaths = [relpath for relpath, _ in documents]
        # as a warm load will read it back: cold and warm results are the same
        info = parsed_cache.as_cached(merge_documents(documents))
        rdoinfo = Rdoinfo(info)
        try:
            validate(rdoinfo)
        except RdoinfoEntryError as exc:
            raise _located(exc, checkout.path, relpaths) from exc
        new_payload: dict[str, Any] = {
            "entry": entry,
            "commit": checkout.commit,
            "info": info,
            "names": rdoinfo.names_index(),
        }
        if checkout.url is None:
            new_payload["stamps"] = rdoinfo_files.file_stamps(checkout.path, relpaths)
        problem = _write_cache(cache_path, new_payload)
    if problem:
        warnings.append(f"could not write the parsed-rdoinfo cache {cache_path}: {problem}")
    return LoadedRdoinfo(
        rdoinfo, settings.rdoinfo, checkout.path, checkout.commit, False, tuple(warnings)
    )


def _write_cache(cache_path: Path, payload: dict[str, Any]) -> str | None:
    """Write the parsed cache and its name list; why not, when they cannot be written."""
    names: dict[str, Any] = {
        key: payload[key] for key in ("entry", "commit", "stamps") if key in payload
    }
    names["names"] = list(payload["names"])
    try:
        parsed_cache.write(cache_path, payload)
        parsed_cache.write(parsed_cache.names_file(cache_path), names)
    except OSError as exc:
        return str(exc.strerror)
    except WriteError as exc:
        return exc.reason
    return None


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while rdoinfo is parsed, merged and cached: the load
    builds hundreds of thousands of objects and frees almost none, so the collector's
    ~1,300 passes over them were 15-25 % of a cold load, and grew faster than the data.
    What the load keeps is then frozen (gc.freeze): later collections in this process
    skip it instead of walking it again (~70 ms each at 4x today's rdoinfo)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _names(payload: dict[str, Any]) -> dict[str, str] | None:
    """The cache's name -> project index, when it has a usable one."""
    names = payload.get("names")
    if isinstance(names, dict) and all(isinstance(v, str) for v in names.values()):
        return names
    return None


def _cache_path(settings: Settings, checkout: rdoinfo_repo.RdoinfoCheckout) -> Path:
    """The parsed cache of one rdoinfo source: its location and entry file."""
    source_key = f"{checkout.url or checkout.path}\0{settings.info_file}"
    return parsed_cache.cache_file(settings.cache_dir, source_key)


def cached_package_names(settings: Settings) -> list[str] | None:
    """Package names from the list kept beside the parsed cache, when it is current;
    None when there is none (then only a full load can say). Never fetches."""
    checkout = rdoinfo_repo.locate(
        settings.rdoinfo, settings.cache_dir, fetch_age=settings.fetch_age, offline=True
    )
    payload = parsed_cache.read(parsed_cache.names_file(_cache_path(settings, checkout)))
    if payload is None or not _is_current(payload, checkout, settings.info_file):
        return None
    names = payload.get("names")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return names


def _is_fresh(payload: dict[str, Any], checkout: rdoinfo_repo.RdoinfoCheckout, entry: str) -> bool:
    return isinstance(payload.get("info"), dict) and _is_current(payload, checkout, entry)


def _is_current(
    payload: dict[str, Any], checkout: rdoinfo_repo.RdoinfoCheckout, entry: str
) -> bool:
    """Whether a cache payload was made from this checkout as it is now (same commit for a
    cached clone; same files, mtimes and sizes for a local directory)."""
    if payload.get("entry") != entry:
        return False
    if checkout.url is not None:
        return checkout.commit is not None and payload.get("commit") == checkout.commit
    stamps = payload.get("stamps")
    if not stamps:
        return False
    relpaths = [stamp[0] for stamp in stamps]
    current = rdoinfo_files.file_stamps(checkout.path, relpaths)
    return [list(s) for s in current] == [list(s) for s in stamps]


def _located(exc: RdoinfoEntryError, root: Path, relpaths: list[str]) -> RdoinfoFormatError:
    where = rdoinfo_files.locate_entry(root, relpaths, exc.kind, exc.key, exc.field)
    prefix = f"{where[0]}:{where[1]}: " if where else f"{root}: "
    return RdoinfoFormatError(prefix + exc.message, exc.hint)
