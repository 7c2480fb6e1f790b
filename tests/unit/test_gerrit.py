"""Gerrit text conventions: Change-Id, trailers, refs/for push specs, reply URLs, ssh users."""

from __future__ import annotations

import subprocess

import pytest

from rdotool.core.gerrit import (
    add_change_id,
    change_id,
    change_urls,
    push_refspec,
    with_ssh_user,
)

AUTHOR = "Jane Packager <jane@example.com> 1700000000 +0000"


def test_change_id_is_git_hash_object_of_the_hook_input() -> None:
    message = "Fix the spec\n"
    data = f"tree {'a' * 40}\nparent {'b' * 40}\nauthor {AUTHOR}\ncommitter {AUTHOR}\n\n{message}"
    expected = subprocess.run(
        ["git", "hash-object", "-t", "blob", "--stdin"],
        input=data,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert change_id("a" * 40, ["b" * 40], AUTHOR, AUTHOR, message) == "I" + expected
    assert change_id("a" * 40, [], AUTHOR, AUTHOR, message) != "I" + expected


@pytest.mark.parametrize(
    ("message", "result"),
    [
        ("Subject\n", "Subject\n\nChange-Id: IX\n"),
        ("Subject\n\nBody text.\n", "Subject\n\nBody text.\n\nChange-Id: IX\n"),
        ("Subject\n\nResolves: rhbz#1\n", "Subject\n\nResolves: rhbz#1\nChange-Id: IX\n"),
        (
            "Subject\n\nBody\n\nResolves: rhbz#1\nSigned-off-by: J <j@x>\n",
            "Subject\n\nBody\n\nResolves: rhbz#1\nChange-Id: IX\nSigned-off-by: J <j@x>\n",
        ),
    ],
)
def test_add_change_id(message: str, result: str) -> None:
    assert add_change_id(message, "IX") == result


def test_push_refspec() -> None:
    assert push_refspec("HEAD", "rpm-master") == "HEAD:refs/for/rpm-master"
    assert push_refspec("b", "epoxy-rdo", "new version", ["a@x", "b"], True, True) == (
        "b:refs/for/epoxy-rdo%topic=new%20version,r=a@x,r=b,wip,private"
    )


def test_change_urls() -> None:
    reply = (
        "remote: Processing changes: refs: 1, new: 1, done\nremote:\nremote: New Changes:\n"
        "remote:   https://review.rdoproject.org/r/c/openstack/nova-distgit/+/51234 Bump\n"
    )
    assert change_urls(reply) == [
        "https://review.rdoproject.org/r/c/openstack/nova-distgit/+/51234"
    ]
    assert change_urls("Everything up-to-date") == []


@pytest.mark.parametrize(
    ("url", "user", "result"),
    [
        (
            "ssh://review.rdoproject.org:29418/openstack/nova.git",
            "jdoe",
            "ssh://jdoe@review.rdoproject.org:29418/openstack/nova.git",
        ),
        (
            "ssh://old@review.rdoproject.org:29418/x.git",
            "jdoe",
            "ssh://jdoe@review.rdoproject.org:29418/x.git",
        ),
        ("https://review.rdoproject.org/r/x.git", "jdoe", "https://review.rdoproject.org/r/x.git"),
        ("ssh://host/x.git", None, "ssh://host/x.git"),
        (None, "jdoe", None),
    ],
)
def test_with_ssh_user(url: str | None, user: str | None, result: str | None) -> None:
    assert with_ssh_user(url, user) == result
