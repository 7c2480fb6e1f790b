"""A zygote: one process that has imported rdotool and its dependencies, forking a fresh
process per rdotool run.

The interruption tests run rdotool a few hundred times as a real process (signals,
SIGKILL, its own exit codes); two thirds of each start was importing typer, rich,
GitPython and specfile. A forked child starts with all of that loaded and is otherwise
the process `python -m rdotool` would be: its own pid (git's `kill $PPID` reaches it),
environment, standard streams and exit status, `rdotool.__main__.main()` from its
first line. The zygote itself runs no thread, so forking it is safe.

Each request is forked twice: a waiter process forks the runner, waits for it and
writes its exit status to a file, so that requests from several test threads run side
by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

SERVE = r"""
import importlib, json, os, signal, sys

import rdotool.__main__
from rdotool.cli import COMMANDS

for lazy in COMMANDS.values():  # what each command's first run imports
    importlib.import_module(lazy.module)
for name in ("rdotool.ops.new_version", "rdotool.ops.patch", "rdotool.ops.reqcheck",
             "rdotool.ops.uc_pins", "rdotool.ops.clone", "rdotool.adapters.spec", "specfile",
             "rpm", "git", "yaml", "dacite", "rich.console"):
    importlib.import_module(name)
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # waiters are reaped by the kernel


def run(request):
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
        target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    sys.argv = ["rdotool", *request["argv"]]
    code = 0
    try:
        rdotool.__main__.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
    os._exit(code)


for line in sys.stdin:
    request = json.loads(line)
    if os.fork() == 0:  # the waiter
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        runner = os.fork()
        if runner == 0:
            run(request)
        _, status = os.waitpid(runner, 0)
        done = request["status"] + ".part"
        with open(done, "w") as handle:
            handle.write(str(os.waitstatus_to_exitcode(status)))
        os.rename(done, request["status"])
        os._exit(0)
"""


class Zygote:
    """Runs `rdotool ARGV` in forked processes; see the module docstring."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._count = 0
        self._process = subprocess.Popen(
            [sys.executable, "-c", SERVE], stdin=subprocess.PIPE, text=True
        )

    def run(
        self, argv: list[str], env: dict[str, str], timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        with self._lock:
            self._count += 1
            base = self.workdir / f"run-{self._count}"
        request = {
            "argv": argv,
            "env": env,
            "cwd": os.getcwd(),
            "stdout": f"{base}.out",
            "stderr": f"{base}.err",
            "status": f"{base}.status",
        }
        with self._lock:
            assert self._process.stdin is not None and self._process.poll() is None
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
        status = Path(request["status"])
        deadline = time.monotonic() + timeout
        while not status.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"rdotool {' '.join(argv)} did not end in {timeout} s")
            time.sleep(0.005)
        return subprocess.CompletedProcess(
            ["rdotool", *argv],
            int(status.read_text()),
            Path(request["stdout"]).read_text(),
            Path(request["stderr"]).read_text(),
        )

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=10)
