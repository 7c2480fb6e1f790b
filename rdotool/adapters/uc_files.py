"""upper-constraints files: a path, a URL, or the release's branch on opendev, cached.

The cached copy (`<cache-dir>/upper-constraints/<branch>.txt`) serves --offline and a
failed fetch (with a warning).
"""

from __future__ import annotations

from pathlib import Path

from rdotool.adapters import http
from rdotool.adapters.files import read_text, write_atomic
from rdotool.config import Settings
from rdotool.core.rdoinfo import Release
from rdotool.errors import ExternalError, InputError

UC_URL = "https://opendev.org/openstack/requirements/raw/branch/{branch}/upper-constraints.txt"


def load_uc_text(
    settings: Settings, release: Release, uc_file: str | None
) -> tuple[str, str, list[str]]:
    """(text, source, warnings): --uc-file as given, else the release's branch, cached."""
    if uc_file and "://" not in uc_file:
        path = Path(uc_file)
        return read_text(path, "upper-constraints file"), str(path), []
    if uc_file:
        try:
            return http.fetch_text(uc_file), uc_file, []
        except ExternalError as exc:
            exc.hint = "check the URL and your network, or pass --uc-file with a local copy"
            raise
    branch = release.get("upstream_branch")
    if not branch:
        raise InputError(
            f"release {release['name']} has no upstream_branch in rdoinfo",
            "pass --uc-file PATH|URL",
        )
    url = UC_URL.format(branch=branch)
    cache = settings.cache_dir / "upper-constraints" / (str(branch).replace("/", "_") + ".txt")
    if not settings.offline:
        try:
            text = http.fetch_text(url)
        except ExternalError as exc:
            if not cache.exists():
                exc.hint = (
                    "pass --uc-file PATH (a local upper-constraints.txt); once it has been"
                    " fetched, the cached copy serves --offline"
                )
                raise
            warning = f"{exc.message}; using the cached copy {cache}"
            return read_text(cache, "cached upper-constraints"), str(cache), [warning]
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cache, text)
        return text, url, []
    if cache.exists():
        return read_text(cache, "cached upper-constraints"), str(cache), []
    raise InputError(
        f"there is no cached upper-constraints for {branch} and --offline is set",
        "run once online, or pass --uc-file PATH",
    )
