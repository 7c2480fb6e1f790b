"""A small release world for `uc bump`, on local bare repositories: an rdoinfo (a git
checkout, in redhat-openstack/rdoinfo's layout) with release epoxy and four packages
pinned at 1.2.0 in tags/epoxy.yml, an upper-constraints file asking for 1.3.0, and per
package a distgit (epoxy-rdo), a patches repository, an upstream with 1.2.0 and 1.3.0
tagged (1.3.0 adds `requests>=2.0` to requirements.txt) and a Gerrit stand-in that
records what it receives. Package `conflict` carries a patch that no longer applies on
1.3.0. Tarballs come from a loopback server (tests/distgit/tarball_server.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.distgit.tarball_server import TarballServer
from tests.factories import commit_all, git, make_spec, make_tarball
from tests.gerrit.world import bare, install_gerrit_hook

PACKAGES = ("alpha", "beta", "conflict", "delta")
REQUIREMENTS = "pbr>=2.0.0\nsix>=1.10.0\n"
LEGACY_REQUIRES = "Requires:       python3-pbr >= 2.0.0\nRequires:       python3-six\n"


@dataclass
class BumpWorld:
    root: Path
    rdoinfo: Path  # a git checkout
    uc_file: Path
    workdir: Path
    server: TarballServer

    def distgit(self, project: str) -> Path:
        return self.root / "remotes" / f"{project}-distgit.git"

    def gerrit(self, project: str) -> Path:
        return self.root / "remotes" / f"{project}-gerrit.git"

    def received(self, project: str) -> list[tuple[str, str]]:
        path = self.gerrit(project) / "received"
        if not path.exists():
            return []
        return [tuple(line.split(" ", 1)) for line in path.read_text().splitlines()]  # type: ignore[misc]


def make_bump_world(root: Path, server: TarballServer) -> BumpWorld:
    remotes = root / "remotes"
    remotes.mkdir(parents=True)
    entries = []
    for project in PACKAGES:
        entries.append(_package(root, remotes, project, server))
    rdoinfo = root / "rdoinfo"
    (rdoinfo / "tags").mkdir(parents=True)
    (rdoinfo / "rdo-full.yml").write_text("import:\n- rdo.yml\n- tags.yml\n")
    (rdoinfo / "tags.yml").write_text("import:\n- tags/epoxy.yml\n")
    (rdoinfo / "rdo.yml").write_text(
        """\
releases:
- name: epoxy
  status: maintained
  branch: epoxy-rdo
  identifier: "2025.1"
  upstream_branch: stable/2025.1
  repos:
  - name: el9s
    buildsys: cbs/cloud9s-openstack-epoxy-el9s
    buildsys-tags:
    - cloud9s-openstack-epoxy-release
package-default:
  name: python-%(project)s
  maintainers:
  - packager@example.com
packages:
"""
        + "".join(entries)
    )
    (rdoinfo / "tags" / "epoxy.yml").write_text(
        "packages:\n"
        + "".join(
            f"- project: {p}\n  tags:\n    epoxy:\n      source-branch: 1.2.0\n" for p in PACKAGES
        )
    )
    git(rdoinfo, "init", "-q", "-b", "master")
    commit_all(rdoinfo, "rdoinfo")
    uc_file = root / "upper-constraints.txt"
    uc_file.write_text("".join(f"{p}===1.3.0\n" for p in PACKAGES) + "unrelated===9.9\n")
    return BumpWorld(root, rdoinfo, uc_file, root / "work", server)


def _package(root: Path, remotes: Path, project: str, server: TarballServer) -> str:
    """The package's repositories; its rdoinfo entry."""
    source = root / "src" / project
    source.mkdir(parents=True)
    git(source, "init", "-q", "-b", "upstream")
    (source / "foo.py").write_text("VERSION = 0\nNAME = 'foo'\n")
    (source / "requirements.txt").write_text(REQUIREMENTS)
    commit_all(source, "Initial upstream")
    (source / "foo.py").write_text("VERSION = 1\nNAME = 'foo'\n")
    commit_all(source, "Release 1.2.0")
    git(source, "tag", "1.2.0")
    git(source, "checkout", "-q", "-b", "epoxy-rdo-patches")
    if project == "conflict":  # a downstream change to the line 1.3.0 changes too
        (source / "foo.py").write_text("VERSION = 'downstream'\nNAME = 'foo'\n")
        commit_all(source, "Carry a downstream version")
    else:
        (source / "fix.txt").write_text("fix\n")
        commit_all(source, "Fix a bug")
    git(source, "checkout", "-q", "upstream")
    (source / "foo.py").write_text("VERSION = 2\nNAME = 'foo'\n")
    (source / "requirements.txt").write_text(REQUIREMENTS + "requests>=2.0\n")
    commit_all(source, "Release 1.3.0")
    git(source, "tag", "1.3.0")
    for version in ("1.2.0", "1.3.0"):
        server.files[f"{project}/{project}-{version}.tar.gz"] = make_tarball(project, version)
    git(source, "checkout", "-q", "--orphan", "epoxy-rdo")
    git(source, "rm", "-q", "-rf", ".")
    spec = (
        make_spec(
            version="1.2.0",
            source0=server.url(f"{project}/%{{pypi_name}}-%{{upstream_version}}.tar.gz"),
        )
        .replace("%global pypi_name foo", f"%global pypi_name {project}")
        .replace("BuildArch:      noarch\n", f"BuildArch:      noarch\n{LEGACY_REQUIRES}")
    )
    (source / f"python-{project}.spec").write_text(spec)
    (source / "sources").write_text("")
    commit_all(source, "Initial distgit")
    distgit, upstream, patches, gerrit = (
        bare(remotes, f"{project}-{kind}") for kind in ("distgit", "upstream", "patches", "gerrit")
    )
    git(source, "push", "-q", str(distgit), "epoxy-rdo")
    git(source, "push", "-q", "--tags", str(upstream), "upstream:refs/heads/master")
    git(source, "push", "-q", str(patches), "epoxy-rdo-patches")
    git(source, "push", "-q", str(gerrit), "epoxy-rdo", "epoxy-rdo-patches")
    install_gerrit_hook(gerrit)
    return (
        f"- project: {project}\n"
        f"  upstream: file://{upstream}\n"
        f"  distgit: file://{distgit}\n"
        f"  patches: file://{patches}\n"
        f"  review-origin: file://{gerrit}\n"
        f"  review-patches: file://{gerrit}\n"
    )
