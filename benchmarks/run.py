"""Whole-process wall time of mentornet commands, as ratios to `python -c pass` in the same run.

    python benchmarks/run.py --db PATH [--repeat 21] [--json]

Each command runs alternately with `python -c pass`, so a noisy shared machine slows both alike;
the figure that matters is the ratio of medians. Bytecode caches are warmed first (run it with
PYTHONDONTWRITEBYTECODE unset).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [
    ["--help"],
    ["outreach", "due"],
    ["gaps"],
    ["contacts", "list", "--json"],
    [],
    ["add-contact", "Benchmark Person", "--allow-duplicate"],
]


def _time(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the database to run against (it is written to)")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    exe = shutil.which("mentornet") or str(Path(sys.executable).with_name("mentornet"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["MENTORNET_DB"] = str(args.db.resolve())
    baseline = [sys.executable, "-c", "pass"]
    results = []
    for command in COMMANDS:
        argv = [exe, *command]
        _time(argv, env), _time(baseline, env)  # warm caches
        ours, base = [], []
        for _ in range(args.repeat):
            ours.append(_time(argv, env))
            base.append(_time(baseline, env))
        median, floor = statistics.median(ours), statistics.median(base)
        results.append({"command": "mentornet " + " ".join(command), "median_ms": round(median * 1000, 1),
                        "python_ms": round(floor * 1000, 1), "ratio": round(median / floor, 1)})
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{'command':<50} {'median':>9} {'python':>9} {'ratio':>6}")
    for row in results:
        print(f"{row['command']:<50} {row['median_ms']:>7}ms {row['python_ms']:>7}ms {row['ratio']:>5}x")


if __name__ == "__main__":
    main()
