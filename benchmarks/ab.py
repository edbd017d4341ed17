"""Two or more ways of starting mentornet, timed in one alternating loop, as whole processes.

    python benchmarks/ab.py --db PATH --variant NAME=MODULE:FUNCTION[@SRC] --variant ... [--repeat 11] [--only TEXT]
        [--db-of NAME=PATH ...]

Each variant runs `python -c` importing FUNCTION from MODULE (from the source tree SRC when given,
else the installed one) and calling it as the console script would. Every round runs each variant
once, then `python -c pass`, so a noisy shared machine slows them alike; the figures are medians of
wall time and of CPU time (user and system).
The commands are run.py's, against a copy of the database made anew; each run of a write gets its
own contact. `--db-of NAME=PATH` gives a variant a copy of a file of its own: for variants whose
caches differ (a file shared by both would be rebuilt at every switch), each run against a file
already upgraded to its version. Each cell is followed by the ratio of wall medians to python's.
Run it with PYTHONDONTWRITEBYTECODE unset (it is dropped from the children's
environment) so the bytecode caches are warm after the first round.

    python benchmarks/ab.py --db /tmp/bench.db --only touch \\
        --variant "gc off=mentornet.launch:main" --variant "gc on=mentornet.cli:main"
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import COMMANDS, contacts_in  # noqa: E402  (the same commands as run.py)


def _run(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user and system) of one whole process. On a shared machine the
    CPU time moves less than the wall time: waiting for a core counts in one, not the other."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def _program(spec: str) -> tuple[str, list[str]]:
    name, _, target = spec.partition("=")
    target, _, src = target.partition("@")
    module, _, function = target.partition(":")
    path = f"sys.path.insert(0, {src!r}); " if src else ""
    code = f"import sys; {path}sys.argv[0] = 'mentornet'; from {module} import {function}; sys.exit({function}())"
    return name, [sys.executable, "-c", code]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the database to run against (a copy of it)")
    parser.add_argument("--variant", action="append", required=True, help="NAME=MODULE:FUNCTION[@SRC]")
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--only", help="run only the commands whose label contains this text")
    parser.add_argument("--db-of", action="append", default=[], help="NAME=PATH: that variant's own database")
    args = parser.parse_args()
    variants = [_program(spec) for spec in args.variant]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    baseline = [sys.executable, "-c", "pass"]
    wanted = args.only.split(",") if args.only else [""]
    chosen = [command for command in COMMANDS if any(text in command[0] for text in wanted)]
    print(f"{'command':<24} " + " ".join(f"{name:>24}" for name, _ in variants) + f" {'python':>12}"
          + "  (median ms: wall / cpu)")
    size = contacts_in(args.db)
    print(f"# load average {' '.join(f'{v:.1f}' for v in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(dir=args.db.resolve().parent) as folder:
        env["MENTORNET_DB"] = str(shutil.copyfile(args.db, Path(folder) / "benchmark.db"))
        own = dict(spec.split("=", 1) for spec in args.db_of)
        envs = {name: {**env, "MENTORNET_DB": str(shutil.copyfile(own[name], Path(folder) / f"benchmark-{n}.db"))}
                if name in own else env for n, (name, _) in enumerate(variants)}
        for label, argv_of, _ in chosen:
            times: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in variants}
            base = []
            first = len(variants) * args.repeat
            for index, (name, program) in enumerate(variants):  # warm the bytecode caches
                _run([*program, *argv_of(first + index, size)], envs[name])
            for n in range(args.repeat):
                for index, (name, program) in enumerate(variants):
                    times[name].append(_run([*program, *argv_of(n * len(variants) + index, size)], envs[name]))
                base.append(_run(baseline, env))
            floor = statistics.median(wall for wall, _ in base)
            cells = [f"{_medians(times[name])} ({statistics.median(w for w, _ in times[name]) / floor:.1f}x)"
                     for name, _ in variants] + [_medians(base)]
            print(f"{label:<24} " + " ".join(f"{cell:>24}" for cell in cells[:-1]) + f" {cells[-1]:>12}"
                  f"  load {' '.join(f'{v:.1f}' for v in os.getloadavg())}", flush=True)


def _medians(runs: list[tuple[float, float]]) -> str:
    wall, cpu = zip(*runs, strict=True)
    return f"{statistics.median(wall) * 1000:.1f} / {statistics.median(cpu) * 1000:.1f}"


if __name__ == "__main__":
    main()
