"""``history.jsonl`` lines and the SVG badge: pure functions of an audit document."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import qproofs
from qproofs.errors import ConfigError
from qproofs.report.badge import badge_colour, badge_svg, badge_text
from qproofs.report.fmt import VERDICT_COLOURS
from qproofs.report.history import history_line, read_history

ROOT = Path(__file__).resolve().parent.parent


def test_history_line_round_trips(toy_checks: str, tmp_path: Path) -> None:
    doc = qproofs.verify(checks=toy_checks, profile="quick", seed=3).to_dict()
    line = history_line(doc)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["seed"], entry["profile"], entry["version"], entry["date"]) == (
        3, "quick", doc["run"]["qproofs_version"], doc["run"]["started"])
    assert entry["counts"] == doc["summary"]
    assert entry["verdicts"] == {c["id"]: c["verdict"] for c in doc["claims"]}
    path = tmp_path / "history.jsonl"
    path.write_text(line + "\n" + line + "\n")
    assert read_history(path) == [entry, entry]
    path.write_text(line + "\n{oops\n")
    with pytest.raises(ConfigError, match=r"history.jsonl:2"):
        read_history(path)


def test_committed_history_and_badge_match_the_audit() -> None:
    doc = json.loads((ROOT / "reports" / "audit.json").read_text())
    assert read_history(ROOT / "reports" / "history.jsonl")[-1] == json.loads(history_line(doc))
    assert (ROOT / "reports" / "badge.svg").read_text() == badge_svg(doc["summary"])


def test_badge() -> None:
    summary = {"verified": 30, "refuted": 0, "gap": 3, "cited": 2, "inconclusive": 0, "error": 0}
    assert badge_text(summary) == "30 verified · 3 gap · 2 cited"
    assert badge_colour(summary) == VERDICT_COLOURS["gap"]
    assert badge_colour({"verified": 3, "cited": 1}) == VERDICT_COLOURS["verified"]
    assert badge_colour({"verified": 3, "gap": 1, "error": 1}) == VERDICT_COLOURS["error"]
    svg = badge_svg(summary)
    root = ET.fromstring(svg)  # well-formed
    assert root.get("aria-label") == "qproofs: 30 verified · 3 gap · 2 cited"
    assert badge_svg(summary) == svg  # deterministic
    assert int(root.get("width", "0")) > int(ET.fromstring(badge_svg({"verified": 1})).get("width", "0"))
