"""`uc report --html`: the page, opened in a real headless Chromium (Debian's chromium and
chromium-driver, driven by selenium), sorts, filters and keeps its view in the URL.

Skipped when no Chromium is installed, except under CI (CI=true), where the Makefile
installs it: there a missing browser fails the test rather than hiding it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from functools import cmp_to_key
from pathlib import Path
from typing import Any

import pytest

from rdotool.core.rpmvercmp import rpmvercmp
from tests.conftest import SHARED_DATA, RunCli
from tests.repositories import repository

pytestmark = pytest.mark.shared_data

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: `make test` installs it (scripts/ensure-sysdeps.sh)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium is not installed")
    binary = next((found for b in BROWSERS if (found := shutil.which(b))), None)
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        _missing("Chromium and its driver (chromium, chromium-driver) are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        # no network here: keep Chromium from trying its own services
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """epoxy's UC report against a trunk repository shipping oslo.config at UC (9.7.2),
    oslo.log below it and oslo.utils above: the page and the same report as JSON."""
    from tests.conftest import SHARED_RDOINFO

    if not (SHARED_RDOINFO / "rdo.yml").is_file():
        pytest.skip(f"{SHARED_RDOINFO} is absent")
    root = tmp_path_factory.mktemp("report")
    repository(
        root / "trunk",
        [
            ("python3-oslo-config", "2", "9.7.2", "1.el9s", "python-oslo-config"),
            ("python3-oslo-log", "0", "1.0.0", "1.el9s", "python-oslo-log"),
            ("python3-oslo-utils", "0", "99.0.0", "1.el9s", "python-oslo-utils"),
        ],
    )
    page = root / "uc.html"
    env = {"RDOTOOL_CACHE_DIR": str(root / "cache"), "NO_COLOR": "1"}
    import subprocess
    import sys

    run = subprocess.run(
        [
            sys.executable, "-m", "rdotool", "uc", "report", "--release", "epoxy",
            "--rdoinfo", str(SHARED_RDOINFO),
            "--uc-file", str(SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"),
            "--repo", f"trunk={root / 'trunk'}", "--html", str(page), "--json",
            "--distro", "el9s",
        ],
        capture_output=True, text=True, env={**os.environ, **env}, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert f"wrote {page} (" in run.stderr
    return page, json.loads(run.stdout)["distros"]["el9s"]


def column(driver: Any, index: int, attribute: str = "data-sort") -> list[str]:
    """The visible rows' `attribute` in column `index` (their text where they have none:
    the sort key by default), top to bottom."""
    return list(
        driver.execute_script(
            """
            return Array.from(document.querySelectorAll('#report tbody tr'))
              .filter(r => !r.hidden)
              .map(r => { const c = r.cells[arguments[0]];
                          const v = c.getAttribute(arguments[1]);
                          return v === null ? c.textContent : v; });
            """,
            index,
            attribute,
        )
    )


def heading(driver: Any, title: str) -> Any:
    from selenium.webdriver.common.by import By

    return next(
        th for th in driver.find_elements(By.CSS_SELECTOR, "#report th") if th.text == title
    )


def test_the_page_renders_the_report(browser: Any, report: tuple[Path, dict[str, Any]]) -> None:
    page, data = report
    browser.get(page.as_uri())
    assert browser.title == "Upper-constraints report: epoxy"
    rows = data["rows"]
    assert len(column(browser, 0)) == len(rows) == sum(data["counts"].values())
    shown = browser.find_element("id", "shown").text
    assert shown == f"{len(rows)} of {len(rows)} rows"
    assert [th.text for th in browser.find_elements("css selector", "#report th")] == [
        "uc name", "uc", "pin", "built", "package", "status", "trunk",
    ]  # fmt: skip
    trunk = dict(zip(column(browser, 0), column(browser, 6, "text")))
    assert (trunk["oslo.config"], trunk["oslo.log"], trunk["oslo.utils"]) == (
        "9.7.2 =", "1.0.0 <", "99.0.0 >",
    )  # fmt: skip
    shot = page.parent / "page.png"
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_sorting_follows_rpm_version_order(
    browser: Any, report: tuple[Path, dict[str, Any]]
) -> None:
    """Clicking "uc" sorts 588 real UC versions as RPM orders them (10.0 after 9.9);
    clicking again reverses; names sort as text; blanks stay last either way."""
    page, data = report
    browser.get(page.as_uri())
    heading(browser, "uc").find_element("tag name", "button").click()
    assert heading(browser, "uc").get_attribute("aria-sort") == "ascending"
    ascending = column(browser, 1)
    assert ascending == sorted((r["uc"] for r in data["rows"]), key=cmp_to_key(rpmvercmp))
    heading(browser, "uc").find_element("tag name", "button").click()
    assert heading(browser, "uc").get_attribute("aria-sort") == "descending"
    descending = column(browser, 1)
    assert [rpmvercmp(a, b) >= 0 for a, b in zip(descending, descending[1:])] == [True] * (
        len(descending) - 1
    )
    heading(browser, "pin").find_element("tag name", "button").click()
    pins = column(browser, 2)
    filled = [p for p in pins if p]
    assert pins == filled + [""] * (len(pins) - len(filled)) and len(filled) == 94
    heading(browser, "pin").find_element("tag name", "button").click()
    pins = column(browser, 2)
    assert pins[-1] == "" and pins[0] != ""
    assert "sort=-2" in browser.current_url


def _text(row: dict[str, Any]) -> str:
    """A row's text as the page shows it (blanks as "-")."""
    marks = {"equal": "=", "lower": "<", "higher": ">"}
    cells = [row["name"], row["uc"], row["pin"], row["built"], row["package"], row["status"]]
    cells += [f"{r['version']} {marks[r['versus']]}" if r["version"] else "" for r in row["repos"]]
    return "".join(c or "-" for c in cells).lower()


