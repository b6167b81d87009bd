"""The command line (Click only): ``lstmq`` and its commands."""

import sys


# Ctrl+C while the command line is still being imported: one line and 130, as later on.
# (Once ``main`` runs, ``LstmqGroup.main`` handles every stop itself.)
try:
    from .main import cli, main
except KeyboardInterrupt:
    sys.stderr.write("lstmq: error: interrupted; outputs not yet in place were left as they were\n")
    raise SystemExit(130) from None

__all__ = ["cli", "main"]
