"""A tiny noarch package, a stand-in mock, and a Koji hub on loopback."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

from tests.factories import commit_all, git, make_tarball

HELLO_SPEC = """\
Name:           hello
Version:        1.0
Release:        1%{{?dist}}
Summary:        A greeting
License:        MIT
URL:            https://example.org/hello
Source0:        {source0}
Source1:        hello.conf
BuildArch:      noarch
BuildRequires:  coreutils

%description
Says hello.

%prep
%autosetup -n hello-%{{version}}

%build

%install
mkdir -p %{{buildroot}}%{{_datadir}}/hello
install -m 644 hello.txt %{{buildroot}}%{{_datadir}}/hello/
install -m 644 %{{SOURCE1}} %{{buildroot}}%{{_datadir}}/hello/
%if 0%{{?rhel}} >= 9
echo rhel%{{rhel}} > %{{buildroot}}%{{_datadir}}/hello/distro
%endif

%files
%{{_datadir}}/hello

%changelog
* Thu Aug 08 2024 RDO <dev@lists.rdoproject.org> 1.0-1
- First
"""


def hello_tarball() -> bytes:
    return make_tarball("hello", "1.0", {"hello.txt": b"hello, world\n"})


def make_hello_distgit(root: Path, source0: str, record_sources: bool = True) -> Path:
    repo = root / "hello"
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "rpm-master")
    (repo / "hello.spec").write_text(HELLO_SPEC.format(source0=source0))
    (repo / "hello.conf").write_text("greeting = hello\n")
    digest = hashlib.sha512(hello_tarball()).hexdigest()
    (repo / "sources").write_text(
        f"SHA512 (hello-1.0.tar.gz) = {digest}\n" if record_sources else ""
    )
    commit_all(repo, "hello 1.0")
    return repo


# A stand-in for mock: records its argv, writes the logs real mock writes, and builds the
# SRPM for real with rpmbuild into --resultdir (or fails as $FAKE_MOCK_FAIL says).
FAKE_MOCK = """#!/usr/bin/env python3
import json, os, subprocess, sys
argv = sys.argv[1:]
with open(os.environ["FAKE_MOCK_RECORD"], "w") as record:
    json.dump(argv, record)
resultdir = argv[argv.index("--resultdir") + 1]
srpm = argv[argv.index("--rebuild") + 1]
config = argv[argv.index("-r") + 1]
os.makedirs(resultdir, exist_ok=True)
def log(name, text):
    with open(os.path.join(resultdir, name), "a") as handle:
        handle.write(text)
fail = os.environ.get("FAKE_MOCK_FAIL", "")
if fail == "config":
    print(f"ERROR: Could not find required config file: /etc/mock/{config}.cfg")
    sys.exit(5)
print("INFO: Start: init plugins")
log("state.log", "Start: init plugins\\nStart: build setup\\n")
print("INFO: Start: build setup")
log("root.log", "DEBUG: installing build dependencies\\n")
if fail == "deps":
    log("root.log", "No matching package to install: 'python3-nothing'\\n")
    sys.exit(30)
print("INFO: Start: rpmbuild hello")
top = os.path.join(resultdir, "fake-top")
defines = []
for i, arg in enumerate(argv):
    if arg == "--define":
        defines += ["--define", argv[i + 1]]
result = subprocess.run(["rpmbuild", "--rebuild", "--nodeps", "--define", f"_topdir {top}",
                         *defines, srpm], capture_output=True, text=True)
log("build.log", result.stdout + result.stderr)
if fail == "build":
    log("build.log", "error: Bad exit status from /var/tmp/rpm-tmp.1 (%build)\\n")
    sys.exit(10)
if result.returncode:
    sys.exit(10)
for dirpath, _, files in os.walk(top):
    for name in files:
        if name.endswith(".rpm"):
            os.replace(os.path.join(dirpath, name), os.path.join(resultdir, name))
subprocess.run(["cp", srpm, resultdir])
if fail == "garbage":  # a build that leaves something unreadable among its RPMs
    log("broken-1.0-1.noarch.rpm", "not an rpm\\n")
print("INFO: Finish: rpmbuild hello")
log("state.log", "Finish: run\\n")
print("INFO: Finish: run")
"""


def install_fake_mock(bin_dir: Path) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    mock = bin_dir / "mock"
    mock.write_text(FAKE_MOCK)
    mock.chmod(0o755)
    return mock


@dataclass
class KojiHub:
    """Records every call; the task closes (or fails) after `polls` getTaskInfo calls."""

    url: str = ""
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    uploads: dict[str, bytearray] = field(default_factory=dict)
    fail: bool = False
    polls: int = 2
    targets: tuple[str, ...] = ("cloud9s-openstack-epoxy-el9s",)
    outputs: tuple[str, ...] = (
        "hello-1.0-1.el9s.src.rpm",
        "hello-1.0-1.el9s.noarch.rpm",
        "build.log",
        "root.log",
    )

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]


@contextmanager
def koji_hub() -> Iterator[KojiHub]:
    import base64
    from xmlrpc.client import Fault

    state = KojiHub()
    task_id = 4242

    def record(name: str):  # type: ignore[no-untyped-def]
        def decorator(function):  # type: ignore[no-untyped-def]
            def wrapper(*args):  # type: ignore[no-untyped-def]
                state.calls.append((name, args))
                return function(*args)

            return wrapper

        return decorator

    @record("getBuildTarget")
    def get_build_target(name: str) -> Any:
        return {"name": name, "build_tag_name": f"{name}-build"} if name in state.targets else None

    @record("uploadFile")
    def upload_file(path, name, size, md5sum, offset, data, *rest):  # type: ignore[no-untyped-def]
        buffer = state.uploads.setdefault(f"{path}/{name}", bytearray())
        buffer[offset:] = base64.b64decode(data)
        assert hashlib.md5(bytes(buffer)).hexdigest() == md5sum or len(buffer) < size
        return True

    @record("build")
    def build(source, target, opts, *rest):  # type: ignore[no-untyped-def]
        return task_id

    @record("getTaskInfo")
    def get_task_info(task, *rest):  # type: ignore[no-untyped-def]
        seen = sum(1 for name, _ in state.calls if name == "getTaskInfo")
        done = seen > state.polls
        status = (5 if state.fail else 2) if done else 1
        return {"id": task, "state": status, "method": "build"}

    @record("getTaskResult")
    def get_task_result(task, *rest):  # type: ignore[no-untyped-def]
        if state.fail:
            raise Fault(
                1, "BuildError: error building package (arch noarch), mock exited with status 10"
            )
        return {"rpms": list(state.outputs)}

    @record("listTaskOutput")
    def list_task_output(task, *rest):  # type: ignore[no-untyped-def]
        return list(state.outputs)

    class Handler(SimpleXMLRPCRequestHandler):
        rpc_paths = ("/kojihub",)

        def log_message(self, *args: object) -> None:
            pass

    server = SimpleXMLRPCServer(
        ("127.0.0.1", 0), requestHandler=Handler, allow_none=True, logRequests=False
    )
    for name, function in (
        ("getBuildTarget", get_build_target),
        ("uploadFile", upload_file),
        ("build", build),
        ("getTaskInfo", get_task_info),
        ("getTaskResult", get_task_result),
        ("listTaskOutput", list_task_output),
    ):
        server.register_function(function, name)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/kojihub"
    # a short poll: shutdown() waits for it (0.5 s by default, at every test's teardown)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())
