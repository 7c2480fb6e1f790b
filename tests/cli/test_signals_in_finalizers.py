"""An interruption that lands while a finalizer runs (GitPython's Repo.__del__ during
garbage collection) is not lost: Python swallows it there, rdotool raises it again."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, os, signal, sys
    from rdotool import signals

    signals.install()
    signals.arm()

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)  # the handler raises in here

    Finalized()
    gc.collect()
    print("the finalizer swallowed it", flush=True)
    try:
        signals.checkpoint()
    except signals.Interrupted as exc:
        print("raised again:", exc.name, exc.exit_code)
    signals.checkpoint()  # once only
    print("done")
    """
)


def test_an_interruption_swallowed_by_a_finalizer_is_raised_at_the_next_checkpoint() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "the finalizer swallowed it",
        "raised again: SIGTERM 143",
        "done",
    ]
    assert "Exception ignored" not in result.stderr  # no traceback printed for it


def test_a_checkpoint_inside_a_shield_waits_for_the_shield() -> None:
    script = SCRIPT.replace(
        "    signals.checkpoint()\nexcept",
        "    with signals.shielded():\n        signals.checkpoint()\n        print('held')\n"
        "    signals.checkpoint()\nexcept",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.splitlines()[:3] == [
        "the finalizer swallowed it",
        "held",
        "raised again: SIGTERM 143",
    ], result.stderr
