"""Record what `rdopkg info` prints for chosen packages, as golden files for the tests.

    .venv/bin/python bench/capture_rdopkg_golden.py

tests/cli/test_info_rdopkg_parity.py compares `rdotool info NAME --json` with these
outputs field by field. Files for ../shared/data/rdoinfo carry the snapshot's commit
in their name so they are skipped when the snapshot changes.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from rdopkg_env import ROOT, SHARED_DATA, rdopkg

GOLDEN = ROOT / "tests" / "data" / "golden" / "rdopkg-info"
BASIC = ROOT / "tests" / "data" / "rdoinfo" / "basic"

# (package, tag): a core service, a client, a lib, puppet modules, deps, a tag applied.
SHARED_CASES = [
    ("openstack-octavia", None),
    ("openstack-nova", None),
    ("python-novaclient", None),
    ("python-oslo-config", None),
    ("python-oslo-config", "flamingo-uc"),
    ("python-glance-store", None),
    ("puppet-nova", None),
    ("puppet-apache", "flamingo-uc"),
    ("python-sphinx", None),
    ("python-PyMySQL", None),
]
BASIC_CASES = [
    ("openstack-nova", None),
    ("python-novaclient", "epoxy"),
    ("python-oslo-config", "flamingo-uc"),
    ("python-glance-store", None),
    ("puppet-apache", "flamingo-uc"),
    ("python-sphinx", None),
]


def capture(rdoinfo: Path, name: str, tag: str | None, dest: Path) -> None:
    argv = [str(rdopkg()), "info", "-l", str(rdoinfo), f"^{name}$"]
    if tag:
        argv[2:2] = ["-t", tag]
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(out)
    print(f"{dest.relative_to(ROOT)}: {len(out.splitlines())} lines")


def main() -> None:
    for name, tag in BASIC_CASES:
        capture(BASIC, name, tag, GOLDEN / "basic" / f"{name}{'@' + tag if tag else ''}.txt")
    rdoinfo = SHARED_DATA / "rdoinfo"
    if not (rdoinfo / "SNAPSHOT").exists():
        print(f"{rdoinfo} is absent: only the basic rdoinfo was captured")
        return
    commit = (rdoinfo / "SNAPSHOT").read_text().split()[0][:12]
    for name, tag in SHARED_CASES:
        dest = GOLDEN / f"shared-{commit}" / f"{name}{'@' + tag if tag else ''}.txt"
        capture(rdoinfo, name, tag, dest)


if __name__ == "__main__":
    main()
