"""Shared negative-control pieces of Section 4's claims (not a claim module).

:func:`product_probe` is the non-GHZ source the mutants of ``lemma1.simulatable``,
``lemma2.ideal-leakage-zero`` and ``thm3.multiround`` distribute through the
public seam ``qproofs.protocols.vga.PROBE``.
"""

from __future__ import annotations

import numpy as np


def product_probe(n: int) -> np.ndarray:
    """|+⟩^{⊗N}: a product source with no test; each readout bit reveals its node's input."""
    v = np.ones(2**n, dtype=complex)
    return v / np.linalg.norm(v)
