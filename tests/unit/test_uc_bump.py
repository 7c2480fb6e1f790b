"""core/uc_bump.py in memory: which rows a bump takes, and where a package stands."""

from __future__ import annotations

from rdotool.core.uc_bump import (
    DONE,
    FAILED,
    SKIPPED,
    STEPS,
    Bump,
    PackageState,
    StepResult,
    choose_bumps,
    counts,
    unknown_names,
)
from rdotool.core.uc_report import UcRow

ROWS = [
    UcRow("oslo.config", "9.7.2", "pin-behind", "python-oslo-config", "oslo-config", "9.7.1"),
    UcRow("netmiko", "4.5.0", "build-behind", "python-netmiko", "python-netmiko",
          built="python-netmiko-4.3.0-1.el9s"),
    UcRow("oslo.log", "7.0.0", "equal", "python-oslo-log", "oslo-log", "7.0.0"),
    UcRow("absent", "1.0", "not-packaged"),
    UcRow("kuryr-lib", "3.2.0", "unpinned", "python-kuryr-lib", "kuryr"),
]  # fmt: skip


def test_choose_bumps_by_status_and_name() -> None:
    both = choose_bumps(ROWS, ("pin-behind", "build-behind"))
    assert both == [
        Bump("python-netmiko", "python-netmiko", "netmiko", "4.3.0", "4.5.0", "build-behind"),
        Bump("python-oslo-config", "oslo-config", "oslo.config", "9.7.1", "9.7.2", "pin-behind"),
    ]
    assert choose_bumps(ROWS, ("pin-behind",)) == both[1:]
    # by rdoinfo name, project or UC name, canonically; a named row that is not behind: none
    for name in ("python-oslo-config", "oslo-config", "Oslo_Config"):
        assert [b.package for b in choose_bumps(ROWS, ("pin-behind",), [name])] == [
            "python-oslo-config"
        ]
    assert choose_bumps(ROWS, ("pin-behind",), ["oslo.log"]) == []
    assert unknown_names(ROWS, ["oslo.log", "nosuch", "kuryr"]) == ["nosuch"]


def test_a_package_resumes_at_its_first_unfinished_step() -> None:
    bump = choose_bumps(ROWS, ("pin-behind",))[0]
    state = PackageState(bump, "/work/python-oslo-config")
    assert list(state.steps) == list(STEPS) and state.next_step() == "clone"
    state.steps["clone"] = StepResult(DONE, "cloned")
    state.steps["new-version"] = StepResult(SKIPPED, "already at 9.7.2")
    assert state.next_step() == "reqcheck" and not state.failed
    state.steps["reqcheck"] = StepResult(FAILED, "no tag 9.7.2")
    assert state.next_step() == "reqcheck" and state.failed
    finished = PackageState(bump, "/x", {s: StepResult(DONE) for s in STEPS})
    pending = PackageState(bump, "/y")
    assert finished.next_step() is None
    assert counts([state, finished, pending]) == {"finished": 1, "failed": 1, "pending": 1}
