"""Rendering of an :class:`~qproofs.runner.Audit`: JSON, Markdown, HTML, figures.

The report renders; it computes nothing (style: pytest's junitxml writer). It
never imports a protocol. Output is deterministic for a given audit: sorted
keys, one float format, figures drawn from the specs the checks returned.
"""

from qproofs.report.write import write_report

__all__ = ["write_report"]
