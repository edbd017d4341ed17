"""The `mentornet` command's entry point: Python's cyclic garbage collector made rare, then the CLI.

A command lives for a fraction of a second and reference counting frees nearly everything it
makes; at the default threshold the collector makes pass after pass over the objects the imports
create. A high threshold saves as much as turning it off (benchmarks/startup.md), and a long
command that makes reference cycles (an export of a large network) still gets them collected.
Library users (and the tests) import `mentornet.cli` and keep their collector as it is.
"""

import gc
import sys

COLLECT_AFTER = 100_000  # allocations between young-generation collections (Python's default: 700)


def main() -> None:
    try:
        gc.set_threshold(COLLECT_AFTER, 50, 1000)
        from mentornet.cli import main as run_cli

        run_cli()
    except KeyboardInterrupt:  # Ctrl-C at any moment, even before the CLI's own handling is in place
        sys.stderr.write("\nInterrupted.\n")
        sys.exit(130)
