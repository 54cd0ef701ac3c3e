"""Every action the Pages workflow uses is pinned by the full commit SHA of a release tag recorded in
.github/actions.lock.json, whose runtime (read from the action's action.yml at that tag) is node24,
or composite wrapping only node24 actions that the table records too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
LOCK = REPO / ".github" / "actions.lock.json"
SHA = re.compile(r"[0-9a-f]{40}")
TAG = re.compile(r"v\d+\.\d+\.\d+")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?:\s+#\s*(?P<comment>\S+))?\s*$")


def lock_rows() -> dict:
    rows = json.loads(LOCK.read_text())["actions"]
    names = [row["action"] for row in rows]
    assert len(names) == len(set(names)), "one row per action"
    return {row["action"]: row for row in rows}


def uses_lines(text: str) -> list:
    """(action, ref, comment) of every `uses:` line, read from the text (YAML drops the comments)."""
    found = []
    for line in text.splitlines():
        if re.match(r"^\s*(?:-\s+)?uses:", line):
            match = USES_LINE.match(line)
            assert match, f"a uses: line that is not 'owner/name@ref # tag': {line!r}"
            found.append((match["action"], match["ref"], match["comment"]))
    return found


def uses_in_yaml(workflow: dict) -> list:
    return [step["uses"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "uses" in step]


def test_the_table_records_a_tag_a_commit_and_a_node24_or_composite_runtime_for_each_action():
    for action, row in lock_rows().items():
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", action), action
        assert TAG.fullmatch(row["tag"]), row
        assert SHA.fullmatch(row["commit"]), row
        assert row["runtime"] in ("node24", "composite"), row


def test_a_composite_action_wraps_only_node24_actions_that_the_table_records_at_the_same_commit():
    rows = lock_rows()
    composites = [row for row in rows.values() if row["runtime"] == "composite"]
    assert composites, "upload-pages-artifact is composite"
    for row in composites:
        assert row.get("wraps"), f"{row['action']}: say what the composite action runs"
        for wrapped in row["wraps"]:
            action, _, commit = wrapped.partition("@")
            assert action in rows, f"{row['action']} wraps {action}, which the table does not record"
            assert rows[action]["commit"] == commit, wrapped
            assert rows[action]["runtime"] == "node24", rows[action]


def test_every_uses_is_pinned_by_sha_to_the_tables_commit_with_its_tag_in_a_comment():
    rows = lock_rows()
    lines = uses_lines(WORKFLOW.read_text())
    assert lines, "the workflow uses actions"
    for action, ref, comment in lines:
        assert action in rows, f"{action} is not in {LOCK.name}"
        assert SHA.fullmatch(ref), f"{action}@{ref} is not pinned by a full commit SHA"
        assert ref == rows[action]["commit"], f"{action}@{ref}: the table says {rows[action]['commit']}"
        assert comment == rows[action]["tag"], f"{action}@{ref} # {comment}: the table says {rows[action]['tag']}"


def test_the_lines_read_are_the_steps_yaml_sees():
    """The text scan above and YAML agree on what is used, so no step escapes the check."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    from_text = [f"{action}@{ref}" for action, ref, _ in uses_lines(WORKFLOW.read_text())]
    assert sorted(from_text) == sorted(uses_in_yaml(workflow))


def test_every_action_in_the_table_is_used_by_the_workflow_or_wrapped_by_one_that_is():
    rows = lock_rows()
    used = {entry.partition("@")[0] for entry in uses_in_yaml(yaml.safe_load(WORKFLOW.read_text()))}
    wrapped = {entry.partition("@")[0] for action in used for entry in rows[action].get("wraps", [])}
    assert set(rows) == used | wrapped


def test_actions_left_out_are_not_used_and_say_why():
    left_out = json.loads(LOCK.read_text()).get("left_out", [])
    used = {entry.partition("@")[0] for entry in uses_in_yaml(yaml.safe_load(WORKFLOW.read_text()))}
    for row in left_out:
        assert row["action"] not in used, row
        assert row["why"].strip(), row


@pytest.mark.parametrize("line, problem", [
    ("      - uses: actions/checkout@v7", "not pinned by a full commit SHA"),
    ("        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "# None"),
    ("        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v6.0.0", "# v6.0.0"),
    ("        uses: actions/checkout@0000000000000000000000000000000000000000 # v7.0.1", "the table says"),
    ("        uses: someone/else@3d3c42e5aac5ba805825da76410c181273ba90b1 # v1.0.0", "is not in"),
])
def test_the_check_refuses_a_tag_a_missing_comment_a_wrong_commit_and_an_unknown_action(line, problem, monkeypatch):
    """The pin check fails on each kind of bad `uses:` line (so it is not a check that cannot fail)."""
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: line + "\n" if self == WORKFLOW
                        else Path.read_bytes(self).decode())
    with pytest.raises(AssertionError, match=re.escape(problem)):
        test_every_uses_is_pinned_by_sha_to_the_tables_commit_with_its_tag_in_a_comment()
