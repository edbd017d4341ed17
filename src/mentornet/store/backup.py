"""Consistent, owner-only copies of the database (`VACUUM INTO` reads one snapshot)."""

import os
import sqlite3
from pathlib import Path

from mentornet.errors import StoreError
from mentornet.store.connection import BUSY_TIMEOUT_MS, create_private_file


def copy_database(source: Path, destination: Path) -> Path:
    """Copy `source` to a new file `destination` (0600), consistent even while others write."""
    if destination.exists() and destination.stat().st_size > 0:
        raise StoreError(f"{destination} already exists; choose another path")
    create_private_file(destination)  # VACUUM INTO keeps an existing empty file's mode
    conn = sqlite3.connect(Path(source).as_uri() + "?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("VACUUM INTO ?", (str(destination),))
    except sqlite3.Error as exc:
        destination.unlink(missing_ok=True)
        raise StoreError(f"can't copy {source} to {destination}: {exc}") from None
    finally:
        conn.close()
    os.chmod(destination, 0o600)
    return destination
