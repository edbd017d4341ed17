"""Copy a benchmark network from a SQLite file into an empty PostgreSQL database, table by table
with COPY (ids and all), then the caches recomputed: how benchmarks/ puts the same network on both
stores in seconds (a person moves theirs with `export --format json` and `import`).

    python benchmarks/pg_network.py NETWORK.db postgresql:///DBNAME?host=...
"""

import argparse
import sqlite3
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sqlite", help="a current mentornet file (copy it first: opening may recompute its caches)")
    parser.add_argument("url", help="an empty PostgreSQL database")
    options = parser.parse_args()
    from mentornet.paths import database_path
    from mentornet.services.database import prepare, server_caches
    from mentornet.store import pg

    prepare(database_path(options.sqlite))  # current schema and caches
    started = time.perf_counter()
    source = sqlite3.connect(options.sqlite)
    conn = pg.connect(options.url)
    try:
        copied = pg.copy_from_sqlite(conn, source, server_caches())
    finally:
        conn.close()
    print(f"{sum(copied.values())} rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
