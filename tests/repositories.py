"""Package repositories the tests write: repomd.xml and a primary (gzip, zstd, xz or
plain XML), as createrepo_c lays them out."""

from __future__ import annotations

import gzip
import hashlib
import lzma
from pathlib import Path

import zstandard

PRIMARY = """<?xml version="1.0" encoding="UTF-8"?>
<metadata xmlns="http://linux.duke.edu/metadata/common"
          xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="{count}">
{packages}
</metadata>
"""
PACKAGE = """<package type="rpm">
  <name>{name}</name><arch>noarch</arch>
  <version epoch="{epoch}" ver="{ver}" rel="{rel}"/>
  <format>
    <rpm:sourcerpm>{source}-{ver}-{rel}.src.rpm</rpm:sourcerpm>
    <rpm:provides><rpm:entry name="{name}"/></rpm:provides>
  </format>
</package>"""
REPOMD = """<?xml version="1.0" encoding="UTF-8"?>
<repomd xmlns="http://linux.duke.edu/metadata/repo">
  <revision>1</revision>
  <data type="primary">
    <checksum type="sha256">{checksum}</checksum>
    <location href="repodata/{name}"/>
  </data>
</repomd>
"""
COMPRESS = {
    "gz": gzip.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
    "xz": lzma.compress,
    "xml": lambda data: data,
}


def repository(
    root: Path, packages: list[tuple[str, str, str, str, str]], kind: str = "gz"
) -> dict[str, bytes]:
    """Write a repository under `root` (and return its files by relative path)."""
    body = "\n".join(
        PACKAGE.format(name=n, epoch=e, ver=v, rel=r, source=s) for n, e, v, r, s in packages
    )
    primary = PRIMARY.format(count=len(packages), packages=body).encode()
    data = COMPRESS[kind](primary)
    checksum = hashlib.sha256(data).hexdigest()
    name = f"{checksum}-primary.xml" + ("" if kind == "xml" else f".{kind}")
    files = {
        f"repodata/{name}": data,
        "repodata/repomd.xml": REPOMD.format(checksum=checksum, name=name).encode(),
    }
    for path, content in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(content)
    return files
