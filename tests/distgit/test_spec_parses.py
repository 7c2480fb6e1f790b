"""The spec adapter asks librpm for one parse per state of the spec it reads, and what it
reads without parsing again (carried across edits, `%{name}` after a parse) is what a
fresh read gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rdotool.adapters.spec import Spec

RDO_SHAPED = """\
%{!?upstream_version: %global upstream_version %{version}%{?milestone}}
%global pypi_name foo
%global with_doc 1

Name:           python-%{pypi_name}
Version:        %{?upstream_version_override}%{!?upstream_version_override:1.2.0}
Release:        3%{?dist}
Summary:        A test library

License:        Apache-2.0
Source0:        %{pypi_name}-%{upstream_version}.tar.gz
Patch0001:      0001-a.patch
BuildArch:      noarch

%description
A test library.

%package -n     python3-%{pypi_name}
Summary:        %{summary}
%description -n python3-%{pypi_name}
The library.

%package -n     python-%{pypi_name}-doc
Summary:        Docs
%description -n python-%{pypi_name}-doc
Docs.

%prep
%autosetup -n %{pypi_name}-%{upstream_version} -S git

%files -n python3-%{pypi_name}

%changelog
* Mon Mar 02 2026 Jane Packager <jane@example.com> 1.2.0-3
- Previous change
"""


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The spec texts librpm parsed during the test."""
    import specfile.spec_parser

    seen: list[str] = []
    original = specfile.spec_parser.SpecParser._do_parse

    def counting(self: object, content: str, extra_macros: object = None) -> object:
        seen.append(content)
        return original(self, content, extra_macros)  # type: ignore[arg-type]

    monkeypatch.setattr(specfile.spec_parser.SpecParser, "_do_parse", counting)
    yield seen


def write_spec(tmp_path: Path) -> Path:
    path = tmp_path / "python-foo.spec"
    path.write_text(RDO_SHAPED)
    (tmp_path / "0001-a.patch").write_text("")
    return path


def test_a_patch_run_parses_once_per_preamble_state(tmp_path: Path, parses: list[str]) -> None:
    spec = Spec(write_spec(tmp_path))
    assert (spec.name, spec.expanded_version, spec.raw_release) == (
        "python-foo",
        "1.2.0",
        "3%{?dist}",
    )
    assert spec.milestone == ""
    spec.set_patches(["0001-a.patch", "0002-b.patch"])
    assert spec.bump_release() == "4%{?dist}"
    spec.add_changelog_entry(["- Two patches"], "Jane", "jane@example.com", date(2026, 3, 5))
    assert spec.nvr() == "python-foo-1.2.0-4"
    assert spec.evr() == "1.2.0-4"
    # the first read only: the Release line is edited as a line (see the test below)
    assert len(parses) == 1


def test_what_is_carried_is_what_a_fresh_read_gives(tmp_path: Path) -> None:
    path = write_spec(tmp_path)
    spec = Spec(path)
    spec.set_patches(["0001-a.patch"])
    spec.bump_release()
    spec.add_changelog_entry(["- x"], "Jane", "jane@example.com", date(2026, 3, 5))
    spec.save()
    fresh = Spec(path)
    for read in (
        lambda s: s.name,
        lambda s: s.expanded_version,
        lambda s: s.raw_release,
        lambda s: s.epoch,
        Spec.nvr,
        Spec.evr,
    ):
        assert read(spec) == read(fresh)
    assert fresh.changelog_top_header() == "* Thu Mar 05 2026 Jane <jane@example.com> 1.2.0-4"


def test_name_is_the_main_package_s_after_subpackages(tmp_path: Path) -> None:
    """librpm's %{name} after a parse is the main package's, not the last %package -n."""
    spec = Spec(write_spec(tmp_path))
    assert spec.name == "python-foo"


def test_a_version_edit_reads_the_preamble_again(tmp_path: Path) -> None:
    spec = Spec(write_spec(tmp_path))
    assert spec.expanded_version == "1.2.0"
    spec.set_version("1.3.0")
    assert spec.expanded_version == "1.3.0"
    spec.set_release("1%{?dist}")
    assert (spec.raw_release, spec.nvr()) == ("1%{?dist}", "python-foo-1.3.0-1")


