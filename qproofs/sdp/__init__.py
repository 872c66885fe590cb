"""cvxpy programs and the exact certificate layer."""
