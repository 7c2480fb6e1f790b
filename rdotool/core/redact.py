"""Credentials in URLs are never shown: `https://user:secret@host` reads `user:***@host`.

git redacts them in its own messages; rdotool does the same wherever it prints text
(errors, tables, --json/--yaml), while the real URL is still used to talk to the host.
"""

from __future__ import annotations

import re

_CREDENTIALS = re.compile(
    r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^/@\s:'\"]*):(?P<secret>[^/@\s'\"]+)@"
)


def redact(text: str) -> str:
    """`text` with the password of every `scheme://user:password@` replaced by ***."""
    if "@" not in text:
        return text
    return _CREDENTIALS.sub(r"\g<head>:***@", text)
