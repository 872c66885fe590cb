"""JUnit XML of an audit (``qproofs verify --junit FILE``), so CI systems show it natively.

Written with :mod:`xml.etree.ElementTree` as pytest's ``junitxml`` plugin does
(``src/_pytest/junitxml.py``): one ``<testsuite>``, one ``<testcase>`` per check
(``classname`` = claim id, ``name`` = check name). A failed check carries
``<failure>`` (type ``refuted`` or ``gap``), a crashed one ``<error>``, an
undecided one ``<skipped>`` with its reason. Each test case has properties: the
claim's verdict and paper reference, the check's status, method, observed,
expected, tolerance, instances and, when the check recorded one, its margin.
Pure: an audit document in, a string out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from qproofs.report.diff import check_status
from qproofs.report.fmt import fmt_tolerance, fmt_value

_MARGIN_KEYS = ("margin", "min_margin", "min_slack", "slack")


def junit_xml(audit: Mapping[str, Any]) -> str:
    """The JUnit XML document for an audit dict (``qproofs.audit/1``)."""
    run = audit["run"]
    cases = [(c, k) for c in audit["claims"] for k in c["checks"]]
    counts = {s: sum(check_status(k) == s for _, k in cases) for s in ("fail", "error", "inconclusive")}
    suite = ET.Element("testsuite", {
        "name": "qproofs", "tests": str(len(cases)), "failures": str(counts["fail"]),
        "errors": str(counts["error"]), "skipped": str(counts["inconclusive"]),
        "time": f"{float(run.get('duration_s') or 0.0):.3f}", "timestamp": str(run.get("started", "")),
    })
    props = ET.SubElement(suite, "properties")
    for name in ("profile", "seed", "qproofs_version", "python", "executor"):
        ET.SubElement(props, "property", {"name": name, "value": str(run.get(name, ""))})
    for claim, check in cases:
        suite.append(_testcase(claim, check))
    root = ET.Element("testsuites", {"name": "qproofs audit"})
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(claim: Mapping[str, Any], check: Mapping[str, Any]) -> ET.Element:
    status = check_status(check)
    case = ET.Element("testcase", {"classname": claim["id"], "name": check["name"],
                                   "time": f"{float(check.get('duration_s') or 0.0):.3f}"})
    props = ET.SubElement(case, "properties")
    values = {
        "verdict": claim["verdict"], "status": status, "method": check.get("method", ""),
        "claim": f"{claim['id']}: {claim.get('ref', '')} (Section {claim.get('section', '')}) — {claim.get('title', '')}",
        "observed": fmt_value(check.get("observed"), 400), "expected": fmt_value(check.get("expected"), 400),
        "tolerance": fmt_tolerance(check.get("tolerance")), "instances": str(check.get("instances", "")),
    }
    margin = _margin(check)
    if margin is not None:
        values["margin"] = fmt_value(margin)
    for name, value in values.items():
        ET.SubElement(props, "property", {"name": name, "value": value})
    detail = str(check.get("detail") or "")
    if status == "fail":
        kind = str(check.get("on_fail") or "refuted")
        message = f"{kind}: observed {fmt_value(check.get('observed'))}, expected {fmt_value(check.get('expected'))}"
        el = ET.SubElement(case, "failure", {"type": kind, "message": message})
        cex = check.get("counterexample")
        el.text = detail + (f"\ncounterexample: {fmt_value(cex, 4000)}" if cex is not None else "")
    elif status == "error":
        el = ET.SubElement(case, "error", {"type": "error", "message": str(check.get("error"))})
        el.text = detail
    elif status == "inconclusive":
        ET.SubElement(case, "skipped", {"type": "inconclusive", "message": detail or "inconclusive: undecided"})
    return case


def _margin(check: Mapping[str, Any]) -> Any:
    """A margin the check recorded in ``observed`` or ``data`` (first of :data:`_MARGIN_KEYS`), else ``None``."""
    for source in (check.get("observed"), check.get("data")):
        if isinstance(source, Mapping):
            for key in _MARGIN_KEYS:
                if key in source:
                    return source[key]
    return None
