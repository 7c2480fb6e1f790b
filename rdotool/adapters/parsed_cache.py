"""The parsed-rdoinfo cache: merged rdoinfo as JSON, so warm queries skip YAML.

Reloading the merged rdoinfo from JSON takes ~5 ms where parsing its 120 YAML
documents takes ~0.5-1 s. Files are written atomically (temporary file + rename), so a
concurrent or interrupted run never sees half a cache.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from rdotool.adapters.files import write_atomic

SCHEMA = 1


def cache_file(cache_dir: Path, source_key: str) -> Path:
    """Where the parsed cache for one rdoinfo source (location + entry file) lives."""
    digest = hashlib.sha1(source_key.encode("utf-8")).hexdigest()[:16]
    return cache_dir / "parsed" / f"{digest}.json"


def read(path: Path) -> dict[str, Any] | None:
    """The cached payload, or None when missing, unreadable or of another schema."""
    try:
        with open(path, "rb") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("schema") != SCHEMA:
        return None
    return payload


def write(path: Path, payload: dict[str, Any]) -> None:
    """Write the payload atomically; raises OSError when the cache dir is not writable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({**payload, "schema": SCHEMA}, separators=(",", ":")))
