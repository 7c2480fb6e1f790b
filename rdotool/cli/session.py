"""Opening rdoinfo for a command: settings, clone/fetch progress on stderr, warnings."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from rdotool.cli.output import err, warn
from rdotool.ops.rdoinfo import LoadedRdoinfo


class ProgressBar:
    """A progress bar on stderr, started by the first report (terminals only)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, stage: str, done: float, total: float | None) -> None:
        printer = err()
        if not printer.is_terminal:
            return
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=printer.console(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(
            self._task, description=f"{self.label}: {stage}", completed=done, total=total
        )

    def download(self, done: int, total: int | None) -> None:
        """Report a download (bytes so far, total)."""
        self("downloading", float(done), float(total) if total else None)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()


def open_rdoinfo(
    rdoinfo: str | None = None,
    info_file: str | None = None,
    offline: bool | None = None,
    fetch: bool = False,
) -> LoadedRdoinfo:
    """Load rdoinfo as the options, environment and config file say; print its warnings."""
    from rdotool.config import load_settings
    from rdotool.ops.rdoinfo import load_rdoinfo

    settings = load_settings().with_options(rdoinfo=rdoinfo, info_file=info_file, offline=offline)
    with ProgressBar("rdoinfo") as progress:
        loaded = load_rdoinfo(settings, force_fetch=fetch, progress=progress)
    for message in loaded.warnings:
        warn(message)
    return loaded


def upstream_branches(rdoinfo: str | None, offline: bool | None) -> Callable[[str], list[str]]:
    """The distgit branch -> upstream branches resolver the distgit commands take: rdoinfo
    is loaded only when it is called; when it cannot be, the branch name is the guide."""

    def resolve(distgit_branch: str) -> list[str]:
        from rdotool.core.rdoinfo import upstream_branches as from_releases
        from rdotool.errors import RdotoolError

        try:
            releases = open_rdoinfo(rdoinfo, offline=offline).rdoinfo.releases()
        except RdotoolError as exc:
            warn(f"{exc.message}; guessing the upstream branch from {distgit_branch}")
            releases = []
        return from_releases(releases, distgit_branch)

    return resolve
