"""Human-readable views of rdoinfo data (packages, package lists, releases, summary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from rdotool.ops.info import InfoSummary

KEY_WIDTH = 16
_SCALAR_FIELDS_LAST = ("maintainers", "tags", "buildsys-tags")


def _kv(console: Console, key: str, value: str, indent: int = 2) -> None:
    from rich.text import Text

    line = Text(" " * indent)
    line.append(f"{key:<{KEY_WIDTH}}", style="cyan")
    line.append(value)
    console.print(line)


def _override_text(override: Any) -> str:
    if not override:
        return ""
    if isinstance(override, dict):
        return ", ".join(f"{k}={v}" for k, v in override.items())
    return str(override)


def render_package(console: Console, package: dict[str, Any], tag: str | None = None) -> None:
    """One package: its fields, then maintainers, tags with overrides, buildsys tags."""
    from rich.text import Text

    title = Text(package["name"], style="bold")
    if tag:
        title.append(f"  (tag {tag} applied)", style="dim")
    console.print(title)
    for key, value in package.items():
        if key == "name" or key in _SCALAR_FIELDS_LAST:
            continue
        if isinstance(value, (dict, list)):
            value = _override_text(value) if isinstance(value, dict) else ", ".join(map(str, value))
        _kv(console, key, "" if value is None else str(value))
    maintainers = package.get("maintainers") or []
    for index, maintainer in enumerate(maintainers):
        _kv(console, "maintainers" if index == 0 else "", str(maintainer))
    tags = package.get("tags") or {}
    if tags:
        plain = [name for name, override in tags.items() if not override]
        _kv(console, f"tags ({len(tags)})", " ".join(plain) if plain else "")
        for name, override in tags.items():
            if override:
                _kv(console, "", f"{name}: {_override_text(override)}")
    buildsys = package.get("buildsys-tags") or {}
    if buildsys:
        _kv(console, f"buildsys-tags ({len(buildsys)})", "")
        width = max(len(name) for name in buildsys)
        for name in sorted(buildsys):
            line = Text("    ")
            line.append(f"{name:<{width}}  ", style="cyan")
            line.append(str(buildsys[name]))
            console.print(line)


def render_columns(console: Console, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Aligned columns with a bold header; never wrapped or cropped, no trailing blanks."""
    from rich.text import Text

    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    console.print(Text(line(headers), style="bold"))
    for row in rows:
        console.print(line(row), markup=False)


def render_package_list(console: Console, packages: Sequence[dict[str, Any]]) -> None:
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
    render_columns(console, ("name", "project", "conf", "component"), rows)


def render_releases(console: Console, releases: Sequence[dict[str, Any]]) -> None:
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
    render_columns(console, headers, rows)


def render_summary(console: Console, summary: InfoSummary, source: str) -> None:
    """What `rdotool info` shows without terms."""
    from rich.text import Text

    console.print(Text(f"rdoinfo {source}", style="bold"))
    console.print()
    render_releases(console, summary.releases)
    console.print()
    console.print(Text(f"{summary.package_count} packages", style="bold"))
    rows = [(conf or "(no conf)", str(count)) for conf, count in summary.confs.items()]
    render_columns(console, ("conf", "packages"), rows)
    console.print()
    console.print(
        Text(
            "Show a package with `rdotool info NAME`; filter with ATTR:REGEX, "
            "e.g. `rdotool info conf:client maintainers:jcapitao`.",
            style="dim",
        )
    )
