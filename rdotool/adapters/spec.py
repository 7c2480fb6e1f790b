"""The package's .spec file through python-specfile (which needs librpm's bindings).

Edits keep every other byte of the file: Patch tags are changed in place (so their
comment blocks and alignment stay), `%patch` lines are rewritten inside %prep only,
magic comments are replaced on their own line, and the file is written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from rdotool.adapters.files import newline_of, read_text, write_atomic
from rdotool.core import changelog as changelog_text
from rdotool.core.reqcheck import SpecDep
from rdotool.core.versions import bump_release, strip_dist
from rdotool.errors import InputError

_EXTRAS_MACROS = ("pyproject_extras_subpkg", "python_extras_subpkg")
_DEP_TAGS = {"requires": "Requires", "buildrequires": "BuildRequires", "provides": "Provides"}
_PATCH_LINE = re.compile(r"^%patch(\d+|\b)")
_MACRO_RELEASE = re.compile(r"^%\{?\??(?P<name>\w+)\}?")
_MILESTONE_DEF = re.compile(r"^\s*%(?P<keyword>global|define)\s+milestone\b")
_MILESTONE_USE = re.compile(r"%(\{\??|\??)milestone\b")
_CONDITIONAL = re.compile(r"^\s*%(?P<word>if\w*|endif)\b")
_SECTION_START = re.compile(r"^%(?P<name>[a-zA-Z_]+)\b")
_PATCH_TAG = re.compile(
    r"^(?P<head>patch(?P<number>\d*)(?P<separator>\s*:\s*))(?P<value>.*?)(?P<tail>\s*)$",
    re.IGNORECASE,
)


class SpecError(InputError):
    """The spec cannot be read or edited as asked."""


def find_spec(directory: Path) -> Path:
    """The one *.spec in a distgit checkout."""
    specs = sorted(directory.glob("*.spec"))
    if not specs:
        raise SpecError(
            f"no .spec file in {directory}", "run rdotool in a distgit checkout (cd into it)"
        )
    if len(specs) > 1:
        names = ", ".join(p.name for p in specs)
        raise SpecError(f"{directory} has several .spec files ({names})", "keep only one")
    return specs[0]


class Spec:
    """One spec file, read and edited with python-specfile."""

    def __init__(self, path: Path, macros: Sequence[tuple[str, str | None]] | None = None) -> None:
        from rdotool.adapters import librpm, specfile_fixes

        librpm.load()  # python-specfile imports it: fail with the install command instead
        specfile_fixes.import_package()
        from specfile.specfile import Specfile

        specfile_fixes.apply()

        self.path = path
        # Without target macros, open with dist empty (as %changelog EVRs and NVRs want it):
        # then expand() needs no extra macro, and python-specfile keeps reusing one parse.
        self._dist_free = macros is None
        text = read_text(path, "spec")
        self.newline = newline_of(text)  # a CRLF spec is edited as LF and written back CRLF
        with _rpm_errors(path):
            self._spec = Specfile(
                content=text.replace("\r\n", "\n") if self.newline != "\n" else text,
                sourcedir=_parse_dir(path.parent),
                macros=[("dist", "")] if macros is None else list(macros),
            )
        self._patch_files: tuple[str, list[str]] | None = None
        self._preamble_values: tuple[str, dict[str, str | None]] | None = None
        # expand()'s answers for one text, kept across edits that change no macro
        self._expansions: tuple[str, dict[str, str]] = ("", {})
        self._layout_values: tuple[str, _Layout] | None = None

    # --- reading ------------------------------------------------------------------
    @property
    def text(self) -> str:
        return str(self._spec)

    def holds_file_text(self) -> bool:
        """Whether the file holds exactly this object's text (nothing edited unsaved, and
        nobody changed the file): then the object can stand for the file."""
        try:
            on_disk = read_text(self.path, "spec")
        except InputError:
            return False
        return on_disk == self._as_written(self.text)

    def _as_written(self, text: str) -> str:
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def expand(self, expression: str) -> str:
        """Expand macros with the spec's definitions (dist defined as empty)."""
        if "%" not in expression:
            return expression  # nothing to expand: no need for librpm to parse the spec
        text = self.text
        if self._expansions[0] != text:
            self._expansions = (text, {})
        known = self._expansions[1]
        if expression not in known:
            if self._dist_free:
                known[expression] = str(self._spec.expand(expression))
            else:
                known[expression] = str(self._spec.expand(expression, extra_macros=[("dist", "")]))
            self._note_tag_macros(text)
        return known[expression]

    def _note_tag_macros(self, text: str) -> None:
        """librpm has just parsed `text`: note its expanded Name and Version while that
        costs nothing, so that they are known after later edits that change no macro."""
        if self._preamble_values is None or self._preamble_values[0] != text:
            return
        values = self._preamble_values[1]
        for tag in ("name", "version"):
            if f"expanded_{tag}" not in values:
                written = values.get(tag)
                values[f"expanded_{tag}"] = (
                    None
                    if written is None
                    else str(self._spec.expand(f"%{{{tag}}}", skip_parsing=True))
                )

    def expand_as_built(self, expression: str) -> str:
        """Expand macros as the build will: with the macros the spec was opened with."""
        if "%" not in expression:
            return expression
        return str(self._spec.expand(expression))

    def _preamble(self) -> dict[str, str | None]:
        """Name, Version, Release and Epoch, read in one pass over the preamble per state
        of the spec: python-specfile parses the preamble again for every tag it is asked
        for (new-version asked ~50 times, a third of its run)."""
        text = self.text
        if self._preamble_values is not None and self._preamble_values[0] == text:
            return self._preamble_values[1]
        values: dict[str, str | None] = {}
        with self._spec.tags() as tags:
            for name in ("name", "version", "release", "epoch"):
                tag = getattr(tags, name, None)
                values[name] = str(tag.value) if tag is not None else None
        self._preamble_values = (text, values)
        return values

    def _expanded(self, name: str) -> str:
        """Name or Version with macros expanded, once per state of the spec and only when
        asked. librpm defines `%{name}` and `%{version}` as the tags' expanded values when
        it parses the spec: reading them costs no parse beyond the one the state needs.
        (python-specfile's Tag.expanded_value throws its parse away after each call, so
        reading both tags made librpm parse the spec twice more.)"""
        values = self._preamble()
        key = f"expanded_{name}"
        if key not in values:
            self._spec.expand("%{nil}")  # librpm parses this text, unless it just has
            self._note_tag_macros(self.text)
        return str(values[key])

    def _carry(
        self, before: str, *, expanded: bool = True, patches: bool = True, **changed: str
    ) -> None:
        """After an edit that leaves the preamble's Name, Version, Release and Epoch as they
        were (or sets one to a literal value, given in `changed`), keep what was read for
        the text before the edit instead of reading again: each read of a new text costs
        librpm a parse of the whole spec. `expanded=False` forgets the expanded Name and
        Version (the edit may change a macro they use) unless they are written without
        macros (then they are their own expansion); `patches=False` the Patch files."""
        if self._preamble_values is not None and self._preamble_values[0] == before:
            values = {**self._preamble_values[1], **changed}
            if not expanded:
                for tag in ("name", "version"):
                    written = values.get(tag)
                    if written is not None and "%" not in written:
                        values[f"expanded_{tag}"] = written
                    else:
                        values.pop(f"expanded_{tag}", None)
            self._preamble_values = (self.text, values)
        if expanded and self._expansions[0] == before:
            self._expansions = (self.text, self._expansions[1])
        if patches and self._patch_files is not None and self._patch_files[0] == before:
            self._patch_files = (self.text, self._patch_files[1])

    @property
    def name(self) -> str:
        return self._expanded("name")

    @property
    def version(self) -> str:
        """Version as written (may hold macros)."""
        return str(self._preamble()["version"])

    @property
    def expanded_version(self) -> str:
        return self._expanded("version")

    @property
    def raw_release(self) -> str:
        return str(self._preamble()["release"])

    @property
    def epoch(self) -> str | None:
        return self._preamble()["epoch"] or None

    @property
    def milestone(self) -> str:
        """The value of `%{?milestone}` (e.g. `.0b1`), "" when not defined."""
        return self.expand("%{?milestone}")

    def evr(self) -> str:
        """`[E:]V-R` with macros expanded and no dist, as %changelog headers carry it."""
        release = self.expand(strip_dist(self.raw_release))
        epoch = self.epoch
        return f"{epoch + ':' if epoch else ''}{self.expanded_version}-{release}"

    def nvr(self) -> str:
        """`NAME-VERSION-RELEASE` without epoch or dist (rdopkg's commit header)."""
        release = self.expand(strip_dist(self.raw_release))
        return f"{self.name}-{self.expanded_version}-{release}"

    def source_files(self) -> list[tuple[str, str, bool]]:
        """Every Source and Patch as (tag, file name, URL or None), macros expanded; those
        inside a false conditional (`%if 0%{?sources_gpg} == 1` with sources_gpg 0) are
        not part of this build and are left out."""
        files: list[tuple[str, str, bool]] = []
        for kind, manager in (("Source", self._spec.sources), ("Patch", self._spec.patches)):
            with manager() as entries:
                for entry in entries:
                    if not getattr(entry, "valid", True):
                        continue
                    location = str(entry.expanded_location)
                    name = str(entry.expanded_filename)
                    files.append((f"{kind}{entry.number}", name, "://" in location))
        return files

    def source_url(self, tag: str) -> str:
        """The expanded URL of a Source tag (`Source0`), without a `#/name` suffix."""
        with self._spec.sources() as entries:
            for entry in entries:
                if f"Source{entry.number}" == tag:
                    return str(entry.expanded_location).split("#/", 1)[0]
        raise SpecError(f"{self.path} has no {tag}")

    def source0_location(self) -> str:
        """Source0 (or the lowest-numbered Source) as written, macros unexpanded."""
        with self._spec.sources() as sources:
            ordered = sorted(sources, key=lambda s: s.number)
            if not ordered:
                raise SpecError(f"{self.path} has no Source tag", "add Source0")
            return str(ordered[0].location)

    def dependencies(self) -> tuple[list[SpecDep], list[str]]:
        """(Requires and BuildRequires of every subpackage, what the spec provides), with
        conditionals evaluated and macros expanded for the macros the spec was opened with."""
        from rdotool.core.reqcheck import parse_dependencies

        deps: list[SpecDep] = []
        provides: list[str] = []
        layout = self._layout()
        # One rpm parse, then plain macro expansion: Tag.expanded_value and expand() with
        # other macros would each make python-specfile parse the whole spec again (~6 ms).
        self._spec.expand("%{nil}")
        expand = self._expand_parsed
        for section, package in layout.packages:
            provides.append(package)
            with self._spec.tags(section) as tags:
                for tag in tags:
                    kind = _DEP_TAGS.get(tag.normalized_name.lower())
                    if kind is None or not tag.valid:
                        continue
                    value = expand(tag.value)
                    if kind == "Provides":
                        provides += [d.name for d in parse_dependencies(value)]
                    else:
                        deps += parse_dependencies(value, kind, package)
        return deps, provides

    def sync_requires(
        self,
        add: Sequence[tuple[str, str | None]],
        raise_to: Sequence[tuple[str, str]],
        packages: Sequence[str] = (),
    ) -> tuple[list[str], list[str]]:
        """Add Requires for (distribution, lower bound) and raise existing lower bounds of
        (capability, version); return the lines added and the values changed.

        Only the sections of `packages` are touched, when given (reqcheck's runtime
        subpackages: a -tests subpackage's Requires are not the module's). New lines go
        after the last Requires of the subpackage with most Python Requires, in its style
        (`python3dist(x)` or `python3-x`, from pymod2pkg); a bound is only ever raised, an
        epoch kept; values built from macros are left alone.
        """
        from specfile.tags import Comments, Tag

        from rdotool.core.reqcheck import python_key, requires_name

        layout = self._layout().packages
        ids = [section for section, _ in layout]
        if packages:  # only these subpackages' sections (the runtime ones)
            ids = [section for section, package in layout if package in packages] or ids
        counts = {}
        for section in ids:
            with self._spec.tags(section) as tags:
                values = [t.value for t in tags if t.normalized_name.lower() == "requires"]
            counts[section] = sum(1 for v in values if python_key(v.split()[0] if v else ""))
        target = max(ids, key=lambda section: (counts[section], section != "package"))
        changed: list[str] = []
        for section in ids:
            with self._spec.tags(section) as tags:
                for tag in tags:
                    if tag.normalized_name.lower() != "requires" or "%" in tag.value:
                        continue
                    value = tag.value
                    for capability, version in raise_to:
                        value = _raise_bound(value, capability, version)
                    if value != tag.value:
                        changed.append(f"{tag.value} -> {value}")
                        tag.value = value
        added: list[str] = []
        with self._spec.tags(target) as tags:
            requires = [i for i, t in enumerate(tags) if t.normalized_name.lower() == "requires"]
            style = (
                "python3dist"
                if any(tags[i].value.startswith("python3dist(") for i in requires)
                else "python3-"
            )
            at = requires[-1] + 1 if requires else len(tags)
            separator = tags[requires[-1]]._separator if requires else ":       "
            for name, lower in add:
                line = requires_name(name, style) + (f" >= {lower}" if lower else "")
                tags.insert(at, Tag("Requires", line, separator, Comments()))
                at += 1
                added.append(f"Requires:{separator[1:]}{line}")
        return added, changed

    def python_dist_packages(self) -> list[str]:
        """The (sub)packages that ship a Python distribution's metadata (`*.dist-info`,
        `*.egg-info`, or `%files -f %{pyproject_files}`): the ones the dependency
        generator gives `python3.Xdist(...)` Requires."""
        layout = self._layout()
        self._spec.expand("%{nil}")  # the expansions below use this text's parse
        found = []
        for section, package, lines in layout.files:
            body = "\n".join(self._expand_parsed(line) for line in lines)
            if "pyproject_files" in section or re.search(r"\.(dist|egg)-info\b", body):
                found.append(package)
        return found

    def package_names(self) -> list[str]:
        """The names of the main package and of every `%package` subpackage."""
        return [package for _, package in self._layout().packages]

    def _layout(self) -> _Layout:
        """The %package and %files sections with the package each is about, read in one
        pass per state of the spec: python-specfile splits the whole spec into sections
        at every `sections()` (~4 ms on nova's), and reqcheck asks four questions of
        them. Expanding needs librpm's parse of this text: one, then plain expansion."""
        text = self.text
        if self._layout_values is not None and self._layout_values[0] == text:
            return self._layout_values[1]
        self._spec.expand("%{nil}")
        name = self._expand_parsed(self._spec.name)
        layout = _Layout([], [])
        with self._spec.sections() as sections:
            for section in sections:
                if section.normalized_name == "package":
                    package = _section_package(section.id, name, self._expand_parsed)
                    layout.packages.append((section.id, package))
                elif section.normalized_name == "files":
                    header = self._expand_parsed(section.id)
                    package = _section_package(header, name, lambda text: text)
                    layout.files.append((section.id, package, [str(line) for line in section]))
        self._layout_values = (text, layout)
        return layout

    def extras_packages(self) -> list[tuple[str, str]]:
        """(subpackage, extra) for each extras subpackage: the ones
        `%pyproject_extras_subpkg -n python3-x a b` or `%python_extras_subpkg` make
        (`python3-x+a`), and `%package -n python3-x+a` sections written out."""
        found = []
        for line in self.lines():
            words = line.split()
            if not words or words[0].lstrip("%{").rstrip("}") not in _EXTRAS_MACROS:
                continue
            base, extras, index = "", [], 1
            while index < len(words):
                word = words[index]
                if word in ("-n", "-i", "-f") and index + 1 < len(words):
                    base = self._expand_parsed(words[index + 1]) if word == "-n" else base
                    index += 2
                    continue
                if not word.startswith("-"):
                    extras.append(self._expand_parsed(word))
                index += 1
            found += [(f"{base}+{extra}", extra) for extra in extras if base]
        for package in self.package_names():
            if "+" in package and (package, package.split("+", 1)[1]) not in found:
                found.append((package, package.split("+", 1)[1]))
        return found

    def _expand_parsed(self, text: str) -> str:
        """`text` expanded with the macros of the last parse (no new parse)."""
        return str(self._spec.expand(text, skip_parsing=True))

    def uses(self, *macros: str) -> bool:
        """True when the spec text calls one of these macros (e.g. pyproject_install)."""
        pattern = "|".join(re.escape(m) for m in macros)
        return bool(re.search(rf"%\{{?\??({pattern})\b", self.text))

    def lines(self) -> list[str]:
        with self._spec.lines() as lines:
            return list(lines)

    def magic(self) -> dict[str, str]:
        """Magic comments (`# patches_base=…`, `# patches_ignore=…`)."""
        from rdotool.core.patch_series import read_magic

        return read_magic(self.lines())

    def patch_files(self) -> list[str]:
        """Files named by Patch tags, in number order (remembered until the text changes:
        python-specfile parses every tag again for each call)."""
        text = self.text
        if self._patch_files is None or self._patch_files[0] != text:
            with self._spec.patches() as patches:
                names = [str(p.location) for p in sorted(patches, key=lambda p: p.number)]
            self._patch_files = (text, names)
        return list(self._patch_files[1])

    def apply_method(self) -> str:
        """How %prep applies patches: autosetup, autopatch, git-am or patch (explicit %patch)."""
        with self._spec.sections() as sections:
            prep = _section(sections, "prep")
            body = "\n".join(prep) if prep is not None else ""
        if re.search(r"^%autosetup\b", body, re.MULTILINE):
            return "autosetup"
        if re.search(r"^%autopatch\b", body, re.MULTILINE):
            return "autopatch"
        if re.search(r"^\s*git am\b.*%\{?patches\}?", body, re.MULTILINE):
            return "git-am"
        return "patch"

    def changelog_top_header(self) -> str | None:
        """The newest %changelog entry's header: the section's first `* ` line (read from
        the section's lines: python-specfile's entries parse the whole history)."""
        with self._spec.sections() as sections:
            section = _section(sections, "changelog")
            lines = list(section) if section is not None else []
        return next((line for line in lines if line.startswith("* ")), None)

    def changelog_top_lines(self) -> list[str]:
        """The lines of the newest %changelog entry (read from the section itself:
        specfile takes the next header for content when an entry is still empty)."""
        with self._spec.sections() as sections:
            section = _section(sections, "changelog")
            body = list(section) if section is not None else []
        headers = [i for i, line in enumerate(body) if line.startswith("* ")]
        if not headers:
            return []
        end = headers[1] if len(headers) > 1 else len(body)
        return [line for line in body[headers[0] + 1 : end] if line.strip()]

    # --- editing ------------------------------------------------------------------
    def set_patches(self, files: Sequence[str]) -> None:
        """Make the Patch tags name exactly `files` (numbered from 1) and %prep follow.

        Existing tags are reused in order, so comments and alignment stay; extra ones are
        appended after them in the same format, missing ones removed from the end.
        """
        before = self.text
        numbers = self._set_patch_lines(files)  # done on the lines when the shape allows
        existing = True
        if numbers is None:
            existing, numbers = self._set_patch_tags(files)
        if not existing and files:
            self._move_magic_above_patches()
        if self.apply_method() == "patch":
            self._set_prep_patch_lines(numbers)
        self._carry(before, patches=False)
        self._patch_files = (self.text, list(files))

    def _set_patch_tags(self, files: Sequence[str]) -> tuple[bool, list[int]]:
        """set_patches through python-specfile: (whether Patch tags existed, the numbers)."""
        with self._spec.patches(default_source_number_digits=4) as patches:
            existing = sorted(patches, key=lambda p: p.number)
            for patch, location in zip(existing, files):
                patch.location = location
            for patch in existing[len(files) :][::-1]:
                patches.remove_numbered(patch.number)
            numbers = [p.number for p in existing[: len(files)]]
            next_number = (numbers[-1] + 1) if numbers else 1
            for location in files[len(existing) :]:
                patches.insert_numbered(next_number, location)
                numbers.append(next_number)
                next_number += 1
        return bool(existing), numbers

    def _set_patch_lines(self, files: Sequence[str]) -> list[int] | None:
        """set_patches on the lines themselves, for the common shape: numbered Patch tags
        in the main preamble, in order, outside any %if, none to remove (python-specfile
        also drops a removed tag's comment). It does what python-specfile's patches
        context does (tests compare both) without a librpm parse and an expansion of
        every %if (~17 ms). None, with nothing changed, for any other shape."""
        with self._spec.lines() as lines:
            found: list[tuple[int, int, re.Match[str]]] = []
            depth = 0
            for index, line in enumerate(lines[: _main_preamble_end(lines)]):
                conditional = _CONDITIONAL.match(line)
                if conditional:
                    depth += -1 if conditional["word"] == "endif" else 1
                match = _PATCH_TAG.match(line)
                if match:
                    if depth or not match["number"]:
                        return None
                    found.append((index, int(match["number"]), match))
            if any(line.startswith("%patchlist") for line in lines):
                return None
            numbers = [number for _, number, _ in found]
            if not found or numbers != sorted(numbers) or len(files) < len(found):
                return None
            for (index, _, match), location in zip(found, files):
                lines[index] = f"{match['head']}{location}{match['tail']}"
            last_index, last_number, last = found[-1]
            width = len(last["number"])
            added = []
            for offset, location in enumerate(files[len(found) :], start=1):
                number = last_number + offset
                added.append(f"Patch{number:0{width}d}{last['separator']}{location}")
                numbers.append(number)
            lines[last_index + 1 : last_index + 1] = added
        return numbers

    def _move_magic_above_patches(self) -> None:
        """Keep the magic-comment block right above the Patch tags (where rdopkg puts it)."""
        from rdotool.core.patch_series import MAGIC

        with self._spec.lines() as lines:
            magic = [i for i, line in enumerate(lines) if MAGIC.match(line)]
            first_patch = next(
                (i for i, line in enumerate(lines) if re.match(r"^Patch\d*\s*:", line)), None
            )
            if not magic or first_patch is None or first_patch > magic[0]:
                return
            start, end = magic[0], magic[-1] + 1
            while start > 0 and lines[start - 1].startswith("#"):
                start -= 1
            while end < len(lines) and lines[end].startswith("#"):
                end += 1
            block = lines[start:end]
            del lines[start:end]
            lines[first_patch:first_patch] = block

    def _set_prep_patch_lines(self, numbers: Sequence[int]) -> None:
        """Rewrite the explicit `%patch` lines of %prep as `%patch -P N -p1` (RPM >= 4.20 safe)."""
        with self._spec.sections() as sections:
            prep = _section(sections, "prep")
            if prep is None:
                return
            body = list(prep)
            positions = [i for i, line in enumerate(body) if _PATCH_LINE.match(line)]
            strip = "-p1"
            if positions:
                options = re.search(r"\s(-p\s*\d+)", body[positions[0]])
                strip = options.group(1).replace(" ", "") if options else "-p1"
                insert_at = positions[0]
            else:
                setup = [i for i, line in enumerate(body) if line.startswith("%setup")]
                insert_at = setup[0] + 1 if setup else 0
            for index in reversed(positions):
                del body[index]
            body[insert_at:insert_at] = [f"%patch -P {n} {strip}" for n in numbers]
            prep[:] = body

    def set_magic(self, name: str, value: str | None) -> None:
        """Set `# name=value` in place, insert it before the Patch tags, or remove it (None)."""
        before = self.text
        self._edit_magic(name, value)
        self._carry(before)  # comments: nothing read from the spec changes

    def _edit_magic(self, name: str, value: str | None) -> None:
        from rdotool.core.patch_series import MAGIC

        with self._spec.lines() as lines:
            found = [
                i for i, line in enumerate(lines) if (m := MAGIC.match(line)) and m["name"] == name
            ]
            if value is None:
                for index in reversed(found):
                    del lines[index]
                _drop_empty_comment_block(lines)
                return
            text = f"# {name}={value}"
            if found:
                lines[found[0]] = text
                for index in reversed(found[1:]):
                    del lines[index]
                return
            magic = [i for i, line in enumerate(lines) if MAGIC.match(line)]
            if magic:
                lines.insert(magic[-1] + 1, text)
                return
            patch_tags = [i for i, line in enumerate(lines) if re.match(r"^Patch\d*\s*:", line)]
            if patch_tags:
                lines[patch_tags[0] : patch_tags[0]] = ["#", text, "#"]
                return
            sources = [i for i, line in enumerate(lines) if re.match(r"^Source\d*\s*:", line)]
            at = sources[-1] + 1 if sources else 0
            while at < len(lines) and lines[at].startswith("%endif"):
                at += 1
            lines[at:at] = ["#", text, "#"]

    def set_version(self, version: str) -> None:
        """Set Version; a Version made of macros keeps them and their definitions change."""
        self._set_tag("Version", version, self.version)

    def set_release(self, release: str) -> None:
        """Set Release; a Release built on its own macro (`%{rel}%{?dist}`) keeps it."""
        self._set_tag("Release", release, self.raw_release)

    def _set_tag(self, name: str, value: str, current: str) -> None:
        own_macros = re.sub(r"%\{\??(dist|milestone)\}", "", current)
        if "%" not in own_macros:
            before = self.text
            if not self._replace_only_tag_line(name, value):
                with self._spec.tags() as tags:
                    tags.get(name).value = value
            if name == "Release":
                self._carry(before, release=value)
            else:
                self._carry(before, expanded=False, version=value)
            return
        # updates the %global the tag refers to; values compare expanded, dist expands to ""
        self._spec.update_tag(name, strip_dist(value))
        wanted = self.expand(strip_dist(value))
        got = self.expand(strip_dist(self.version if name == "Version" else self.raw_release))
        if got != wanted:
            raise SpecError(
                f"{self.path}: cannot set {name} to {value} through its macros ({current})",
                f"write {name} literally, or update the macros by hand",
            )

    def _replace_only_tag_line(self, name: str, value: str) -> bool:
        """Set the value of the one `Name:` line of the main package's preamble, keeping
        its separator, as python-specfile's Tag.value does; False (and nothing changed)
        when the preamble has no such line or several (`%if` alternatives), which
        python-specfile's tag editing then handles. A tags context costs a librpm parse
        and an expansion of every `%if` (~15 ms); one line needs neither."""
        pattern = re.compile(rf"^({re.escape(name)}\s*:\s*)(.*?)(\s*)$", re.IGNORECASE)
        with self._spec.lines() as lines:
            preamble = lines[: _main_preamble_end(lines)]
            found = [index for index, line in enumerate(preamble) if pattern.match(line)]
            if len(found) != 1:
                return False
            match = pattern.match(lines[found[0]])
            assert match is not None
            lines[found[0]] = f"{match[1]}{value}{match[3]}"
        return True

    def set_milestone(self, milestone: str) -> None:
        """Define `%global milestone VALUE` before anything uses it, or remove it ("").

        RDO specs start with `%{!?upstream_version: %global upstream_version
        %{version}%{?milestone}}`, so the milestone must be defined above that line (as
        rdopkg does, on the spec's first line). A definition already placed before every
        use and outside any %if keeps its place and keyword; any other is moved up.
        """
        before = self.text
        self._edit_milestone(milestone)
        self._carry(before, expanded=False)  # the tags as written stay; %{milestone} changed

    def _edit_milestone(self, milestone: str) -> None:
        with self._spec.lines() as lines:
            found = [i for i, line in enumerate(lines) if _MILESTONE_DEF.match(line)]
            uses = [
                i for i, line in enumerate(lines) if i not in found and _MILESTONE_USE.search(line)
            ]
            first_use = uses[0] if uses else len(lines)
            in_place = milestone and len(found) == 1 and found[0] < first_use
            if in_place and _conditional_depth(lines[: found[0]]) == 0:
                keyword = _MILESTONE_DEF.match(lines[found[0]])
                assert keyword is not None
                lines[found[0]] = f"%{keyword['keyword']} milestone {milestone}"
                return
            for index in reversed(found):
                del lines[index]
            if milestone:
                lines.insert(0, f"%global milestone {milestone}")

    def bump_release(self, index: str | int | None = None) -> str:
        """Bump Release (or the macro a macro-only Release uses); return the new raw Release."""
        raw = self.raw_release
        macro = _MACRO_RELEASE.match(raw)
        if macro and not raw[:1].isdigit():
            self._bump_macro(macro.group("name"), index)
            return self.raw_release
        self.set_release(bump_release(raw, index))
        return self.raw_release

    def _bump_macro(self, name: str, index: str | int | None) -> None:
        with self._spec.macro_definitions() as definitions:
            for definition in definitions:
                if definition.name == name:
                    definition.body = bump_release(str(definition.body), index)
                    return
        raise SpecError(
            f"{self.path}: Release {self.raw_release!r} uses %{{{name}}}, not defined in the spec",
            "define it with %global, or bump the Release by hand",
        )

    def add_changelog_entry(self, lines: Sequence[str], user: str, email: str, when: date) -> str:
        """Add a %changelog entry at the top in the spec's style; return its header."""
        from specfile.changelog import ChangelogEntry

        top = self.changelog_top_header()
        header = changelog_text.entry_header(
            when, user, email, self.evr(), dash=bool(top and changelog_text.header_uses_dash(top))
        )
        before = self.text
        with self._spec.sections() as sections:
            section = _section(sections, "changelog")
            if section is None:
                raise SpecError(f"{self.path} has no %changelog section", "add one")
            written = True
            if not any(line.startswith("* ") for line in section):
                # an empty %changelog (DLRN templates): specfile would keep a leading blank
                section[:] = [header, *lines, ""]
            elif section[0].startswith("* "):
                # the section starts with the newest entry (as nearly always): the new one
                # goes above it, as python-specfile would put it, without parsing them all
                section[0:0] = [header, *lines, ""]
            else:
                written = False
        if not written:
            with self._spec.changelog() as entries:
                assert entries is not None  # the section exists (checked above)
                entries.append(ChangelogEntry(header, [*list(lines), ""]))
        self._carry(before)
        return header

    def save(self) -> None:
        """Write the spec atomically (temporary file + rename), keeping its mode and its
        line endings."""
        write_atomic(self.path, self._as_written(self.text))


