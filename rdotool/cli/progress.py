"""How the use cases' progress and warnings reach the terminal (the CLI's Reporter)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import Any

from rdotool.cli.output import err, note, warn


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


class TerminalReporter:
    """Warnings as `rdotool: warning:` lines and progress bars, both on stderr."""

    def warn(self, message: str) -> None:
        warn(message)

    def note(self, message: str) -> None:
        note(message)

    @contextmanager
    def progress(self, label: str) -> Iterator[ProgressBar]:
        with ProgressBar(label) as bar:
            yield bar
