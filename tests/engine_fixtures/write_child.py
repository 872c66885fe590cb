"""Child process of the fault-injection tests: write one audit into a report directory.

Usage: ``python write_child.py AUDIT_JSON OUT [fresh|merge]``. Prints ``ready``
once imported (the parent may then kill it at a random moment of the write);
``QPROOFS_FAULT_KILL_AT=k`` makes it SIGKILL itself at the k-th write step.
"""

import json
import sys
from pathlib import Path

from qproofs.report.write import write_report
from qproofs.runner import Audit

audit = Audit.from_dict(json.loads(Path(sys.argv[1]).read_text()))
print("ready", flush=True)
write_report(audit, sys.argv[2], fresh=sys.argv[3] == "fresh")
print("done", flush=True)
