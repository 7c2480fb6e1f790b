"""One self-contained HTML page holding a sortable, filterable table (pure text).

Reports that people read in a browser (`uc report --html`) are written as a single file
with its style and script inline: no external assets, so it can be attached to a CI job,
opened from disk or served by any static host. The table is complete HTML (it reads
without JavaScript); the script adds sorting on every column (versions compare by their
numeric segments, as RPM does, and blanks stay last), a free-text filter, one select per
faceted column, a "shown" count, and keeps that view in the URL's #fragment so a filtered
view can be linked to.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple


class Column(NamedTuple):
    title: str
    kind: str = "text"  # "text" or "version": how the script sorts it
    facet: bool = False  # a select offers this column's marks as filters


class Cell(NamedTuple):
    text: str  # shown; "" is shown as "-" and sorts last
    mark: str = ""  # a class for colour and the facet value (status, equal/lower/higher)
    sort: str | None = None  # what to sort on, when not the text
    note: str = ""  # a tooltip


def render_page(
    title: str,
    lines: Sequence[str],
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
) -> str:
    """The page: `title` as heading, `lines` under it, then the table."""
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        f"<header>\n<h1>{_e(title)}</h1>\n",
        *(f'<p class="meta">{_e(line)}</p>\n' for line in lines),
        _controls(columns, rows),
        "</header>\n<main>\n",
        '<table id="report">\n<thead><tr>',
        *(
            f'<th data-kind="{_e(c.kind)}" aria-sort="none">'
            f'<button type="button">{_e(c.title)}</button></th>'
            for c in columns
        ),
        "</tr></thead>\n<tbody>\n",
        *(_row(row) for row in rows),
        "</tbody>\n</table>\n",
        '<p id="empty" hidden>No row matches the filters.</p>\n',
        f"</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _controls(columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> str:
    """The filter box, a select per faceted column (choices with their counts), the count."""
    parts = [
        '<div class="controls">\n<label>Filter <input id="filter" type="search" '
        'placeholder="words, all must match" autocomplete="off"></label>\n'
    ]
    for index, column in enumerate(columns):
        if not column.facet:
            continue
        found: dict[str, int] = {}
        for row in rows:
            mark = row[index].mark
            found[mark] = found.get(mark, 0) + 1
        options = "".join(
            f'<option value="{_e(mark)}">{_e(mark or "(none)")} ({n})</option>'
            for mark, n in found.items()
        )
        parts.append(
            f'<label>{_e(column.title)} <select data-column="{index}">'
            f'<option value="*">all ({len(rows)})</option>{options}</select></label>\n'
        )
    parts.append(f'<span id="shown" aria-live="polite">{len(rows)} of {len(rows)} rows</span>\n')
    parts.append("</div>\n")
    return "".join(parts)


def _row(cells: Sequence[Cell]) -> str:
    out = ["<tr>"]
    for cell in cells:
        attributes = ""
        if cell.mark:
            attributes += f' class="m-{_e(cell.mark)}" data-mark="{_e(cell.mark)}"'
        sort = cell.text if cell.sort is None else cell.sort
        if sort != cell.text or not cell.text:
            attributes += f' data-sort="{_e(sort)}"'
        if cell.note:
            attributes += f' title="{_e(cell.note)}"'
        out.append(f"<td{attributes}>{_e(cell.text) if cell.text else '-'}</td>")
    out.append("</tr>\n")
    return "".join(out)


STYLE = """
:root { color-scheme: light dark; --line: #d0d4d9; --head: #f3f4f6; --bad: #fde2e1;
  --warn: #fff3cd; --good: #e3f4e6; --info: #e1ecfb; --dim: #6b7280; }
@media (prefers-color-scheme: dark) { :root { --line: #3a3f46; --head: #23272e;
  --bad: #5a1f1d; --warn: #4d3f10; --good: #173a22; --info: #1b3252; --dim: #9aa1ab; } }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5rem 2rem; }
h1 { font-size: 1.4rem; margin: 1rem 0 .3rem; }
.meta { margin: .1rem 0; color: var(--dim); }
.controls { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; align-items: center;
  margin: .8rem 0; }
.controls input { min-width: 16rem; }
#shown { color: var(--dim); }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: left;
  white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--head); }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid highlight; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
.m-pin-behind, .m-build-behind, .m-lower, .m-missing { background: var(--bad); }
.m-unpinned, .m-not-packaged, .m-pinned-ref { background: var(--warn); }
.m-ahead, .m-higher, .m-version-locked, .m-under-review { background: var(--info); }
.m-equal { background: var(--good); }
@media print { .controls { display: none; } thead th { position: static; } }
"""

SCRIPT = r"""
(function () {
  "use strict";
  var table = document.getElementById("report");
  var heads = table.tHead.rows[0].cells;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var words = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var filter = document.getElementById("filter");
  var facets = Array.prototype.slice.call(document.querySelectorAll("select[data-column]"));
  var shown = document.getElementById("shown");
  var empty = document.getElementById("empty");
  var sorted = { column: -1, descending: false };

  function key(row, column) {
    var cell = row.cells[column];
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent : value;
  }

  // RPM's rule, near enough for display: digit runs compare as numbers and beat
  // letter runs, "~" sorts before anything, other separators only split.
  function segments(version) {
    return version.match(/~|\d+|[A-Za-z]+/g) || [];
  }
  function compareVersions(a, b) {
    var x = segments(a), y = segments(b);
    for (var i = 0; i < Math.max(x.length, y.length); i++) {
      var p = x[i], q = y[i];
      if (p === q) continue;
      if (p === "~" || q === "~") return p === "~" ? -1 : 1;
      if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
      var pn = /^\d/.test(p), qn = /^\d/.test(q);
      if (pn && qn) {
        var diff = p.replace(/^0+/, "").length - q.replace(/^0+/, "").length;
        if (diff) return diff < 0 ? -1 : 1;
        var pz = p.replace(/^0+/, ""), qz = q.replace(/^0+/, "");
        if (pz !== qz) return pz < qz ? -1 : 1;
        continue;
      }
      if (pn !== qn) return pn ? 1 : -1;
      return p < q ? -1 : 1;
    }
    return 0;
  }
  window.rdotoolCompareVersions = compareVersions;

  function sortBy(column, descending) {
    var kind = heads[column].getAttribute("data-kind");
    var order = rows.map(function (row, index) { return [key(row, column), index, row]; });
    order.sort(function (a, b) {
      if (a[0] === "" || b[0] === "") {  // blanks last, whichever the direction
        if (a[0] !== b[0]) return a[0] === "" ? 1 : -1;
        return a[1] - b[1];
      }
      var c = kind === "version" ? compareVersions(a[0], b[0])
        : a[0].localeCompare(b[0], undefined, { numeric: true, sensitivity: "base" });
      return (descending ? -c : c) || a[1] - b[1];
    });
    order.forEach(function (item) { body.appendChild(item[2]); });
    for (var i = 0; i < heads.length; i++) {
      heads[i].setAttribute("aria-sort", i !== column ? "none"
        : descending ? "descending" : "ascending");
    }
    sorted = { column: column, descending: descending };
  }

  function apply() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row, index) {
      var visible = terms.every(function (t) { return words[index].indexOf(t) >= 0; })
        && facets.every(function (select) {
          var cell = row.cells[Number(select.getAttribute("data-column"))];
          return select.value === "*" || (cell.getAttribute("data-mark") || "") === select.value;
        });
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = count + " of " + rows.length + " rows";
    empty.hidden = count > 0;
  }

  function save() {
    var state = new URLSearchParams();
    if (filter.value) state.set("q", filter.value);
    facets.forEach(function (select) {
      if (select.value !== "*") state.set("c" + select.getAttribute("data-column"), select.value);
    });
    if (sorted.column >= 0) state.set("sort", (sorted.descending ? "-" : "") + sorted.column);
    var text = state.toString();
    history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  }

  function load() {
    var state = new URLSearchParams(location.hash.slice(1));
    filter.value = state.get("q") || "";
    facets.forEach(function (select) {
      var value = state.get("c" + select.getAttribute("data-column"));
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
      select.value = value !== null && known ? value : "*";
    });
    var sort = state.get("sort");
    if (sort && /^-?\d+$/.test(sort) && Math.abs(Number(sort)) < heads.length) {
      sortBy(Math.abs(Number(sort)), sort.charAt(0) === "-");
    }
    apply();
  }

  Array.prototype.forEach.call(heads, function (head, column) {
    head.querySelector("button").addEventListener("click", function () {
      sortBy(column, sorted.column === column && !sorted.descending);
      save();
    });
  });
  filter.addEventListener("input", function () { apply(); save(); });
  facets.forEach(function (select) {
    select.addEventListener("change", function () { apply(); save(); });
  });
  load();
}());
"""