def _raise_bound(value: str, capability: str, version: str) -> str:
    """In a Requires value, set `capability`'s lower bound to `version` (epoch kept)."""
    pattern = re.compile(rf"(?<![\w.()-]){re.escape(capability)}\s*(>=|>|=)\s*(\S+?)(?=[\s,]|$)")

    def replace(match: re.Match[str]) -> str:
        epoch = match.group(2).split(":", 1)[0] + ":" if ":" in match.group(2) else ""
        return f"{capability} >= {epoch}{version}"

    return pattern.sub(replace, value)


def _main_preamble_end(lines: Sequence[str]) -> int:
    """Where the main package's preamble ends: the index of the first section line."""
    from specfile.constants import SECTION_NAMES

    for index, line in enumerate(lines):
        section = _SECTION_START.match(line)
        if section and section["name"].lower() in SECTION_NAMES:
            return index
    return len(lines)


def _conditional_depth(lines: Sequence[str]) -> int:
    """How many %if blocks are open after `lines`."""
    depth = 0
    for line in lines:
        match = _CONDITIONAL.match(line)
        if match:
            depth += -1 if match["word"] == "endif" else 1
    return max(depth, 0)


class _Layout(NamedTuple):
    """A spec's %package sections (id, package) and %files sections (id, package,
    lines), as Spec._layout reads them."""

    packages: list[tuple[str, str]]
    files: list[tuple[str, str, list[str]]]


