"""A Koji hub (CBS for RDO) through the `koji` Python client.

`--profile cbs` reads the profile the koji CLI reads (/etc/koji.conf.d, ~/.koji/config);
`--hub URL` talks to a hub directly. The SRPM is uploaded with the hub's uploadFile
call in chunks, then `build` is called; the task is polled until it closes or fails.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdotool.errors import ExternalError, InputError

CHUNK = 1 << 20
TASK_STATES = {0: "free", 1: "open", 2: "closed", 3: "canceled", 4: "assigned", 5: "failed"}


class KojiError(ExternalError):
    """The Koji hub refused a call or a task failed."""


@dataclass(frozen=True)
class Hub:
    session: Any
    weburl: str | None


def connect(profile: str | None, hub: str | None) -> Hub:
    """A session from a koji profile (logged in when it says how) or a bare hub URL."""
    try:
        import koji
    except ImportError as exc:
        raise InputError(
            "the koji backend needs the koji Python client",
            "dnf install python3-koji, or pip install --no-deps koji defusedxml"
            " python-dateutil six",
        ) from exc
    if hub:
        return Hub(koji.ClientSession(hub), None)
    try:
        options = koji.read_config(profile or "koji")
    except koji.ConfigurationError as exc:
        raise InputError(f"koji profile {profile!r}: {exc}", "see ~/.koji/config") from exc
    session = koji.ClientSession(options["server"], koji.grab_session_options(options))
    if options.get("authtype") == "ssl" or options.get("cert"):
        session.ssl_login(options["cert"], None, options.get("serverca"))
    elif options.get("authtype") == "kerberos":
        session.gssapi_login()
    return Hub(session, options.get("weburl"))


def _call(what: str, function: Callable[..., Any], *args: Any) -> Any:
    try:
        return function(*args)
    except Exception as exc:
        if isinstance(exc, (KeyboardInterrupt, ExternalError)):
            raise
        raise KojiError(f"koji {what} failed: {exc}") from exc


def check_target(hub: Hub, target: str) -> dict[str, Any]:
    info = _call("getBuildTarget", hub.session.getBuildTarget, target)
    if not info:
        raise InputError(f"Koji has no build target {target}", "check --target or the release")
    return dict(info)


def upload(hub: Hub, path: Path, serverdir: str) -> str:
    """Upload a file with the hub's uploadFile call; returns its server path."""
    data = path.read_bytes()
    digest = hashlib.md5(data).hexdigest()  # the hub checks uploads with md5
    for offset in range(0, max(len(data), 1), CHUNK):
        chunk = base64.b64encode(data[offset : offset + CHUNK]).decode("ascii")
        _call(
            "uploadFile",
            hub.session.uploadFile,
            serverdir,
            path.name,
            len(data),
            digest,
            offset,
            chunk,
        )
    return f"{serverdir}/{path.name}"


def build(hub: Hub, source: str, target: str, scratch: bool) -> int:
    options = {"scratch": True} if scratch else {}
    return int(_call("build", hub.session.build, source, target, options))


def task_url(hub: Hub, task: int) -> str | None:
    return f"{hub.weburl.rstrip('/')}/taskinfo?taskID={task}" if hub.weburl else None


def wait(
    hub: Hub,
    task: int,
    on_state: Callable[[str], None] | None = None,
    poll: float = 5.0,
    timeout: float | None = None,
) -> dict[str, Any]:
    """Poll a task until it is closed; KojiError with the task's error when it fails."""
    started = time.monotonic()
    last = None
    while True:
        info = _call("getTaskInfo", hub.session.getTaskInfo, task)
        state = TASK_STATES.get(info.get("state"), str(info.get("state")))
        if state != last and on_state is not None:
            on_state(state)
        last = state
        if state == "closed":
            return dict(_call("getTaskResult", hub.session.getTaskResult, task) or {})
        if state in ("failed", "canceled"):
            result = info.get("result") or ""
            try:
                hub.session.getTaskResult(task)
            except Exception as exc:  # the hub raises the task's failure here
                result = str(exc)
            raise KojiError(f"Koji task {task} {state}: {result or 'no reason given'}")
        if timeout is not None and time.monotonic() - started > timeout:
            raise KojiError(
                f"Koji task {task} still {state} after {timeout:.0f} s",
                "run with --nowait and watch it in the web UI",
            )
        time.sleep(poll)


def task_outputs(hub: Hub, task: int) -> list[str]:
    """File names the task produced (RPMs, logs)."""
    return list(_call("listTaskOutput", hub.session.listTaskOutput, task) or [])
