"""`--new-sources`: download Source0 into the distgit and record it in `sources`.

The `sources` file gets `SHA512 (NAME) = HEX` lines, as fedpkg new-sources writes them,
and the tarball name goes into .gitignore (the tarball itself is not committed). Only a
plain file name taken from the URL is written, inside the distgit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdotool.adapters import http
from rdotool.adapters.files import file_digest, is_archive, read_text, remove_file, write_atomic
from rdotool.adapters.spec import Spec
from rdotool.core.build import is_plain_file_name
from rdotool.errors import InputError


@dataclass(frozen=True)
class SourcesUpdate:
    """What --new-sources wrote."""

    url: str
    filename: str
    size: int
    sha512: str


def source0(spec: Spec) -> tuple[str, str]:
    """Source0's expanded URL and file name (the `URL#/name` form is honoured)."""
    location = spec.expand(spec.source0_location())
    name = location.rsplit("#/", 1)[1] if "#/" in location else location.rsplit("/", 1)[-1]
    if "://" not in location:
        raise InputError(f"Source0 {location!r} is not a URL", "give Source0 a download URL")
    if not is_plain_file_name(name):
        raise InputError(
            f"Source0's file name {name!r} is not a plain file name",
            "use the URL#/name.tar.gz form to name the file",
        )
    return location.split("#/", 1)[0], name


def download_source(
    distgit_dir: Path, spec: Spec, progress: http.DownloadProgress | None = None
) -> SourcesUpdate:
    """Download Source0 and check it is an archive; write `sources` and .gitignore."""
    url, name = source0(spec)
    target = distgit_dir / name
    size = http.download(url, target, progress)
    if not is_archive(target):
        remove_file(target)
        raise InputError(
            f"{url} did not give an archive (got {size} bytes)",
            "check Source0 and the version; the server may have sent an error page",
        )
    digest = file_digest(target, "sha512")
    write_atomic(distgit_dir / "sources", f"SHA512 ({name}) = {digest}\n")
    ignore = distgit_dir / ".gitignore"
    lines = read_text(ignore, ".gitignore").splitlines() if ignore.is_file() else []
    if f"/{name}" not in lines:
        write_atomic(ignore, "\n".join([*lines, f"/{name}"]) + "\n")
    return SourcesUpdate(url, name, size, digest)
