"""The parsed-rdoinfo cache: merged rdoinfo as JSON, so warm queries skip YAML.

Reloading merged rdoinfo takes milliseconds where parsing its 120 YAML documents takes
~0.3-1 s. The file is a JSON head (everything but the package entries, and where each
entry lies) on its first line, then the entries one after another: `info NAME` decodes
one entry of ~2 KB instead of 2.3 MB of JSON (that decode was a third of a warm query).
Beside it, a small file lists the package names with the same freshness data, so that
completing a package name reads ~50 KB. Files are written atomically (temporary file +
rename), so a concurrent or interrupted run never sees half a cache.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from rdotool.adapters.files import write_atomic

SCHEMA = 2


def cache_file(cache_dir: Path, source_key: str) -> Path:
    """Where the parsed cache for one rdoinfo source (location + entry file) lives.

    Named by two checksums of the source (zlib's: hashlib would load OpenSSL, 2-3 ms of
    every warm query); a clash of two sources only makes them replace each other's cache,
    since a payload is used only when its entry file and commit or file stamps match."""
    data = source_key.encode("utf-8")
    return cache_dir / "parsed" / f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}.json"


def names_file(cache_path: Path) -> Path:
    """The package-name list kept beside a parsed cache (read by shell completion)."""
    return cache_path.with_suffix(".names.json")


class LazyEntries(Mapping[str, Any]):
    """The cache's package entries by project, each decoded from JSON when first read."""

    def __init__(self, body: bytes, spans: dict[str, tuple[int, int]]) -> None:
        self._body = body
        self._spans = spans
        self._decoded: dict[str, Any] = {}

    @property
    def body(self) -> bytes:
        """The entries' JSON, one after another."""
        return self._body

    @property
    def spans(self) -> Mapping[str, tuple[int, int]]:
        """Where each project's entry lies in `body`."""
        return self._spans

    def __getitem__(self, project: str) -> Any:
        if project not in self._decoded:
            start, end = self._spans[project]  # KeyError for an unknown project
            self._decoded[project] = json.loads(self._body[start:end])
        return self._decoded[project]

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, project: object) -> bool:
        return project in self._spans


def read(path: Path) -> dict[str, Any] | None:
    """The cached payload, or None when missing, unreadable or of another schema; the
    package entries of its `info` (when it has them) are a LazyEntries mapping."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    head_end = data.find(b"\n")
    try:
        payload = json.loads(data[: head_end if head_end >= 0 else len(data)])
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("schema") != SCHEMA:
        return None
    spans = payload.pop("package_spans", None)
    info = payload.get("info")
    if isinstance(info, dict) and isinstance(spans, list) and head_end >= 0:
        body = data[head_end + 1 :]
        try:
            info["packages"] = LazyEntries(body, {p: (s, e) for p, s, e in spans})
        except (TypeError, ValueError):
            return None
    return payload


def as_cached(info: dict[str, Any]) -> dict[str, Any]:
    """`info` exactly as `read` will give it back (JSON turns keys into strings, tuples
    into lists, and other values into their str()): the package entries encoded once,
    here, and decoded when first read, like a warm load's; `write` stores those bytes."""
    packages = info.get("packages")
    rest = {key: value for key, value in info.items() if key != "packages"}
    cached: dict[str, Any] = json.loads(json.dumps(rest, default=str))
    if isinstance(packages, Mapping):
        chunks: list[bytes] = []
        spans: dict[str, tuple[int, int]] = {}
        offset = 0
        for project, entry in packages.items():
            chunk = json.dumps(entry, separators=(",", ":"), default=str).encode("utf-8")
            spans[project] = (offset, offset + len(chunk))
            chunks.append(chunk)
            offset += len(chunk)
        cached["packages"] = LazyEntries(b"".join(chunks), spans)
    elif "packages" in info:
        cached["packages"] = json.loads(json.dumps(packages, default=str))
    return cached


def write(path: Path, payload: dict[str, Any]) -> None:
    """Write the payload atomically; raises OSError when the cache dir is not writable.
    Package entries from `as_cached` are written as they were encoded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = payload.get("info")
    head = {**payload, "schema": SCHEMA}
    body = b""
    if isinstance(info, dict) and isinstance(info.get("packages"), Mapping):
        packages = info["packages"]
        if not isinstance(packages, LazyEntries):
            packages = as_cached({"packages": packages})["packages"]
        body = packages.body
        head["info"] = {key: value for key, value in info.items() if key != "packages"}
        head["package_spans"] = [(p, s, e) for p, (s, e) in packages.spans.items()]
    text = json.dumps(head, separators=(",", ":")).encode("utf-8")  # ASCII: no raw newline
    write_atomic(path, text + b"\n" + body if "package_spans" in head else text)
