"""rdotool resolves every package exactly as distroinfo (rdopkg's and DLRN's parser) does.

distroinfo is a test-only dependency here, the reference implementation of rdoinfo's
merge rules; rdotool implements them itself (rdotool/core/rdoinfo.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rdotool.config import Settings
from rdotool.ops.rdoinfo import load_rdoinfo
from tests.conftest import BASIC_RDOINFO

distroinfo_info = pytest.importorskip("distroinfo.info")

TAGS = [None, "epoxy", "flamingo", "flamingo-uc", "dependency", "version-locked"]


def compare(rdoinfo: Path, tmp_path: Path, tags: list[str | None]) -> None:
    ours = load_rdoinfo(Settings(rdoinfo=str(rdoinfo), cache_dir=tmp_path / "cache")).rdoinfo
    reference = distroinfo_info.DistroInfo("rdo-full.yml", local_info=str(rdoinfo))
    for tag in tags:
        theirs = json.loads(json.dumps(reference.get_info(apply_tag=tag), default=str))
        assert [p["name"] for p in ours.packages(tag)] == [p["name"] for p in theirs["packages"]]
        for mine, expected in zip(ours.packages(tag), theirs["packages"]):
            assert mine == expected, f"{mine['name']} with tag {tag} differs"
        if tag is None:
            assert ours.releases() == theirs["releases"]


def test_basic_rdoinfo_matches_distroinfo(tmp_path: Path) -> None:
    compare(BASIC_RDOINFO, tmp_path, [None, "epoxy", "flamingo-uc", "dependency"])


@pytest.mark.slow
@pytest.mark.shared_data
def test_shared_rdoinfo_matches_distroinfo(shared_rdoinfo: Path, tmp_path: Path) -> None:
    compare(shared_rdoinfo, tmp_path, TAGS)
