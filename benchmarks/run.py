"""Whole-process wall time and peak memory of mentornet commands, as ratios to `python -c pass`.

    python benchmarks/run.py --db PATH [--repeat 21] [--only TEXT] [--linkedin CSV] [--json]

Each command runs alternately with `python -c pass`, so a noisy shared machine slows both alike;
the figure that matters is the ratio of medians. Bytecode caches are warmed first (run it with
PYTHONDONTWRITEBYTECODE unset). Peak memory is the largest resident set of the command's process
(its rusage, read when it ends). The commands run against a copy of the database (the writes
change it), made anew each run. `--linkedin CSV` also times importing that file into a new, empty
database, then importing it again (everything skipped).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# (label, argv after `mentornet`, by the run's number: each run of a write gets its own contact),
# and the most the ratio may be (issue 6)
COMMANDS: list[tuple[str, Callable[[int], list[str]], float]] = [
    ("--help", lambda n: ["--help"], 10),
    ("outreach due", lambda n: ["outreach", "due"], 15),
    ("gaps", lambda n: ["gaps"], 15),
    ("contacts list --json", lambda n: ["contacts", "list", "--json"], 15),
    ("(bare: the dashboard)", lambda n: [], 15),
    ("search grant", lambda n: ["search", "grant"], 15),
    ("search statistics", lambda n: ["search", "statistics"], 15),
    ("add-contact", lambda n: ["add-contact", f"Benchmark Person {n}", "--role", "research"], 45),
    ("meeting log", lambda n: ["meeting", "log", str(1000 + n), "--notes", "Talked about the grant; next: aims."], 45),
    ("touch", lambda n: ["touch", str(2000 + n), "--note", "Sent the paper"], 45),
    ("outreach log", lambda n: ["outreach", "log", str(3000 + n), "--ask", "20 minutes about fellowships?"], 45),
    ("contacts edit --title", lambda n: ["contacts", "edit", str(4000 + n), "--title", f"Professor {n}"], 45),
    ("contacts stage", lambda n: ["contacts", "stage", str(5000 + n), "cultivation"], 45),
    ("contacts remove", lambda n: ["contacts", "remove", str(6000 + n), "--yes"], 45),
]


def _run(argv: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def _measure(label: str, argv_of: Callable[[int], list[str]], limit: float, exe: str, env: dict, repeat: int) -> dict:
    baseline = [sys.executable, "-c", "pass"]
    _run([exe, *argv_of(repeat)], env), _run(baseline, env)  # warm caches (a run number of its own)
    ours, base, memory = [], [], []
    for n in range(repeat):
        seconds, peak = _run([exe, *argv_of(n)], env)
        ours.append(seconds)
        memory.append(peak)
        base.append(_run(baseline, env)[0])
    median, floor = statistics.median(ours), statistics.median(base)
    return {"command": label, "median_ms": round(median * 1000, 1), "python_ms": round(floor * 1000, 1),
            "ratio": round(median / floor, 1), "at_most": limit, "peak_mib": round(max(memory) / 1024, 1)}


def _import(csv_path: Path, exe: str, env: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        fresh = {**env, "MENTORNET_DB": str(Path(folder) / "import.db")}
        seconds, peak = _run([exe, "import", str(csv_path.resolve())], fresh)
        again, _ = _run([exe, "import", str(csv_path.resolve())], fresh)
    rows = sum(1 for _ in open(csv_path, encoding="utf-8-sig")) - 5  # the notes preamble and the header
    return {"command": f"import {rows} LinkedIn rows", "seconds": round(seconds, 2), "again_seconds": round(again, 2),
            "at_most_seconds": 10, "peak_mib": round(peak / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the database to run against (a copy of it)")
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--only", help="run only the commands whose label contains this text")
    parser.add_argument("--linkedin", type=Path, help="also time importing this LinkedIn CSV into a new database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    exe = shutil.which("mentornet") or str(Path(sys.executable).with_name("mentornet"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    chosen = [command for command in COMMANDS if not args.only or args.only in command[0]]
    with tempfile.TemporaryDirectory(dir=args.db.resolve().parent) as folder:
        env["MENTORNET_DB"] = str(shutil.copyfile(args.db, Path(folder) / "benchmark.db"))
        results = [_measure(label, argv_of, limit, exe, env, args.repeat) for label, argv_of, limit in chosen]
    imported = _import(args.linkedin, exe, env) if args.linkedin else None
    if args.json:
        print(json.dumps({"commands": results, "import": imported}, indent=2))
        return
    print(f"{'command':<24} {'median':>9} {'python':>8} {'ratio':>6} {'at most':>8} {'peak':>9}")
    for row in results:
        print(f"{row['command']:<24} {row['median_ms']:>7}ms {row['python_ms']:>6}ms {row['ratio']:>5}x "
              f"{row['at_most']:>7}x {row['peak_mib']:>6}MiB")
    if imported:
        print(f"{imported['command']}: {imported['seconds']} s (at most 10 s), peak {imported['peak_mib']} MiB; "
              f"the same file again: {imported['again_seconds']} s")


if __name__ == "__main__":
    main()
