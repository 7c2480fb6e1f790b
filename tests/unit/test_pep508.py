"""core/pep508.py: the one reader of requirement lines and the one marker environment."""

from __future__ import annotations

import pytest

from rdotool.core.pep508 import marker_holds, requirement_lines
from rdotool.errors import InputError


def test_comments_options_and_blanks_are_not_requirements() -> None:
    text = "# top\n\n-r other.txt\n--hash=sha256:00\npbr>=2.0  # why\nsix  >= 1.10\n"
    lines = list(requirement_lines(text, "requirements.txt"))
    assert [(line.number, line.text) for line in lines] == [(5, "pbr>=2.0"), (6, "six >= 1.10")]


def test_a_url_fragment_is_not_a_comment() -> None:
    (line,) = requirement_lines("foo @ https://x.org/foo.tar.gz#sha256=00\n", "r.txt")
    assert line.requirement.name == "foo"


def test_an_unreadable_line_names_file_and_line_unless_lenient() -> None:
    with pytest.raises(InputError, match=r"requirements\.txt:2: cannot parse 'not a req!'"):
        list(requirement_lines("six\nnot a req!\n", "requirements.txt"))
    assert [x.text for x in requirement_lines("six\nnot a req!\n", "r", strict=False)] == ["six"]


@pytest.mark.parametrize(
    ("marker", "python", "holds"),
    [
        (None, "3.9", True),
        ('python_version < "3.10"', "3.9", True),
        ('python_version < "3.10"', "3.12", False),
        ('sys_platform == "win32"', "3.9", False),
        ('platform_system == "Linux" and python_full_version >= "3.9.0"', "3.9", True),
    ],
)
def test_markers_hold_for_an_rpm_build_on_linux(
    marker: str | None, python: str, holds: bool
) -> None:
    assert marker_holds(marker, python) is holds
