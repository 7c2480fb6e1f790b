"""Files on the local disk: the one way rdotool reads text, confines paths and writes.

- `read_text`: one decoding rule for every file a user hands rdotool (spec, patch,
  requirements, `sources`, upper-constraints, config, -H FILE): strict UTF-8, and a
  file that is not gets an InputError naming the file, line and byte, never a crash.
- `confined`: a path that comes from a spec, rdoinfo, `sources`, a URL or the command
  line is resolved (symlinks included) and must stay inside its root.
- `write_atomic`: replace a file without a half-written state; new files follow the
  user's umask, existing ones keep their mode, and line endings are the caller's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rdotool.errors import InputError


def decode(data: bytes, origin: str) -> str:
    """`data` as UTF-8 text; InputError naming `origin`, the line and the byte if not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{origin}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x})",
            f"convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 {origin}",
        ) from None


def read_text(path: Path, what: str = "file") -> str:
    """A text file's content by the one decoding rule (see the module docstring).

    Line endings are kept as they are (CRLF stays CRLF); a missing or unreadable file,
    or a directory where a file belongs, is an InputError naming it.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} {path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{what} {path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {exc.strerror}") from None
    return decode(data, str(path))


def newline_of(text: str) -> str:
    """The line ending a text uses: "\\r\\n" when its first line ends so, else "\\n"."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def confined(root: Path, name: str, what: str) -> Path:
    """`root/name` resolved, refused unless it stays inside `root` (`../x`, `/etc/x`,
    and symlinks out of the tree all end up outside)."""
    base = root.resolve()
    target = (base / name).resolve()
    if target != base and base not in target.parents:
        raise InputError(
            f"{what} {name!r} points outside {root}",
            "name a file inside the directory (no '..', no absolute path, no symlink out)",
        )
    return target


class WriteError(InputError):
    """A file could not be written (read-only directory, full disk)."""

    def __init__(self, path: Path, reason: str, hint: str | None = None) -> None:
        super().__init__(f"cannot write {path}: {reason}", hint)
        self.reason = reason


def new_file_mode() -> int:
    """0666 less the process umask (what open() would give a new file)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, text: str | bytes, mode: int | None = None) -> None:
    """Replace `path` with `text` (or exact bytes) without ever leaving a half-written file.

    The text goes to a temporary file beside `path` that is renamed over it, so a
    concurrent reader or an interrupted run sees the old file or the new one, never a
    mix. An existing file keeps its permission bits; a new one follows the umask. A
    symlink at `path` is replaced by the file, never written through.
    """
    import tempfile  # lazily: the warm `info` path reaches this module but rarely writes

    if mode is None:
        try:
            mode = os.lstat(path).st_mode & 0o777 if not path.is_symlink() else None
        except FileNotFoundError:
            mode = None
    if mode is None:
        mode = new_file_mode()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        missing = isinstance(exc, FileNotFoundError)
        hint = f"create {path.parent} first" if missing else f"check that {path.parent} is writable"
        raise WriteError(path, exc.strerror or str(exc), hint) from None
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(path, exc.strerror or str(exc)) from None
        raise


def read_bytes_as_text(path: Path) -> str | None:
    """A file whose bytes must travel unchanged (a patch: not always UTF-8) as text, the
    bytes that are not UTF-8 as surrogates (`.encode("utf-8", "surrogateescape")` gives
    them back); None when there is no such file."""
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except FileNotFoundError:
        return None


def file_digest(path: Path, algorithm: str) -> str:
    """The hex digest of a file (`sha512`, `md5`, … as hashlib names them)."""
    import hashlib

    digest = hashlib.new(algorithm.lower())
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_archive(path: Path) -> bool:
    """True for a tar (any compression Python reads) or zip file."""
    import tarfile
    import zipfile

    return tarfile.is_tarfile(path) or zipfile.is_zipfile(path)


def save_copy(path: Path, copy: Path) -> None:
    """Copy a file's bytes aside (a journal's record of it), making `copy`'s directory."""
    import shutil

    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, copy)


def restore_copy(copy: Path, path: Path, mode: int | None) -> None:
    """Put a saved copy back at `path` in one rename, with its recorded permission bits."""
    import shutil

    tmp = path.with_name(f".{path.name}.rdotool-restore")
    shutil.copyfile(copy, tmp)
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, path)


def remove_file(path: Path) -> None:
    """Remove a file or symlink if it is there."""
    if path.is_file() or path.is_symlink():
        path.unlink()


def remove_tree(path: Path) -> None:
    """Remove a directory tree if it is there."""
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def move(source: Path, dest: Path) -> None:
    """Rename `source` to `dest` (same file system: atomic)."""
    os.replace(source, dest)


def copy_file(source: Path, dest: Path) -> None:
    """Copy a file with its permission bits and times, making `dest`'s directory."""
    import shutil

    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, dest)


def copy_entries(source: Path, dest: Path, skip: tuple[str, ...]) -> None:
    """Copy every entry of `source` (symlinks as symlinks) into `dest`, except hidden ones
    and those whose name starts with one of `skip` (as `cp -a source/* dest/`)."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") or entry.name.startswith(skip):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dest / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, dest / entry.name, follow_symlinks=False)


def write_tarball(target: Path, tree: Path, top: str, skip: tuple[str, ...] = (".git",)) -> None:
    """A gzip tarball of `tree` under the directory name `top`, without `skip` at its
    root (how DLRN archives a non-Python upstream tree)."""
    import tarfile

    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        archive.add(tree, arcname=top, recursive=False)
        for path in sorted(tree.rglob("*")):
            relative = path.relative_to(tree)
            if relative.parts[0] in skip:
                continue
            archive.add(path, arcname=f"{top}/{relative.as_posix()}", recursive=False)


def temporary_directory(prefix: str) -> Any:
    """A context manager giving a new private directory, removed with what it holds."""
    import tempfile

    return tempfile.TemporaryDirectory(prefix=prefix)


def extract_tar(data: bytes, dest: Path) -> None:
    """Unpack a tar archive held in memory (`git archive`'s output) into `dest`, refusing
    members that would land outside it where Python can check (the `data` filter)."""
    import io
    import tarfile

    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(dest, filter="data")
        else:  # Python < 3.9.17: git's own archive of a tree, no absolute or .. names
            archive.extractall(dest)
