"""``python -m qproofs`` runs the ``qproofs`` command."""

from qproofs.cli import main

raise SystemExit(main())
