"""core/table_page.py and core/uc_report_page.py in memory: the page's HTML (the browser
side, sorting and filtering, is tested in Chromium by tests/uc/test_report_page.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from rdotool.core.table_page import Cell, Column, render_page
from rdotool.core.uc_report import RepoVersion, UcRow
from rdotool.core.uc_report_page import uc_report_page


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <td>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def parse(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    return parser


def test_hostile_text_is_escaped_everywhere() -> None:
    evil = '<script>alert("x")</script>&'
    page = render_page(
        evil,
        [evil],
        [Column(evil, facet=True)],
        [[Cell(evil, mark='a" onmouseover="x', note=evil)]],
    )
    assert page.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page
    found = parse(page)
    assert found.cells == [evil]
    td = next(attrs for tag, attrs in found.tags if tag == "td")
    assert td["data-mark"] == 'a" onmouseover="x' and "onmouseover" not in td


def test_cells_blanks_sort_keys_and_facets() -> None:
    columns = [Column("name"), Column("version", "version"), Column("state", facet=True)]
    rows = [
        [Cell("a"), Cell("1.10", sort="1.10"), Cell("ok", mark="ok")],
        [Cell("b"), Cell(""), Cell("bad", mark="bad", note="why")],
        [Cell("c"), Cell("2.0 =", sort="2.0"), Cell("ok", mark="ok")],
    ]
    page = render_page("T", ["line one", "line two"], columns, rows)
    found = parse(page)
    assert found.cells == ["a", "1.10", "ok", "b", "-", "bad", "c", "2.0 =", "ok"]
    tds = [attrs for tag, attrs in found.tags if tag == "td"]
    assert "data-sort" not in tds[1]  # the text is the key
    assert tds[4]["data-sort"] == ""  # a blank sorts last
    assert tds[7]["data-sort"] == "2.0"
    assert tds[5] == {"class": "m-bad", "data-mark": "bad", "title": "why"}
    ths = [attrs for tag, attrs in found.tags if tag == "th"]
    assert [th["data-kind"] for th in ths] == ["text", "version", "text"]
    selects = [attrs for tag, attrs in found.tags if tag == "select"]
    assert selects == [{"data-column": "2"}]
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', page)
    assert options == [("*", "all (3)"), ("ok", "ok (2)"), ("bad", "bad (1)")]
    assert '<span id="shown" aria-live="polite">3 of 3 rows</span>' in page
    assert [p for p in re.findall(r'<p class="meta">([^<]*)</p>', page)] == [
        "line one",
        "line two",
    ]


def test_the_page_needs_nothing_from_outside() -> None:
    page = render_page("T", [], [Column("a")], [[Cell("x")]])
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert not re.search(r"<(link|img|iframe)\b|src=|@import|url\(", page)


@dataclass
class Distro:
    python: str = "3.12"
    rows: list[UcRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Report:
    release: str = "epoxy"
    tag: str = "epoxy"
    source: str = "upper-constraints.txt"
    distros: dict[str, Distro] = field(default_factory=lambda: {"el10s": Distro()})


ROWS = [
    UcRow(
        "oslo.config", "9.7.2", "equal", "python-oslo-config", "oslo.config", "9.7.2",
        "python-oslo-config-9.7.2-1.el9s", "cloud9s-openstack-epoxy-release", True,
        repos=[RepoVersion("trunk", "python3-oslo-config", "9.7.1", "lower")],
    ),
    UcRow("nope", "1.0", "not-packaged", repos=[RepoVersion("trunk")]),
]  # fmt: skip


def test_uc_report_page_columns_marks_and_heading() -> None:
    report = Report(distros={"el9s": Distro("3.9", ROWS, {"equal": 1, "not-packaged": 1})})
    made = datetime(2026, 11, 26, 23, 40, tzinfo=timezone(timedelta(hours=1)))
    page = uc_report_page(report, made)
    found = parse(page)
    assert found.cells == [
        "oslo.config", "9.7.2", "9.7.2", "python-oslo-config-9.7.2-1.el9s",
        "python-oslo-config", "equal", "9.7.1 <",
        "nope", "1.0", "-", "-", "-", "not-packaged", "-",
    ]  # fmt: skip
    tds = [attrs for tag, attrs in found.tags if tag == "td"]
    assert (
        tds[3]["data-sort"] == "9.7.2" and tds[3]["title"] == "in cloud9s-openstack-epoxy-release"
    )
    assert tds[6] == {
        "class": "m-lower",
        "data-mark": "lower",
        "data-sort": "9.7.1",
        "title": "python3-oslo-config 9.7.1, lower than UC",
    }
    assert tds[13]["data-mark"] == "missing" and tds[13]["title"] == "not in trunk"
    assert "<title>Upper-constraints report: epoxy</title>" in page
    assert "Tag epoxy, against upper-constraints.txt, for el9s Python 3.9." in page
    assert "el9s: 2 entries: 1 equal, 1 not-packaged." in page
    assert "on 2026-11-26 22:40 UTC." in page
    assert [a["data-column"] for t, a in found.tags if t == "select"] == ["5", "6"]


def test_two_distros_get_a_distro_column_and_facet() -> None:
    report = Report(
        distros={
            "el9s": Distro("3.9", ROWS[:1], {"equal": 1}),
            "el10s": Distro("3.12", ROWS, {"equal": 1, "not-packaged": 1}),
        }
    )
    page = uc_report_page(report, datetime(2026, 1, 1, tzinfo=timezone.utc))
    found = parse(page)
    assert found.cells[0] == "el9s" and found.cells[8] == "el10s" and found.cells[16] == "el10s"
    assert [a["data-column"] for t, a in found.tags if t == "select"] == ["0", "6", "7"]
    assert "for el9s Python 3.9, el10s Python 3.12." in page
    assert "el9s: 1 entries: 1 equal." in page and "el10s: 2 entries:" in page


def test_an_empty_report_is_still_a_page() -> None:
    page = uc_report_page(Report(), datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert "el10s: no entries." in page and "0 of 0 rows" in page
    assert [a for t, a in parse(page).tags if t == "select"] == [{"data-column": "5"}]