def test_filters_narrow_the_rows_and_the_view_survives_a_reload(
    browser: Any, report: tuple[Path, dict[str, Any]]
) -> None:
    from selenium.webdriver.support.ui import Select

    page, data = report
    rows = data["rows"]
    browser.get(page.as_uri())
    search = browser.find_element("id", "filter")
    search.send_keys("oslo config")
    expected = [r["name"] for r in rows if "oslo" in _text(r) and "config" in _text(r)]
    assert column(browser, 0) == expected and "oslo.config" in expected
    search.clear()
    search.send_keys("zz-no-such-thing")
    assert column(browser, 0) == []
    assert browser.find_element("id", "empty").is_displayed()
    search.clear()
    search.send_keys(" ")  # clear() sends no input event: type something that matches all
    assert len(column(browser, 0)) == len(rows)

    status = Select(browser.find_element("css selector", 'select[data-column="5"]'))
    assert "pin-behind (12)" in [o.text for o in status.options]
    status.select_by_value("pin-behind")
    assert column(browser, 0) == [r["name"] for r in rows if r["status"] == "pin-behind"]
    assert browser.find_element("id", "shown").text == f"12 of {len(rows)} rows"
    status.select_by_value("*")
    trunk = Select(browser.find_element("css selector", 'select[data-column="6"]'))
    trunk.select_by_value("lower")
    assert column(browser, 0) == ["oslo.log"]
    trunk.select_by_value("missing")
    assert len(column(browser, 0)) == len(rows) - 3

    trunk.select_by_value("higher")
    heading(browser, "uc name").find_element("tag name", "button").click()
    linked = browser.current_url
    assert "c6=higher" in linked and "sort=0" in linked
    browser.get("about:blank")
    browser.get(linked)
    assert column(browser, 0) == ["oslo.utils"]
    assert Select(
        browser.find_element("css selector", 'select[data-column="6"]')
    ).first_selected_option.text.startswith("higher")
    assert heading(browser, "uc name").get_attribute("aria-sort") == "ascending"


def test_html_to_stdout_and_a_bad_path(
    rdotool: RunCli, shared_rdoinfo: Path, tmp_path: Path
) -> None:
    args = (
        "uc", "report", "--release", "epoxy", "--rdoinfo", str(shared_rdoinfo),
        "--uc-file", str(SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"),
    )  # fmt: skip
    page = rdotool(*args, "--html", "-", "--status", "pin-behind", "--distro", "el9s")
    assert page.exit_code == 0, page.stderr
    assert page.stdout.startswith("<!DOCTYPE html>") and page.stdout.count("<tr>") == 12 + 1
    assert "<script src" not in page.stdout and "<link" not in page.stdout  # self-contained
    missing = rdotool(*args, "--html", str(tmp_path / "no" / "such" / "dir" / "r.html"))
    assert missing.exit_code != 0
    assert "cannot write" in missing.stderr and "Traceback" not in missing.stderr


def test_a_release_with_two_distros_is_one_page_with_a_distro_facet(
    browser: Any, rdotool: RunCli, shared_rdoinfo: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "both.html"
    result = rdotool(
        "uc", "report", "--release", "epoxy", "--rdoinfo", str(shared_rdoinfo),
        "--uc-file", str(SHARED_DATA / "upper-constraints" / "stable-2025.1.txt"),
        "--html", str(page), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)["distros"]
    browser.get(page.as_uri())
    assert [th.text for th in browser.find_elements("css selector", "#report th")][:2] == [
        "distro",
        "uc name",
    ]
    total = len(data["el9s"]["rows"]) + len(data["el10s"]["rows"])
    assert len(column(browser, 0)) == total == 588 + 585
    distro = Select(browser.find_element("css selector", 'select[data-column="0"]'))
    distro.select_by_value("el10s")
    assert len(column(browser, 0)) == 585
    browser.find_element("id", "filter").send_keys("netmiko")
    assert column(browser, 4, "text") == ["python-netmiko-4.4.0-5.el10s"]
    distro.select_by_value("el9s")
    assert column(browser, 4, "text") == ["python-netmiko-4.3.0-1.el9s"]
