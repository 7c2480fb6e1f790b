"""Gerrit conventions as text: Change-Id trailers, `refs/for` push specs, reply URLs, ssh users.

The Change-Id is computed as Gerrit's commit-msg hook does: `I` + the SHA-1 git gives a
blob made of the commit's tree, parents, author, committer and message, so ids are
unique per commit content, like the ones packagers get from the hook.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from urllib.parse import quote

_TRAILER = re.compile(r"^[A-Za-z0-9-]+: \S")
_CHANGE_URL = re.compile(r"(https?://\S+/\+/\d+)")
_CHANGE_ID = re.compile(r"^Change-Id:\s*(I[0-9a-f]{40})\s*$", re.MULTILINE)


def find_change_id(message: str) -> str | None:
    """The Change-Id trailer of a commit message, if any."""
    match = _CHANGE_ID.search(message)
    return match.group(1) if match else None


def change_id(tree: str, parents: Sequence[str], author: str, committer: str, message: str) -> str:
    """`I<sha1>` over the same input Gerrit's commit-msg hook hashes."""
    lines = [
        f"tree {tree}",
        *(f"parent {p}" for p in parents),
        f"author {author}",
        f"committer {committer}",
        "",
        message,
    ]
    data = "\n".join(lines).encode("utf-8")
    return "I" + hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def add_change_id(message: str, change: str) -> str:
    """Add `Change-Id:` to the trailer block (before Signed-off-by), or as a new block."""
    body = message.rstrip("\n")
    paragraphs = body.split("\n\n")
    last = paragraphs[-1].splitlines()
    if len(paragraphs) > 1 and last and all(_TRAILER.match(line) for line in last):
        signed = [i for i, line in enumerate(last) if line.startswith("Signed-off-by:")]
        at = signed[0] if signed else len(last)
        last.insert(at, f"Change-Id: {change}")
        paragraphs[-1] = "\n".join(last)
        return "\n\n".join(paragraphs) + "\n"
    return f"{body}\n\nChange-Id: {change}\n"


def push_refspec(
    source: str,
    branch: str,
    topic: str | None = None,
    reviewers: Sequence[str] = (),
    wip: bool = False,
    private: bool = False,
) -> str:
    """`SRC:refs/for/BRANCH%topic=T,r=a,r=b,wip,private` (Gerrit's push options in the ref)."""
    options = []
    if topic:
        options.append(f"topic={quote(topic, safe='')}")
    options += [f"r={reviewer}" for reviewer in reviewers]
    if wip:
        options.append("wip")
    if private:
        options.append("private")
    return f"{source}:refs/for/{branch}" + ("%" + ",".join(options) if options else "")


def change_urls(reply: str) -> list[str]:
    """Change URLs Gerrit prints in its `remote:` lines after a push."""
    return list(dict.fromkeys(_CHANGE_URL.findall(reply)))


def with_ssh_user(url: str | None, user: str | None) -> str | None:
    """Put `user@` into an ssh:// URL (replacing one already there); other URLs unchanged."""
    if not url or not user or not url.startswith("ssh://"):
        return url
    rest = url[len("ssh://") :]
    host = rest.split("@", 1)[1] if "@" in rest.split("/", 1)[0] else rest
    return f"ssh://{user}@{host}"
