"""qproofs: verification and bounds-checking for the claims of "Quantum ring all-reduce".

>>> import qproofs
>>> audit = qproofs.verify(only=["sdc.*"], profile="quick", seed=0)   # doctest: +SKIP
>>> audit.claims[0].verdict                                          # doctest: +SKIP
<Verdict.VERIFIED: 'verified'>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from qproofs.runner import Audit


def verify(**kwargs: Any) -> Audit:
    """Run the audit (see :func:`qproofs.runner.verify`); imported lazily so ``import qproofs`` is instant."""
    from qproofs.runner import verify as _verify

    return _verify(**kwargs)


__all__ = ["__version__", "verify"]