def test_a_file_removed_after_opening_gets_no_placeholder(tmp_path: Path) -> None:
    """python-specfile writes placeholders for missing sources in its parse directory;
    a link there to a file removed since the spec was opened must not take one into the
    distgit."""
    path = write_spec(tmp_path)
    spec = Spec(path)
    (tmp_path / "0001-a.patch").unlink()
    spec.set_release("9%{?dist}")  # an edit: python-specfile parses the new text
    assert spec.expanded_version == "1.2.0"
    assert not (tmp_path / "0001-a.patch").exists()


def test_mirrors_of_processes_that_are_gone_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A killed rdotool leaves its parse directory in /tmp; the next one removes it, and
    leaves those of live processes alone."""
    import os
    import subprocess
    import sys

    from rdotool.adapters import spec as spec_module

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / "tmp" / f"rdotool-spec-{gone.stdout.strip()}-abc"
    live = tmp_path / "tmp" / f"rdotool-spec-{os.getppid()}-def"
    for made in (stale, live):
        made.mkdir()
        (made / "placeholder").write_bytes(b"\0" * 13)
    monkeypatch.setattr(spec_module, "_parse_dirs", {})
    distgit = tmp_path / "distgit"
    distgit.mkdir()
    Spec(write_spec(distgit))
    assert not stale.exists()
    assert live.exists()
    assert [p.name.split("-")[2] for p in (tmp_path / "tmp").iterdir() if p != live] == [
        str(os.getpid())
    ]


@pytest.mark.parametrize(
    ("preamble", "expected"),
    [
        ("Release:        3%{?dist}\n", "Release:        4%{?dist}\n"),
        ("release:\t3%{?dist}  \n", "release:\t4%{?dist}  \n"),
        (  # alternatives: python-specfile edits the one its conditions select
            "%if 0%{?never_defined_here}\nRelease: 3%{?dist}\n%else\nRelease: 7%{?dist}\n%endif\n",
            "%if 0%{?never_defined_here}\nRelease: 3%{?dist}\n%else\nRelease: 8%{?dist}\n%endif\n",
        ),
    ],
)
def test_release_edits_keep_the_line_s_shape(tmp_path: Path, preamble: str, expected: str) -> None:
    path = write_spec(tmp_path)
    path.write_text(path.read_text().replace("Release:        3%{?dist}\n", preamble))
    spec = Spec(path)
    spec.bump_release()
    assert expected in spec.text
    # a subpackage's own Release-like line is never the preamble's
    assert spec.text.count("Release") == preamble.count("Release")


def test_a_spec_opened_by_a_relative_path_parses_with_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The parse directory links to the distgit's files by absolute paths: links made
    from `python-foo.spec` pointed at themselves, and python-specfile complained."""
    write_spec(tmp_path)
    monkeypatch.chdir(tmp_path)
    spec = Spec(Path("python-foo.spec"))
    assert spec.expanded_version == "1.2.0"
    assert not [r for r in caplog.records if "dummy source" in r.getMessage()]


@pytest.mark.parametrize(
    "changelog",
    [
        "* Mon Mar 02 2026 Jane Packager <jane@example.com> 1.2.0-3\n- Previous change\n",
        "* Mon Mar 02 2026 Jane <j@example.com> - 1.2.0-3\n- a\n\n"
        "* Sun Mar 01 2026 J <j@e.c> - 1-1\n- b\n",
        "# kept on top\n* Mon Mar 02 2026 Jane <j@example.com> 1.2.0-3\n- a\n",
        "\n* Mon Mar 02 2026 Jane <j@example.com> 1.2.0-3\n- a\n",
    ],
)
def test_a_changelog_entry_lands_where_python_specfile_puts_it(
    tmp_path: Path, changelog: str
) -> None:
    from specfile.changelog import ChangelogEntry
    from specfile.specfile import Specfile

    path = write_spec(tmp_path)
    text = path.read_text().split("%changelog\n")[0] + "%changelog\n" + changelog
    path.write_text(text)
    spec = Spec(path)
    header = spec.add_changelog_entry(["- New"], "Jane", "jane@example.com", date(2026, 3, 5))
    reference = Specfile(content=text, sourcedir=tmp_path)
    with reference.changelog() as entries:
        entries.append(ChangelogEntry(header, ["- New", ""]))
    assert spec.text == str(reference)


