"""Local bare repositories standing in for every remote a distgit has, and an rdoinfo
pointing at them (file:// URLs), so clone and review run against real git end to end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.factories import git, make_single_repo_distgit

# The stand-in Gerrit: records every ref update it receives, answers like Gerrit does.
PRE_RECEIVE = """#!/bin/sh
while read old new ref; do
  echo "$ref $new" >> "$GIT_DIR/received"
  echo "remote: "
  echo "New Changes:"
  echo "  https://review.example.org/c/openstack/foo-distgit/+/4242 $(git log -1 --format=%s $new)"
done
exit 0
"""


@dataclass
class World:
    root: Path
    rdoinfo: Path
    distgit: Path  # bare
    upstream: Path
    patches: Path
    gerrit_origin: Path
    gerrit_patches: Path

    def received(self, gerrit: Path) -> list[tuple[str, str]]:
        path = gerrit / "received"
        if not path.exists():
            return []
        return [tuple(line.split(" ", 1)) for line in path.read_text().splitlines()]  # type: ignore[misc]


def bare(root: Path, name: str) -> Path:
    path = root / f"{name}.git"
    git(root, "init", "-q", "--bare", str(path))
    return path


def install_gerrit_hook(path: Path) -> None:
    (path / "hooks" / "pre-receive").write_text(PRE_RECEIVE)
    (path / "hooks" / "pre-receive").chmod(0o755)


def make_world(root: Path) -> World:
    (root / "src").mkdir(parents=True)
    source = make_single_repo_distgit(root / "src")
    git(source, "branch", "-q", "epoxy-rdo", "rpm-master")
    names = ("distgit", "upstream", "patches", "gerrit-origin", "gerrit-patches")
    distgit, upstream, patches, g_origin, g_patches = (bare(root, name) for name in names)
    git(source, "push", "-q", str(distgit), "rpm-master", "epoxy-rdo")
    git(source, "push", "-q", "--tags", str(upstream), "upstream:refs/heads/master")
    git(source, "push", "-q", str(patches), "rpm-master-patches")
    for gerrit in (g_origin, g_patches):  # Gerrit has the branches changes go to
        git(source, "push", "-q", str(gerrit), "rpm-master", "epoxy-rdo", "rpm-master-patches")
        install_gerrit_hook(gerrit)
    rdoinfo = root / "rdoinfo"
    rdoinfo.mkdir()
    (rdoinfo / "rdo-full.yml").write_text(f"""\
releases:
- name: flamingo
  status: development
  branch: rpm-master
  repos:
  - name: el9s
- name: epoxy
  status: maintained
  branch: epoxy-rdo
  repos:
  - name: el9s
package-default:
  name: python-%(project)s
  maintainers:
  - packager@example.com
packages:
- project: foo
  upstream: file://{upstream}
  distgit: file://{distgit}
  master-distgit: file://{distgit}
  patches: file://{patches}
  review-origin: file://{g_origin}
  review-patches: file://{g_patches}
- project: bar
  name: python-bar
  upstream: file://{upstream}
  distgit: file://{distgit}
  patches:
  review-origin:
  review-patches:
""")
    return World(root, rdoinfo, distgit, upstream, patches, g_origin, g_patches)
