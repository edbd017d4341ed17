"""Time commands on a SQLite file and a PostgreSQL database holding the same network, interleaved
(so a busy machine slows both alike): the median of N runs of each, as subprocesses (issue 19).

    python scripts/time_stores.py SQLITE_FILE POSTGRESQL_URL [--runs 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [
    ["outreach", "due"],
    ["outreach", "due", "--json"],
    ["gaps"],
    ["contacts", "list", "--json"],
    ["add-contact", "Timing Person {n}", "--role", "research"],
]


def run(db: str, args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "mentornet"), "--db", db, *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"mentornet {' '.join(args)} on {db[:30]}: {done.stderr.strip()}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sqlite")
    parser.add_argument("postgresql")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("MENTORNET_TODAY", "2026-11-22")
    n = int(time.time())  # names no earlier run used
    floor = []
    for _ in range(options.runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        floor.append(time.perf_counter() - started)
    print(f"python -c pass: {statistics.median(floor) * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':32} {'SQLite s':>9} {'PostgreSQL s':>13} {'ratio':>6}")
    for args in COMMANDS:
        times: dict[str, list[float]] = {"s": [], "p": []}
        for _ in range(options.runs):
            for key, db in (("s", options.sqlite), ("p", options.postgresql)):
                n += 1
                times[key].append(run(db, [a.format(n=n) for a in args]))
        s, p = statistics.median(times["s"]), statistics.median(times["p"])
        print(f"{' '.join(args).replace(' {n}', ''):32} {s:9.3f} {p:13.3f} {p / s:6.2f}", flush=True)


if __name__ == "__main__":
    main()