PATCH_SHAPES = {
    "grow": ("Patch0001:      0001-a.patch\n", ["0001-x.patch", "0002-y.patch", "0003-z.patch"]),
    "same": ("Patch0001:      0001-a.patch\nPatch0002:   0002-b.patch\n", ["1.patch", "2.patch"]),
    "short numbers": ("Patch1: a.patch\nPatch2: b.patch\n", ["a.patch", "b.patch", "c.patch"]),
    "from zero": ("Patch0: a.patch\n", ["a.patch", "b.patch"]),
    "comments": (
        "# upstream fix\nPatch0001: a.patch\n# ours\nPatch0002: b.patch\n",
        ["x", "y", "z"],
    ),
    "lower case": ("patch0001:\ta.patch  \n", ["b.patch", "c.patch"]),
    "shrink": ("Patch0001: a.patch\n# why\nPatch0002: b.patch\n", ["a.patch"]),
    "unnumbered": ("Patch: a.patch\n", ["a.patch", "b.patch"]),
    "conditional": ("%if 0%{?never_defined_here}\nPatch0001: a.patch\n%endif\n", ["b.patch"]),
    "none": ("", ["a.patch", "b.patch"]),
}


@pytest.mark.parametrize("shape", sorted(PATCH_SHAPES))
def test_patch_tags_set_on_lines_as_python_specfile_sets_them(
    tmp_path: Path, shape: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tags, files = PATCH_SHAPES[shape]
    path = write_spec(tmp_path)
    path.write_text(path.read_text().replace("Patch0001:      0001-a.patch\n", tags))
    fast = Spec(path)
    fast.set_patches(files)
    monkeypatch.setattr(Spec, "_set_patch_lines", lambda self, files: None)
    reference = Spec(path)
    reference.set_patches(files)
    assert fast.text == reference.text
    assert fast.patch_files() == reference.patch_files() == files


def test_a_new_version_run_parses_once(tmp_path: Path, parses: list[str]) -> None:
    """new-version's spec edits: a literal Version, the milestone, Release, Patch tags and
    the changelog entry; what they make is known without asking librpm again."""
    path = write_spec(tmp_path)
    path.write_text(
        path.read_text().replace(
            "%{?upstream_version_override}%{!?upstream_version_override:1.2.0}", "1.2.0"
        )
    )
    spec = Spec(path)
    assert spec.expanded_version == "1.2.0"
    spec.set_version("1.3.0")
    spec.set_milestone(".0rc1")
    spec.set_release("0.1%{?milestone}%{?dist}")
    spec.set_patches(["0001-a.patch", "0002-b.patch"])
    spec.add_changelog_entry(["- Update to 1.3.0.0rc1"], "J", "j@example.com", date(2026, 3, 5))
    assert spec.nvr() == "python-foo-1.3.0-0.1.0rc1"
    assert len(parses) == 2  # the first read; Release's expansion after the milestone
    spec.save()
    fresh = Spec(path)
    assert (fresh.expanded_version, fresh.nvr()) == ("1.3.0", spec.nvr())


def test_python_dist_packages_are_the_ones_shipping_metadata(tmp_path: Path) -> None:
    """`%files` with *.dist-info, *.egg-info or `-f %{pyproject_files}`, named by -n, by
    suffix or as the main package; -f options and other subpackages aside."""
    spec = tmp_path / "python-bar.spec"
    spec.write_text(
        "%global pypi_name bar\n"
        "Name: python-%{pypi_name}\nVersion: 1\nRelease: 1\nSummary: s\nLicense: MIT\n"
        "%description\nd\n"
        "%package -n python3-%{pypi_name}\nSummary: s\n%description -n python3-%{pypi_name}\nd\n"
        "%package -n python3-%{pypi_name}-egg\nSummary: s\n"
        "%description -n python3-%{pypi_name}-egg\nd\n"
        "%package tests\nSummary: s\n%description tests\nd\n"
        "%package lang\nSummary: s\n%description lang\nd\n"
        "%install\n%pyproject_save_files bar\n"
        "%files -n python3-%{pypi_name} -f %{pyproject_files}\n%doc README\n"
        "%files -n python3-%{pypi_name}-egg -f bar.lang\n%{python3_sitelib}/bar-*.egg-info\n"
        "%files tests\n%{python3_sitelib}/bar/tests\n"
        "%files lang -f other.lang\n"
        "%files\n%{python3_sitelib}/%{pypi_name}-%{version}.dist-info/\n"
    )
    assert Spec(spec).python_dist_packages() == ["python3-bar", "python3-bar-egg", "python-bar"]