def _section_package(section: str, name: str, expand: Callable[[str], str]) -> str:
    """The package a `%package`/`%files` section header is about: `-n NAME`, a suffix
    (`NAME-suffix`) or the main package (`-f FILE` options aside)."""
    words = section.split()[1:]
    rest = []
    index = 0
    while index < len(words):
        if words[index] == "-n" and index + 1 < len(words):
            return expand(words[index + 1])
        if words[index] == "-f":
            index += 2
            continue
        rest.append(words[index])
        index += 1
    return f"{name}-{expand(rest[-1])}" if rest else name


def _section(sections: Any, name: str) -> Any:
    """The named section, or None (specfile's Sections.get raises ValueError instead)."""
    try:
        return sections.get(name)
    except ValueError:
        return None


def _drop_empty_comment_block(lines: list[str]) -> None:
    """Remove a `#` / `#` pair left behind by a removed magic comment."""
    for index in range(len(lines) - 1):
        if lines[index] == "#" and lines[index + 1] == "#":
            del lines[index : index + 2]
            return


@contextlib.contextmanager
def _rpm_errors(path: Path) -> Iterator[None]:
    """librpm's and python-specfile's parse errors as a SpecError naming the file/line."""
    from specfile.exceptions import RPMException, SpecfileException

    try:
        yield
    except (RPMException, SpecfileException) as exc:
        reason = _rpm_error(exc)
        located = re.match(r"error: line (\d+): (.*)", reason)
        if located:
            raise SpecError(f"{path}:{located[1]}: {located[2]}", "fix the spec") from exc
        raise SpecError(f"{path}: rpm cannot parse the spec: {reason}", "fix the spec") from exc


