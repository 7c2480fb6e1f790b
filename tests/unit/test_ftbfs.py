"""core/ftbfs: the phase and first error of failed build logs shaped like real ones
(rpmbuild's own failures are provoked for real in tests/builds/test_ftbfs.py)."""

from __future__ import annotations

from rdotool.core.ftbfs import explain


def test_rpmbuild_missing_build_dependencies() -> None:
    log = (
        "error: Failed build dependencies:\n"
        "\tpython3-nosuch is needed by hello-1.0-1.el9s.noarch\n"
        "\tpython3-other >= 2 is needed by hello-1.0-1.el9s.noarch\n"
    )
    summary = explain(log)
    assert summary.phase == "BuildRequires"
    assert summary.first_error == "missing BuildRequires: python3-nosuch, python3-other >= 2"


def test_mock_root_log_dependency_failures() -> None:
    """Shaped like mock's root.log for dnf 4 and dnf 5."""
    dnf4 = (
        "DEBUG util.py:446:  No matching package to install: 'python3-nosuch'\n"
        "DEBUG util.py:446:  Not all dependencies satisfied\n"
        "DEBUG util.py:446:  Error: Some packages could not be found.\n"
    )
    dnf5 = (
        "DEBUG util.py:446:  Failed to resolve the transaction:\n"
        "DEBUG util.py:446:  No match for argument: python3-nosuch\n"
        "DEBUG util.py:446:  Problem: conflicting requests\n"
        "DEBUG util.py:446:    - nothing provides python3-dep >= 2 needed by python3-x-1-1.noarch\n"
    )
    first = explain("", dnf4)
    assert first.phase == "BuildRequires"
    assert first.first_error == "missing BuildRequires: python3-nosuch"
    assert "No matching package to install: 'python3-nosuch'" in first.context
    second = explain("", dnf5)
    assert second.first_error == "missing BuildRequires: python3-nosuch, python3-dep >= 2"


def test_check_failures_name_the_first_failing_test() -> None:
    pytest_log = (
        "Executing(%check): /bin/sh -e /var/tmp/rpm-tmp.1\n"
        "+ pytest\n"
        "tests/test_a.py::test_ok PASSED\n"
        "FAILED tests/test_b.py::test_broken - assert 1 == 2\n"
        "FAILED tests/test_c.py::test_other - KeyError\n"
        "error: Bad exit status from /var/tmp/rpm-tmp.1 (%check)\n"
    )
    assert explain(pytest_log).first_error == "test failed: tests/test_b.py::test_broken"
    stestr_log = (
        "Executing(%check): /bin/sh -e /var/tmp/rpm-tmp.1\n"
        "+ stestr run\n"
        "{0} oslo_config.tests.test_cfg.ConfigTest.test_a [0.1s] ... ok\n"
        "{1} oslo_config.tests.test_cfg.ConfigTest.test_b [0.2s] ... FAILED\n"
        "error: Bad exit status from /var/tmp/rpm-tmp.1 (%check)\n"
    )
    assert (
        explain(stestr_log).first_error
        == "test failed: oslo_config.tests.test_cfg.ConfigTest.test_b"
    )


def test_a_patch_named_in_interleaved_traces() -> None:
    """rpm 4.18 traces `rpmuncompress X.patch | patch`: the two traces may mix."""
    log = (
        "Executing(%prep): /bin/sh -e /var/tmp/rpm-tmp.1\n"
        "+ + /usr/bin/patch -p1 -s --fuzz=0 --no-backup-if-mismatch/usr/lib/rpm/rpmuncompress -f\n"
        " /build/SOURCES/0002-Fix-it.patch\n"
        "1 out of 2 hunks FAILED -- saving rejects to file nova/api.py.rej\n"
        "error: Bad exit status from /var/tmp/rpm-tmp.1 (%prep)\n"
    )
    summary = explain(log)
    assert summary.phase == "%prep"
    assert summary.first_error.startswith("patch 0002-Fix-it.patch does not apply: 1 out of 2")
    old_style = "Executing(%prep): x\nPatch #3 (0003-a.patch):\nHunk #1 FAILED at 4.\n"
    assert explain(old_style).first_error.startswith("patch 0003-a.patch does not apply")


def test_a_traceback_gives_its_exception() -> None:
    log = (
        "Executing(%build): /bin/sh -e /var/tmp/rpm-tmp.2\n"
        "+ python3 setup.py build\n"
        "Traceback (most recent call last):\n"
        '  File "setup.py", line 3, in <module>\n'
        "    import pbr\n"
        "ModuleNotFoundError: No module named 'pbr'\n"
        "error: Bad exit status from /var/tmp/rpm-tmp.2 (%build)\n"
    )
    summary = explain(log)
    assert (summary.phase, summary.first_error) == (
        "%build",
        "ModuleNotFoundError: No module named 'pbr'",
    )
    assert "Traceback (most recent call last):" in summary.context


def test_a_log_that_says_nothing_recognisable() -> None:
    summary = explain("something went wrong\n")
    assert summary.phase == ""
    assert summary.first_error == "something went wrong"


def test_signatures_ignore_what_changes_between_commits() -> None:
    from rdotool.core.ftbfs import Ftbfs, signature

    one = Ftbfs("%files", "file not found: /b/BUILDROOT/p-1.0.1-0.20261126.abc1234.x86_64/usr/x")
    two = Ftbfs("%files", "file not found: /b/BUILDROOT/p-1.0.2-0.20261127.def5678.x86_64/usr/x")
    assert signature(one) == signature(two)
    assert signature(Ftbfs("%check", "value is broken")) != signature(Ftbfs("%prep", "x"))


def test_a_silent_failing_command_is_named() -> None:
    log = (
        "Executing(%prep): /bin/sh -e /var/tmp/rpm-tmp.3\n"
        "+ cd tiny-1.0.1\n"
        "+ test -f needed.txt\n"
        "error: Bad exit status from /var/tmp/rpm-tmp.3 (%prep)\n"
        "\n"
        "RPM build errors:\n"
        "    Bad exit status from /var/tmp/rpm-tmp.3 (%prep)\n"
    )
    assert explain(log).first_error == "`test -f needed.txt` failed"
