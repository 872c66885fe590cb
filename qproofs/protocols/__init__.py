"""Protocols of the paper, executed end to end (one module per protocol)."""