def _translating(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Spec, *args: Any, **kwargs: Any) -> Any:
        with _rpm_errors(self.path):
            return method(self, *args, **kwargs)

    return wrapper


def _guard_methods(cls: type) -> type:
    """Every public method parses the spec lazily (python-specfile re-parses after an
    edit): wrap them so a parse error is a SpecError, never a crash."""
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, _translating(member))
        elif isinstance(member, property) and member.fget is not None:
            setattr(cls, name, property(_translating(member.fget)))
    return cls


_parse_dirs: dict[Path, Path] = {}  # distgit directory -> its mirror
_mirrored: dict[Path, Path] = {}  # mirror -> the distgit directory it mirrors


def _parse_dir(directory: Path) -> Path:
    """A private mirror of the distgit (symlinks to its files) for python-specfile to
    parse in: the placeholder sources it writes for missing files land there, never in
    the distgit, even when rdotool is killed during a parse. The mirror is brought up to
    date before every parse (see _sync_before_parse): a link to a file the command has
    since removed would take a placeholder written through it into the distgit."""
    import atexit
    import shutil
    import tempfile

    directory = directory.absolute()  # links made from a relative path would dangle
    mirror = _parse_dirs.get(directory)
    if mirror is None:
        _remove_stale_mirrors(Path(tempfile.gettempdir()))
        mirror = Path(tempfile.mkdtemp(prefix=f"{_MIRROR_PREFIX}{os.getpid()}-"))
        _parse_dirs[directory] = mirror
        _mirrored[mirror] = directory
        atexit.register(shutil.rmtree, mirror, True)
    _sync_before_parse()  # every parse, the first one included, fills the mirror first
    return mirror


