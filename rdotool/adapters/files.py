"""Files on the local disk: the one way rdotool replaces a file's contents."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` without ever leaving a half-written file.

    The text goes to a temporary file beside `path` that is renamed over it, so a
    concurrent reader or an interrupted run sees the old file or the new one, never a
    mix. An existing file keeps its permission bits; a new one gets 0644.
    """
    import tempfile  # lazily: the warm `info` path reaches this module but rarely writes

    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
