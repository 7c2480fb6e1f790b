"""Opening rdoinfo for a command: settings, clone/fetch progress on stderr, warnings."""

from __future__ import annotations

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
