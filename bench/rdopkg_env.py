"""rdopkg in its own virtualenv, for the benchmark and the golden-output capture.

rdopkg (and its distroinfo) come from PyPI; librpm's bindings come from the system
through the `rpm` shim package, so the venv is made with the system Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("RDOPKG_VENV", ROOT / "bench" / ".venv-rdopkg"))
SYSTEM_PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
SHARED_DATA = Path(os.environ.get("RDOTOOL_SHARED_DATA", ROOT.parent / "shared" / "data"))


def compile_rdotool() -> None:
    """Byte-compile rdotool as an installed copy is (pip and RPM installs compile it).

    An editable install under PYTHONDONTWRITEBYTECODE=1 (set on some CI machines) would
    otherwise compile every module from source in every process, ~20 ms that an
    installed rdotool never pays; rdopkg, installed by pip, is compiled."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "rdotool")], check=True)


def rdopkg() -> Path:
    """Path of the rdopkg executable, installing it (rdopkg + rpm shim) on first use."""
    compile_rdotool()
    exe = VENV / "bin" / "rdopkg"
    if exe.exists():
        return exe
    print(f"installing rdopkg from PyPI into {VENV} ...", file=sys.stderr)
    subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(VENV)], check=True)
    subprocess.run(
        [
            str(VENV / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "rdopkg",
            "rpm",
        ],
        check=True,
    )
    return exe
