"""RPM repository metadata: `repodata/repomd.xml`, then the `primary` file it names.

A repository is a URL (http, https, file) or a directory. repomd.xml says where the
primary metadata is and its checksum; primary (gzip, zstd, xz or plain XML) lists every
package: name, epoch, version, release, arch and what it provides. Primary files are
kept under the cache directory by checksum, so a warm query reads the network for
repomd.xml only, and `offline` reads the cached copy without it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Protocol
from xml.etree import ElementTree

from rdotool.errors import ExternalError, InputError

_REPO = "{http://linux.duke.edu/metadata/repo}"
_COMMON = "{http://linux.duke.edu/metadata/common}"
_RPM = "{http://linux.duke.edu/metadata/rpm}"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class RepositoryError(ExternalError):
    """A repository's metadata cannot be read."""


@dataclass(frozen=True)
class RpmEntry:
    """One package of a repository."""

    name: str
    epoch: str
    version: str
    release: str
    arch: str
    provides: tuple[str, ...] = field(default=())
    source: str = ""  # the source package's name (from rpm:sourcerpm)

    @property
    def evr(self) -> str:
        epoch = f"{self.epoch}:" if self.epoch not in ("", "0") else ""
        return f"{epoch}{self.version}-{self.release}"


def read_primary(url: str, cache_dir: Path, offline: bool = False) -> list[RpmEntry]:
    """Every package the repository at `url` holds."""
    base = url if url.endswith("/") else url + "/"
    home = cache_dir / "repos" / f"{zlib.crc32(base.encode()):08x}"
    cached_repomd = home / "repomd.xml"
    if offline:
        if not cached_repomd.exists():
            raise InputError(
                f"no cached metadata for {base} and --offline is set", "run once without --offline"
            )
        repomd = cached_repomd.read_bytes()
    else:
        repomd = _get(base + "repodata/repomd.xml")
    location, checksum = _primary_location(repomd, base)
    cached = home / f"{checksum}-{Path(location).name}"
    if cached.exists():
        data = cached.read_bytes()
    elif offline:
        raise InputError(
            f"the cached metadata of {base} is incomplete", "run once without --offline"
        )
    else:
        data = _get(base + location)
        home.mkdir(parents=True, exist_ok=True)
        from rdotool.adapters.files import write_atomic

        write_atomic(cached, data)
        write_atomic(cached_repomd, repomd)
    return _packages(_decompressed(data, location), f"{base}{location}")


def _get(url: str) -> bytes:
    """A file of a repository, over http(s) or from the file system."""
    if url.startswith(("http://", "https://")):
        from rdotool.adapters.http import HttpError, fetch_bytes

        try:
            return fetch_bytes(url)
        except HttpError as exc:
            raise RepositoryError(exc.message, exc.hint) from exc
    path = Path(url.removeprefix("file://"))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RepositoryError(f"cannot read {path}: {exc.strerror}") from exc


def _primary_location(repomd: bytes, base: str) -> tuple[str, str]:
    try:
        root = ElementTree.fromstring(repomd)
    except ElementTree.ParseError as exc:
        raise RepositoryError(f"{base}repodata/repomd.xml is not valid XML: {exc}") from exc
    for data in root.iter(f"{_REPO}data"):
        if data.get("type") == "primary":
            location = data.find(f"{_REPO}location")
            checksum = data.find(f"{_REPO}checksum")
            href = location.get("href") if location is not None else None
            if href and checksum is not None and checksum.text:
                return href, checksum.text.strip()
    raise RepositoryError(f"{base}repodata/repomd.xml names no primary metadata")


def _decompressed(data: bytes, location: str) -> _Readable:
    """A stream of the primary's XML: decompressed as iterparse reads it, so that a
    large primary (CentOS AppStream's) is never held uncompressed in memory."""
    import io

    raw = io.BytesIO(data)
    if location.endswith(".gz"):
        import gzip

        return gzip.GzipFile(fileobj=raw)
    if location.endswith(".xz"):
        import lzma

        return lzma.LZMAFile(raw)
    if location.endswith(".zst"):
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(raw)
    return raw


def _packages(stream: _Readable, where: str) -> list[RpmEntry]:
    entries: list[RpmEntry] = []
    try:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag != f"{_COMMON}package":
                continue
            version = element.find(f"{_COMMON}version")
            provides = element.findall(f"{_COMMON}format/{_RPM}provides/{_RPM}entry")
            sourcerpm = _text(element.find(f"{_COMMON}format/{_RPM}sourcerpm"))
            entries.append(
                RpmEntry(
                    name=_text(element.find(f"{_COMMON}name")),
                    epoch=(version.get("epoch") if version is not None else None) or "0",
                    version=(version.get("ver") if version is not None else None) or "",
                    release=(version.get("rel") if version is not None else None) or "",
                    arch=_text(element.find(f"{_COMMON}arch")),
                    provides=tuple(p.get("name") or "" for p in provides),
                    source=sourcerpm.rsplit("-", 2)[0] if sourcerpm.count("-") >= 2 else "",
                )
            )
            element.clear()
    except ElementTree.ParseError as exc:
        raise RepositoryError(f"{where} is not valid XML: {exc}") from exc
    except (OSError, EOFError, ValueError) as exc:  # gzip, lzma, zstandard: corrupt data
        raise RepositoryError(f"{where} cannot be decompressed: {exc}") from exc
    return entries


def _text(element: Optional[ElementTree.Element]) -> str:
    return (element.text or "").strip() if element is not None else ""
