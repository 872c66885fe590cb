"""Section 4 — security of aggregation; claims in the paper's order (repairs follow their originals)."""

ORDER = ("thm2.classical-leakage", "lemma1.simulatable", "lemma2.ideal-leakage-zero", "vga.stabilizer-detection",
         "vga.sampling", "vga.sampling-mean-deficit", "prop1.monotone", "thm3.multiround", "lemma3.chaining", "vga.composable",
         "sec44.gaussian-mi", "vga.eve-attacks", "vga.noise-threshold")
