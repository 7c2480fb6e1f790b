"""Human-readable views of rdoinfo data (packages, package lists, releases, summary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdotool.cli.output import Printer
    from rdotool.ops.info import InfoSummary

KEY_WIDTH = 16
KEY_STYLE = "cyan"
_SHOWN_LAST = ("maintainers", "tags", "buildsys-tags")


def _kv(printer: Printer, key: str, value: str) -> None:
    printer.line("  ", (f"{key:<{KEY_WIDTH}}", KEY_STYLE), value)


def _override_text(override: Any) -> str:
    if isinstance(override, dict):
        return ", ".join(f"{k}={v}" for k, v in override.items())
    return "" if override is None else str(override)


def render_package(printer: Printer, package: dict[str, Any], tag: str | None = None) -> None:
    """One package: its fields, then maintainers, tags with overrides, buildsys tags."""
    title: list[Any] = [(package["name"], "bold")]
    if tag:
        title.append((f"  (tag {tag} applied)", "dim"))
    printer.line(*title)
    for key, value in package.items():
        if key == "name" or key in _SHOWN_LAST:
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        _kv(printer, key, _override_text(value))
    for index, maintainer in enumerate(package.get("maintainers") or []):
        _kv(printer, "maintainers" if index == 0 else "", str(maintainer))
    tags = package.get("tags") or {}
    if tags:
        plain = [name for name, override in tags.items() if not override]
        _kv(printer, f"tags ({len(tags)})", " ".join(plain))
        for name, override in tags.items():
            if override:
                _kv(printer, "", f"{name}: {_override_text(override)}")
    buildsys = package.get("buildsys-tags") or {}
    if buildsys:
        _kv(printer, f"buildsys-tags ({len(buildsys)})", "")
        width = max(len(name) for name in buildsys)
        for name in sorted(buildsys):
            printer.line("    ", (f"{name:<{width}}  ", KEY_STYLE), str(buildsys[name]))


def render_columns(printer: Printer, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Aligned columns with a bold header; never wrapped or cropped, no trailing blanks."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    printer.line((line(headers), "bold"))
    for row in rows:
        printer.line(line(row))


def render_package_list(printer: Printer, packages: Sequence[dict[str, Any]]) -> None:
    """A compact listing: name, project, conf, component."""
    rows = [
        (
            p["name"],
            str(p.get("project", "")),
            str(p.get("conf") or "-"),
            str(p.get("component") or "-"),
        )
        for p in packages
    ]
    render_columns(printer, ("name", "project", "conf", "component"), rows)


def render_releases(printer: Printer, releases: Sequence[dict[str, Any]]) -> None:
    """Releases with status, branches and where each repo is built."""
    rows = [
        (
            r["name"],
            str(r.get("status", "-")),
            str(r.get("branch", "-")),
            str(r.get("identifier") or "-"),
            str(r.get("upstream_branch") or "-"),
            ", ".join(f"{repo['name']}:{repo.get('buildsys', '-')}" for repo in r.get("repos", [])),
        )
        for r in releases
    ]
    headers = ("release", "status", "branch", "identifier", "upstream-branch", "repos")
    render_columns(printer, headers, rows)


def render_summary(printer: Printer, summary: InfoSummary, source: str) -> None:
    """What `rdotool info` shows without terms."""
    printer.line((f"rdoinfo {source}", "bold"))
    printer.line()
    render_releases(printer, summary.releases)
    printer.line()
    printer.line((f"{summary.package_count} packages", "bold"))
    rows = [(conf or "(no conf)", str(count)) for conf, count in summary.confs.items()]
    render_columns(printer, ("conf", "packages"), rows)
    printer.line()
    printer.line(
        (
            "Show a package with `rdotool info NAME`; filter with ATTR:REGEX, "
            "e.g. `rdotool info conf:client maintainers:jcapitao`.",
            "dim",
        )
    )
