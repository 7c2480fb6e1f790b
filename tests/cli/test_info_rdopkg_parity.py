"""`rdotool info NAME --json` has rdopkg's values for every field rdopkg prints.

The expected outputs were printed by rdopkg 1.8.0 itself (bench/capture_rdopkg_golden.py)
for the small test rdoinfo and for ../shared/data/rdoinfo at the commit named in the
directory, covering a core service, a client, libs, puppet modules, deps and tags.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, SHARED_RDOINFO, RunCli

GOLDEN = DATA / "golden" / "rdopkg-info"
# rdopkg prints these first, with str(): a null shows as "None".
FIRST_FIELDS = ("project", "conf", "upstream", "patches", "distgit")


def parse_rdopkg_info(text: str) -> dict:
    """rdopkg's `1 packages found:` block, as a dict of what it printed."""
    header, _, body = text.partition("\n\n")
    assert header == "1 packages found:"
    record = yaml.safe_load(body)
    for key in FIRST_FIELDS:
        if record.get(key) == "None":
            record[key] = None
    return record


def cases(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.txt"))


def check(rdotool: RunCli, rdoinfo: Path, golden: Path) -> None:
    name, _, tag = golden.stem.partition("@")
    args = ["info", "--rdoinfo", str(rdoinfo), name, "--json"] + (["--tag", tag] if tag else [])
    result = rdotool(*args)
    assert result.exit_code == 0, result.stderr
    ours = json.loads(result.stdout)
    expected = parse_rdopkg_info(golden.read_text())
    for key, value in expected.items():
        assert key in ours, f"{golden.name}: rdotool lacks {key}"
        assert ours[key] == value, f"{golden.name}: {key} differs"
    assert set(ours) == set(expected), f"{golden.name}: extra fields {set(ours) - set(expected)}"


@pytest.mark.parametrize("golden", cases(GOLDEN / "basic"), ids=lambda p: p.stem)
def test_parity_on_basic_rdoinfo(rdotool: RunCli, basic_rdoinfo: Path, golden: Path) -> None:
    check(rdotool, basic_rdoinfo, golden)


def shared_cases() -> list:  # type: ignore[type-arg]
    snapshot = SHARED_RDOINFO / "SNAPSHOT"
    if not snapshot.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{SHARED_RDOINFO} is absent"))]
    directory = GOLDEN / f"shared-{snapshot.read_text().split()[0][:12]}"
    found = cases(directory)
    if not found:
        reason = "no rdopkg goldens for this snapshot: run bench/capture_rdopkg_golden.py"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    return found


@pytest.mark.shared_data
@pytest.mark.parametrize("golden", shared_cases(), ids=lambda p: p.stem if p else "absent")
def test_parity_on_shared_rdoinfo(rdotool: RunCli, shared_rdoinfo: Path, golden: Path) -> None:
    check(rdotool, shared_rdoinfo, golden)


def test_golden_files_exist() -> None:
    assert len(cases(GOLDEN / "basic")) >= 6
