"""core/build.py in memory: `sources` files, file names, mock's command line and phases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rdotool.core.build import (
    Backend,
    SourceEntry,
    is_plain_file_name,
    koji_target,
    mock_argv,
    mock_phase,
    parse_sources_file,
)
from rdotool.errors import InputError

SHA512 = "ab" * 64


def test_sources_in_fedpkg_and_old_md5_forms() -> None:
    text = f"SHA512 (nova-30.0.0.tar.gz) = {SHA512}\n\n# a comment\n{'c' * 32}  old.tar.gz\n"
    assert parse_sources_file(text) == {
        "nova-30.0.0.tar.gz": SourceEntry("nova-30.0.0.tar.gz", "SHA512", SHA512),
        "old.tar.gz": SourceEntry("old.tar.gz", "MD5", "c" * 32),
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("WHIRLPOOL (a.tar.gz) = 00", "sources:1: unknown checksum type WHIRLPOOL"),
        ("just words", "sources:1: cannot read 'just words'"),
        (f"{'a' * 33}  odd-length.tar.gz", "sources:1: cannot read"),
    ],
)
def test_sources_lines_that_are_not_understood_name_the_line(line: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        parse_sources_file(line + "\n")


@given(
    st.text(alphabet="abcdef0123456789", min_size=128, max_size=128),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+~-]{0,30}", fullmatch=True),
)
def test_a_sources_line_reads_back(digest: str, name: str) -> None:
    """What `--new-sources` writes, parse_sources_file reads back (a round trip)."""
    assert parse_sources_file(f"SHA512 ({name}) = {digest}\n")[name] == SourceEntry(
        name, "SHA512", digest
    )


@pytest.mark.parametrize(
    ("name", "plain"),
    [
        ("nova-30.0.0.tar.gz", True),
        ("python-oslo.config.spec", True),
        ("../etc/passwd", False),
        (".hidden", False),
        ("dir/file", False),
        ("name with space", False),
        ("", False),
    ],
)
def test_plain_file_names(name: str, plain: bool) -> None:
    assert is_plain_file_name(name) is plain


def test_koji_target_of_a_buildsys() -> None:
    assert koji_target("cbs/cloud9s-openstack-epoxy-el9s") == "cloud9s-openstack-epoxy-el9s"
    assert koji_target("cloud9s-openstack-epoxy-el9s") == "cloud9s-openstack-epoxy-el9s"
    assert koji_target(None) is None and koji_target("") is None


def test_mock_argv_puts_every_option_before_the_srpm() -> None:
    argv = mock_argv(
        "centos-stream+epel-9-x86_64",
        "/out",
        "/out/x.src.rpm",
        no_clean=True,
        enablerepo=("crb",),
        addrepo=("https://trunk.rdoproject.org/el9",),
        with_=("doc",),
        without=("tests",),
        defines=(("dist", ".el9s"),),
    )
    assert argv == [
        "mock", "-r", "centos-stream+epel-9-x86_64", "--resultdir", "/out", "--no-clean",
        "--enablerepo", "crb", "--addrepo", "https://trunk.rdoproject.org/el9",
        "--with", "doc", "--without", "tests", "--define", "dist .el9s",
        "--rebuild", "/out/x.src.rpm",
    ]  # fmt: skip


def test_mock_phases() -> None:
    assert mock_phase("INFO: Start: build setup for x.src.rpm") == "installing build dependencies"
    assert mock_phase("INFO: Finish: run") == "done"
    assert mock_phase("DEBUG: nothing here") is None


def test_backends_are_the_choices_of_build() -> None:
    assert [b.value for b in Backend] == ["mock", "rpmbuild", "koji"]
