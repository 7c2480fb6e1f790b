"""core/redact.py: passwords in URLs never reach the terminal or --json."""

from __future__ import annotations

import pytest

from rdotool.core.redact import redact


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("https://user:s3cret@host/repo.git", "https://user:***@host/repo.git"),
        ("fetch ssh://me:pw@x and https://a:b@y", "fetch ssh://me:***@x and https://a:***@y"),
        ("ssh://user@host/repo", "ssh://user@host/repo"),
        ("no url here", "no url here"),
    ],
)
def test_passwords_are_hidden(text: str, shown: str) -> None:
    assert redact(text) == shown