_MIRROR_PREFIX = "rdotool-spec-"


def _remove_stale_mirrors(tmp: Path) -> None:
    """Remove the mirrors of rdotool processes that are gone: a process killed (or ended
    by os._exit) leaves its mirror behind, and thousands of them slowed every run down."""
    import shutil

    try:
        entries = [e for e in os.scandir(tmp) if e.name.startswith(_MIRROR_PREFIX)]
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(_MIRROR_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:  # gone: its mirror is garbage
            shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:  # alive, or another user's: not ours to remove
            continue


def _sync_mirror(mirror: Path, directory: Path) -> None:
    """Point the mirror's links at exactly the files the distgit holds now."""
    for entry in os.scandir(mirror):
        if entry.is_symlink():
            os.unlink(entry.path)
    try:
        names = [e.name for e in os.scandir(directory) if e.name != ".git"]
    except OSError:
        names = []
    for name in names:
        with contextlib.suppress(OSError):
            os.symlink(directory / name, mirror / name)


def _sync_before_parse() -> None:
    """Make python-specfile bring a mirror up to date each time it parses in one."""
    from specfile.spec_parser import SpecParser

    parse = SpecParser._do_parse
    if getattr(parse, "_syncs_mirror", False):
        return

    @functools.wraps(parse)
    def synced(self: Any, *args: Any, **kwargs: Any) -> Any:
        directory = _mirrored.get(Path(self.sourcedir))
        if directory is not None:
            _sync_mirror(Path(self.sourcedir), directory)
        return parse(self, *args, **kwargs)

    synced._syncs_mirror = True  # type: ignore[attr-defined]
    SpecParser._do_parse = synced  # type: ignore[method-assign]


def _rpm_error(exc: Exception) -> str:
    """rpm's own error line (specfile keeps rpm's stderr as a list of bytes)."""
    stderr = getattr(exc, "stderr", None) or str(exc)
    if isinstance(stderr, (list, tuple)):
        stderr = "".join(
            part.decode("utf-8", "replace") if isinstance(part, bytes) else str(part)
            for part in stderr
        )
    lines = [ln.strip() for ln in str(stderr).splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("error:")]
    return (errors or lines or [type(exc).__name__])[0]


_guard_methods(Spec)
