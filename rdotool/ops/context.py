"""The run context: what every use case receives from the command line, built once per run.

`rdotool` builds one `RunContext` in its root callback (as hatch builds one
`Application`); a command narrows it with its own options (`--rdoinfo`, `--offline`) and
hands it to one ops function. It holds:

- the environment, parsed in one place (config.load_settings reads it, nothing else does);
- the settings, read once however many use cases ask (the config file is read at most
  once per run, lazily, so `rdotool info` stays fast when the cache answers);
- a clock (tests inject a fixed one: changelog dates never depend on the wall clock);
- a reporter, through which use cases report progress and warnings without printing
  (the CLI gives a rich progress bar and stderr; tests and library callers a silent one).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from rdotool.config import EnvVars, Settings, env_flag, load_settings

if TYPE_CHECKING:
    from datetime import date, datetime

    from rdotool.ops.rdoinfo import LoadedRdoinfo


class Progress(Protocol):
    """One progress report in flight: stages (git) and downloads (bytes)."""

    def __call__(self, stage: str, done: float, total: float | None) -> None: ...

    def download(self, done: int, total: int | None) -> None: ...


class Reporter(Protocol):
    """How a use case tells the person running it what is happening."""

    def warn(self, message: str) -> None: ...

    def note(self, message: str) -> None: ...

    def progress(self, label: str) -> Any:  # a context manager yielding a Progress
        ...


class _NoProgress:
    def __call__(self, stage: str, done: float, total: float | None) -> None:
        return None

    def download(self, done: int, total: int | None) -> None:
        return None


class SilentReporter:
    """Keeps warnings in a list and shows no progress (tests, library use)."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.notes: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def note(self, message: str) -> None:
        self.notes.append(message)

    @contextmanager
    def progress(self, label: str) -> Iterator[Progress]:
        yield _NoProgress()


class _Once:
    """What a run computes at most once, shared by every narrowed copy of its context."""

    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.rdoinfo: dict[tuple[Settings, bool], LoadedRdoinfo] = {}


def _now() -> datetime:
    from datetime import datetime  # here: ~3 ms, and most runs never ask the time

    return datetime.now()


@dataclass(frozen=True)
class RunContext:
    """One run of rdotool, as the use cases see it (see the module docstring)."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    debug: bool = False
    clock: Callable[[], datetime] = _now
    reporter: Reporter = field(default_factory=SilentReporter)
    overrides: tuple[tuple[str, Any], ...] = ()  # the command's own --rdoinfo, --offline...
    _once: _Once = field(default_factory=_Once, compare=False, repr=False)

    @classmethod
    def from_environment(cls, debug: bool = False, **fields: Any) -> RunContext:
        env = dict(os.environ)
        return cls(env=env, debug=debug or env_flag(env, EnvVars.DEBUG), **fields)

    @property
    def settings(self) -> Settings:
        """Defaults < config file < environment < this command's options."""
        if self._once.settings is None:
            self._once.settings = load_settings(dict(self.env))
        return self._once.settings.with_options(**dict(self.overrides))

    def with_options(self, **options: Any) -> RunContext:
        """This context with the command-line options that were given (not None)."""
        given = tuple((k, v) for k, v in options.items() if v is not None)
        return replace(self, overrides=self.overrides + given) if given else self

    def today(self) -> date:
        return self.clock().date()

    def warn(self, message: str) -> None:
        self.reporter.warn(message)

    def note_phase(self, what: str) -> Callable[[str], None]:
        """A callback reporting the phases of `what` (`build: srpm`) as notes."""
        return lambda phase: self.reporter.note(f"{what}: {phase}")

    def progress(self, label: str) -> Any:
        """A context manager yielding a Progress for `label` (e.g. "rdoinfo", "Source0")."""
        return self.reporter.progress(label)

    def rdoinfo(self, fetch: bool = False) -> LoadedRdoinfo:
        """rdoinfo as the settings name it, loaded once per run; its warnings reported."""
        from rdotool.ops.rdoinfo import load_rdoinfo

        settings = self.settings
        key = (settings, fetch)
        if key not in self._once.rdoinfo:
            with self.progress("rdoinfo") as progress:
                loaded = load_rdoinfo(settings, force_fetch=fetch, progress=progress)
            for message in loaded.warnings:
                self.warn(message)
            self._once.rdoinfo[key] = loaded
        return self._once.rdoinfo[key]

    def package_names(self) -> list[str]:
        """Package names in rdoinfo's order: from the list kept beside the parsed cache
        when it is current (what shell completion needs, read in a millisecond), else
        from rdoinfo loaded as usual."""
        from rdotool.ops.rdoinfo import cached_package_names

        names = cached_package_names(self.settings)
        return names if names is not None else self.rdoinfo().rdoinfo.package_names()

    def source_branch_pin(self, package: str, distgit_branch: str) -> tuple[str, str] | None:
        """(the `source-branch` rdoinfo pins `package` to in the release of
        `distgit_branch`, that release), or None: no pin, or rdoinfo cannot say (DLRN
        builds a pinned package's pin, not its branch)."""
        from rdotool.core.package_query import get_by_name
        from rdotool.core.rdoinfo import release_of_branch
        from rdotool.errors import RdotoolError

        try:
            rdoinfo = self.rdoinfo().rdoinfo
            release = release_of_branch(rdoinfo.releases(), distgit_branch)
            if release is None:
                return None
            found = get_by_name(rdoinfo.packages(tag=str(release["name"])), package)
        except RdotoolError:
            return None  # upstream_branches has said why
        pin = found.get("source-branch") if found else None
        return (str(pin), str(release["name"])) if pin else None

    def upstream_branches(self, distgit_branch: str) -> list[str]:
        """The upstream branches a distgit branch follows, from rdoinfo's releases; when
        rdoinfo cannot be loaded, the branch name is the guide (with a warning)."""
        from rdotool.core.rdoinfo import upstream_branches
        from rdotool.errors import RdotoolError

        try:
            releases = self.rdoinfo().rdoinfo.releases()
        except RdotoolError as exc:
            self.warn(f"{exc.message}; guessing the upstream branch from {distgit_branch}")
            releases = []
        return upstream_branches(releases, distgit_branch)
