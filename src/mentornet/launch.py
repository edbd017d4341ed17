"""The `mentornet` command's entry point: Python's cyclic garbage collector off, then the CLI.

A command lives for a fraction of a second and reference counting frees nearly everything it
makes; the collector would only make passes over the objects the imports create. What that
saves is measured in benchmarks/startup.md. Library users (and the tests) import `mentornet.cli`
and keep their collector.
"""

import gc
import sys


def main() -> None:
    try:
        gc.disable()
        from mentornet.cli import main as run_cli

        run_cli()
    except KeyboardInterrupt:  # Ctrl-C at any moment, even before the CLI's own handling is in place
        sys.stderr.write("\nInterrupted.\n")
        sys.exit(130)
