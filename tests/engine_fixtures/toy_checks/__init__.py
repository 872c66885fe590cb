"""A toy claim pack for the engine tests: one claim per verdict, a property, mutants."""

ORDER = ("toy.ok", "toy.small", "toy.gap", "toy.cited", "toy.unsure", "toy.crash")
