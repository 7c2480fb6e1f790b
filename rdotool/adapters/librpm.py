"""librpm's Python bindings, loaded only by what needs them (spec parsing, RPM headers).

They come with the distribution (python3-rpm) and are built for its Python, so a venv
made with another Python, or a machine without them, cannot load them: that is the
user's environment, not a bug. `load()` says so in one sentence with the install
command for this distribution (exit 3). Version comparisons never need them
(core/rpmvercmp.py).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rdotool.errors import InputError


class RpmBindingsMissingError(InputError):
    """librpm's Python bindings cannot be imported by this Python."""


def install_command(os_release: Path = Path("/etc/os-release")) -> str:
    """The command that installs the bindings here (by /etc/os-release's ID/ID_LIKE)."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    ids = " ".join(
        line.split("=", 1)[1].strip().strip('"')
        for line in text.splitlines()
        if line.startswith(("ID=", "ID_LIKE="))
    )
    if any(word in ids for word in ("debian", "ubuntu")):
        return "sudo apt-get install rpm python3-rpm"
    if any(word in ids for word in ("fedora", "rhel", "centos")):
        return "sudo dnf install python3-rpm rpm-build"
    return "install your distribution's rpm Python bindings (python3-rpm)"


def load() -> Any:
    """The `rpm` module, or RpmBindingsMissingError naming the fix."""
    try:
        import rpm
    except ImportError as exc:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        raise RpmBindingsMissingError(
            f"librpm's Python bindings cannot be loaded by Python {version} ({exc})",
            f"{install_command()}; rdotool must run on the system Python the bindings are"
            " built for (make its venv with /usr/bin/python3)",
        ) from None
    return rpm
