"""Section 3.3 — GHZ probes and the quantum Fisher information; claims in the paper's order."""

ORDER = ("def1.ghz-aggregate", "thm1.qfi-bound", "thm1.ghz-unique", "thm1.penalty", "thm1.copies",
         "rem2.parity-saturates")
