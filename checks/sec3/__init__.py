"""Section 3.2 — superdense-coding ring all-reduce; claims in the paper's order."""

ORDER = ("sdc.decode", "ring.correct", "ring.online-halving", "ring.rounds", "ring.cut-entropy",
         "holevo.ea-capacity", "ring.factor-two-optimal", "ring.noise-breakeven")
