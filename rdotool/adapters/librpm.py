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


def system_bindings(roots: tuple[Path, ...] | None = None) -> Path | None:
    """The distribution's `rpm` package directory when its C extension is built for the
    running Python (e.g. `_rpm.cpython-311-x86_64-linux-gnu.so` under Python 3.11)."""
    import importlib.machinery

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    roots = roots or (
        Path("/usr/lib/python3/dist-packages"),  # Debian, Ubuntu
        Path(f"/usr/lib64/{version}/site-packages"),  # Fedora, EL
        Path(f"/usr/lib/{version}/site-packages"),
    )
    for root in roots:
        package = root / "rpm"
        suffixes = importlib.machinery.EXTENSION_SUFFIXES
        if (package / "__init__.py").is_file() and any(
            (package / f"_rpm{suffix}").is_file() for suffix in suffixes
        ):
            return package
    return None


def _import_from(package: Path) -> Any:
    """Import the `rpm` package from `package` alone (not its whole site-packages)."""
    import importlib.util

    for name in [n for n in sys.modules if n == "rpm" or n.startswith("rpm.")]:
        del sys.modules[name]  # a shim that failed half-way
    spec = importlib.util.spec_from_file_location(
        "rpm", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rpm"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules["rpm"]
        raise
    return module


def load() -> Any:
    """The `rpm` module, or RpmBindingsMissingError naming the fix.

    The distribution's own package first, when it is built for this Python: in a venv,
    `import rpm` finds the PyPI shim, which starts two system Pythons to locate that very
    package (~80 ms and, on Ctrl-C, their tracebacks). Otherwise `import rpm` (the
    module on the system Python, or the shim)."""
    loaded = sys.modules.get("rpm")
    if loaded is not None and hasattr(loaded, "TransactionSet"):
        return loaded
    package = system_bindings()
    if package is not None:
        try:
            return _import_from(package)
        except ImportError:
            pass  # e.g. a library the extension links to is missing: try the import path
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
