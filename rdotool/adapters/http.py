"""HTTP through one requests session: timeouts, retries on connection errors, a user agent."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

from rdotool import __version__
from rdotool.errors import ExternalError

TIMEOUT = (10, 60)  # connect, read (seconds)
DownloadProgress = Callable[[int, Optional[int]], None]  # (bytes so far, total or None)


class HttpError(ExternalError):
    """An HTTP request failed."""


def session() -> Any:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    http = requests.Session()
    retry = Retry(
        total=3,
        connect=3,
        read=2,
        backoff_factor=0.5,
        status_forcelist=(502, 503, 504),
        allowed_methods=("GET", "HEAD"),
    )
    http.mount("http://", HTTPAdapter(max_retries=retry))
    http.mount("https://", HTTPAdapter(max_retries=retry))
    http.headers["User-Agent"] = f"rdotool/{__version__}"
    return http


def fetch_text(url: str) -> str:
    """GET a text document."""
    return str(_get(url).text)


def fetch_bytes(url: str) -> bytes:
    """GET a file, whole."""
    return bytes(_get(url).content)


def _get(url: str) -> Any:
    """The response to GET `url`, read; a server that stops answering (at connect or in
    the middle of the body) is said to be too slow, with a hint."""
    import requests

    try:
        response = session().get(url, timeout=TIMEOUT)
        response.raise_for_status()
    except requests.RequestException as exc:
        # requests reports a read timeout in the middle of a body as a ConnectionError
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc):
            raise HttpError(
                f"{url} did not answer within {TIMEOUT[1]} s",
                "check the network or the server; --offline answers from the cache",
            ) from exc
        raise HttpError(f"could not fetch {url}: {_reason(exc)}") from exc
    return response


def download(url: str, dest: Path, progress: DownloadProgress | None = None) -> int:
    """Stream `url` into `dest` through a temporary file (never a partial `dest`)."""
    import requests

    from rdotool.adapters.files import new_file_mode

    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        os.chmod(tmp, new_file_mode())  # mkstemp's 0600 would outlive the rename
        with os.fdopen(fd, "wb") as handle:
            response = session().get(
                url, stream=True, timeout=TIMEOUT, headers={"Accept-Encoding": "identity"}
            )
            response.raise_for_status()
            total = int(response.headers.get("Content-Length") or 0) or None
            done = 0
            for chunk in response.iter_content(chunk_size=1 << 16):
                handle.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            if total is not None and done != total:
                raise HttpError(f"download of {url} stopped at {done} of {total} bytes")
        os.replace(tmp, dest)
        return done
    except requests.RequestException as exc:
        raise HttpError(
            f"could not download {url}: {_reason(exc)}",
            f"check the URL and your network, or put {dest.name} in {dest.parent} yourself",
        ) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status_code", None):
        return f"HTTP {response.status_code} {response.reason}"
    import re

    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return errno.group(0).strip()
    return text.split("(Caused by ", 1)[-1].rstrip(")") if "Caused by" in text else text
