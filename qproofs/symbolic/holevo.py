"""The entanglement-assisted Holevo bound in sympy (paper Section 3.2, App. A.2, ref [4]; claim ``holevo.ea-capacity``).

With σ_x = (E_x ⊗ id)(ρ_AB), σ = Σ p_x σ_x, and d_A = 2 (log base 2):

    χ ≤ S(σ_A) + S(ρ_B) − Σ p_x S(σ_x)             (subadditivity of S(σ))
      ≤ S(σ_A) + S(ρ_B) − (S(ρ_B) − Σ p_x S(σ_x,A)) (Araki–Lieb: S(AB) ≥ S(B) − S(A))
      = S(σ_A) + Σ p_x S(σ_x,A) ≤ 2 log₂ d_A = 2.

The entropies are symbols constrained to their ranges; the chain is checked by
substitution and the final maximum over the box by its vertices (the
expression is linear).  For the Bell ensemble every quantity is exact.
"""

from __future__ import annotations

import itertools

import sympy as sp

from qproofs.protocols import ea_coding
from qproofs.symbolic.superdense import encoded_states


def entropy_exact(rho: sp.Matrix) -> sp.Expr:
    """S(ρ) = −Σ λ log₂ λ from the exact eigenvalues.

    Nielsen & Chuang §11.3 (von Neumann entropy), in exact arithmetic.

    >>> entropy_exact(sp.eye(4) / 4), entropy_exact(sp.diag(1, 0))
    (2, 0)
    """
    total = sp.Integer(0)
    for lam, mult in rho.eigenvals().items():
        lam = sp.simplify(lam)  # exact eigenvalue (nsimplify would guess a closed form from floats)
        if lam != 0:
            total += -mult * lam * sp.log(lam, 2)
    return sp.simplify(total)


def bell_ensemble_chi() -> dict[str, sp.Expr]:
    """Exact χ of {1/4, (P_w ⊗ I)|Φ+⟩⟨Φ+|(P_w ⊗ I)}: S(average) and the average S(σ_x).

    Paper Section 3.2 (claim ``holevo.ea-capacity``): the Bell ensemble attains χ = 2.

    >>> bell_ensemble_chi()
    {'S(avg)': 2, 'mean S(sigma_x)': 0, 'chi': 2}
    """
    states = [psi * psi.H for psi in encoded_states().values()]
    avg = sum(states, sp.zeros(4, 4)) / 4
    s_avg = entropy_exact(avg)
    s_each = [entropy_exact(s) for s in states]
    chi = sp.simplify(s_avg - sum(s_each) / 4)
    return {"S(avg)": s_avg, "mean S(sigma_x)": sp.simplify(sum(s_each) / 4), "chi": chi}


def bound_chain() -> dict[str, object]:
    """The symbolic chain χ ≤ S(A)+S(B)−S(AB) ≤ S(A)+Σp S(A_x) and its maximum over the allowed box.

    Paper Section 3.2 and App. A.2 (claim ``holevo.ea-capacity``); subadditivity and Araki–Lieb, Nielsen & Chuang §11.3.4.

    >>> chain = bound_chain()
    >>> chain["after_araki_lieb"], chain["maximum"], chain["equal"]
    (S_A + S_Ax, 2, True)
    """
    sA, sB, sAB, tA = sp.symbols("S_A S_B S_ABx S_Ax", nonnegative=True)  # S_ABx, S_Ax: p-averages
    log_dA = sp.log(2, 2)  # A is a qubit
    subadditive = sA + sB - sAB
    araki_lieb_min = sB - tA  # S(σ_x) ≥ S(ρ_B) − S(σ_x,A), averaged over x
    after_al = sp.simplify(subadditive.subs(sAB, araki_lieb_min))
    # linear in (S_A, S_Ax) ∈ [0, log d_A]²: the maximum sits on a vertex
    vertices = [after_al.subs({sA: a, tA: t}) for a, t in itertools.product((0, log_dA), repeat=2)]
    maximum = sp.simplify(sp.Max(*vertices))
    return {
        "subadditive": subadditive, "after_araki_lieb": after_al,
        "S_B_cancels": sB not in after_al.free_symbols,
        "maximum": maximum, "claimed": sp.nsimplify(ea_coding.EA_CAPACITY_BITS),
        "equal": sp.simplify(maximum - sp.nsimplify(ea_coding.EA_CAPACITY_BITS)) == 0,
    }
