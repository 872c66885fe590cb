"""Section 5 — gradient-conflict detection (GapIP, TieAudit); claims in the paper's order."""

ORDER = ("thm4.grover-angle", "thm4.quantum-upper", "thm4.classical-upper", "thm4.ghd-reduction", "rem3.crossover",
         "rem3.crossover-repaired", "rem3.one-round", "thm5.zero-amplitude", "thm5.quantum-upper", "thm5.classical-lower", "thm5.classical-lower-repaired",
         "rem5.broadcast")
