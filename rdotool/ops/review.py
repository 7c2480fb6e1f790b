"""`rdotool review`: send the distgit change (or the patches branch) to Gerrit with git.

The commits that no branch of the review remote has are sent as `refs/for/<branch>`
with Gerrit's push options in the ref (`%topic=…,r=…,wip,private`). Every one needs a
`Change-Id:` trailer; a missing one is added to the tip commit (computed as Gerrit's
commit-msg hook does), and the user is told. Nothing is sent from a dirty tree, a
detached HEAD, or (without --yes) more than one commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdotool.core import gerrit
from rdotool.errors import InputError
from rdotool.ops.distgit import check_clean, open_distgit


@dataclass(frozen=True)
class ReviewResult:
    """What was (or, with dry_run, would be) pushed."""

    remote: str
    url: str
    refspec: str
    command: list[str]
    commits: list[tuple[str, str]]  # (sha, subject), oldest first
    change_ids: list[str]
    amended: str | None = None  # the new tip when a Change-Id was added
    added_change_id: bool = False  # the tip had none (with dry_run: one would be added)
    dry_run: bool = False
    urls: list[str] = field(default_factory=list)
    reply: str = ""


def submit_review(
    path: Path,
    *,
    patches: bool = False,
    local_branch: str | None = None,
    target: str | None = None,
    topic: str | None = None,
    reviewers: Sequence[str] = (),
    wip: bool = False,
    private: bool = False,
    dry_run: bool = False,
    yes: bool = False,
) -> ReviewResult:
    distgit = open_distgit(path)
    check_clean(distgit)
    repo = distgit.repo
    remote = "review-patches" if patches else "review-origin"
    url = repo.remote_url(remote)
    if url is None:
        raise InputError(
            f"{distgit.path} has no {remote} remote",
            "`rdotool clone PACKAGE` sets it up from rdoinfo; packages without a review-origin "
            "there (most dependencies) are not reviewed on Gerrit",
        )
    if patches:
        source = local_branch or distgit.patches_branch
        if repo.rev_parse(f"refs/heads/{source}") is None:
            raise InputError(f"there is no patches branch {source}", "name one with -P BRANCH")
        branch = target or source
    else:
        source, branch = "HEAD", target or distgit.branch
    outgoing = repo.outgoing(source if source != "HEAD" else distgit.branch, remote)
    if not outgoing:
        raise InputError(
            f"nothing to send: every commit of {source} is already on {remote}",
            f"commit your change first (or `git fetch {remote}` if this looks wrong)",
        )
    commits = [(sha, repo.commit_fields(sha)["message"].splitlines()[0]) for sha in outgoing]
    if len(commits) > 1 and not yes:
        listing = "; ".join(f"{sha[:7]} {subject}" for sha, subject in commits[:5])
        raise InputError(
            f"{len(commits)} commits would be sent for review: {listing}",
            "pass --yes to send them all, or squash them into one",
        )
    amended, change_ids, added = None, [], False
    for index, (sha, subject) in enumerate(commits):
        fields = repo.commit_fields(sha)
        found = gerrit.find_change_id(fields["message"])
        if found:
            change_ids.append(found)
            continue
        if index != 0:  # commits are newest first: only the tip can be reworded here
            raise InputError(
                f"commit {sha[:7]} ({subject}) has no Change-Id",
                "add one (install Gerrit's commit-msg hook and `git rebase -i` to reword it)",
            )
        new_id = gerrit.change_id(
            fields["tree"],
            fields["parents"].split(),
            fields["author"],
            fields["committer"],
            fields["message"],
        )
        change_ids.append(new_id)
        added = True
        if not dry_run:
            ref = distgit.branch if source == "HEAD" else source
            amended = repo.reword(ref, gerrit.add_change_id(fields["message"], new_id))
            commits[0] = (amended, subject)  # what is pushed is the reworded commit
    refspec = gerrit.push_refspec(source, branch, topic, reviewers, wip, private)
    command = repo.push_argv(remote, refspec)
    result = ReviewResult(
        remote,
        url,
        refspec,
        command,
        list(reversed(commits)),
        change_ids[::-1],
        added_change_id=added,
        dry_run=dry_run,
    )
    if dry_run:
        return result
    reply = repo.push(remote, refspec)
    return replace(result, amended=amended, urls=gerrit.change_urls(reply), reply=reply)
