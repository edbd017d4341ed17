"""Whole-process wall time and peak memory of mentornet commands, piped and at a terminal, at
several network sizes, as ratios to `python -c pass`.

    python benchmarks/run.py --db PATH [--repeat 11] [--only TEXT] [--linkedin CSV] [--json]
    python benchmarks/run.py --sizes 1000,10000,100000 --networks DIR \\
        [--variant before=/path/to/old/src --variant after=src] [--pty-only] ...

Each round runs every variant of a command once, then `python -c pass`, so a noisy shared
machine slows them alike; the figure that matters is the ratio of medians. A variant is a source
tree (`NAME=SRC`, run as `python -c "sys.path.insert(0, SRC); mentornet.launch.main()"`); without
`--variant`, the installed mentornet. Bytecode caches are warmed first (run it with
PYTHONDONTWRITEBYTECODE unset: it is dropped from the children's environment). Peak memory is the
largest resident set of the command's process (its rusage, read when it ends).

"pty" runs the command at a pseudo-terminal (120 columns, 50 rows) and reads everything it
writes, as a terminal would; PAGER and MENTORNET_PAGER are `cat`, so long output goes straight to
the terminal (a pager would wait for a key). "piped" writes to /dev/null.

`--sizes` builds each network with make_network.py (seed 1) under `--networks` as
`net{SIZE}.db` unless it is there already, and prints the scaling table: a column per size and
variant, a row per command and way of output, each cell the ratio and the peak memory. The
commands run against a copy of each network (the writes change it), made anew each run; each run
of a write gets its own contact. `--linkedin CSV` also times importing that file into a new,
empty database, each variant in turn. The load average is printed with every size.
"""

import argparse
import fcntl
import json
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _spread(fraction: float) -> Callable[[int, int], str]:
    """A contact id for run `n` on a network of `size`: a band of ids of its own for each write."""
    return lambda n, size: str(int(size * fraction) + n)


_MEETING, _TOUCH, _OUTREACH = _spread(0.1), _spread(0.2), _spread(0.3)
_EDIT, _STAGE, _REMOVE, _SHOW, _PREP = _spread(0.4), _spread(0.5), _spread(0.6), _spread(0.7), _spread(0.8)

# (label, argv after `mentornet` by the run's number and the network's size, the ways it is timed)
PIPED, PTY = "piped", "pty"
COMMANDS: list[tuple[str, Callable[[int, int], list[str]], tuple[str, ...]]] = [
    ("--help", lambda n, size: ["--help"], (PIPED,)),
    ("outreach due", lambda n, size: ["outreach", "due"], (PIPED, PTY)),
    ("contacts list", lambda n, size: ["contacts", "list"], (PIPED, PTY)),
    ("contacts list --json", lambda n, size: ["contacts", "list", "--json"], (PIPED,)),
    ("gaps", lambda n, size: ["gaps"], (PIPED,)),
    ("(bare: the dashboard)", lambda n, size: [], (PIPED,)),
    ("search grant", lambda n, size: ["search", "grant"], (PIPED, PTY)),
    ("search statistics", lambda n, size: ["search", "statistics"], (PIPED,)),
    ("stats", lambda n, size: ["stats"], (PIPED,)),
    ("contacts show", lambda n, size: ["contacts", "show", _SHOW(n, size)], (PIPED,)),
    ("prep", lambda n, size: ["prep", _PREP(n, size)], (PIPED,)),
    ("add-contact", lambda n, size: ["add-contact", f"Benchmark Person {n}", "--role", "research"], (PIPED,)),
    ("meeting log", lambda n, size: ["meeting", "log", _MEETING(n, size), "--notes",
                                     "Talked about the grant; next: aims."], (PIPED,)),
    ("touch", lambda n, size: ["touch", _TOUCH(n, size), "--note", "Sent the paper"], (PIPED,)),
    ("outreach log", lambda n, size: ["outreach", "log", _OUTREACH(n, size), "--ask",
                                      "20 minutes about fellowships?"], (PIPED,)),
    ("contacts edit --title", lambda n, size: ["contacts", "edit", _EDIT(n, size), "--title", f"Professor {n}"], (PIPED,)),
    ("contacts stage", lambda n, size: ["contacts", "stage", _STAGE(n, size), "cultivation"], (PIPED,)),
    ("contacts remove", lambda n, size: ["contacts", "remove", _REMOVE(n, size), "--yes"], (PIPED,)),
    ("export --format json", lambda n, size: ["export", "--format", "json"], (PIPED,)),
]
SLOW = {"export --format json": 3}  # at most this many rounds: it takes seconds at 100,000 contacts
COLUMNS, ROWS = 120, 50


def program(spec: str | None) -> tuple[str, list[str]]:
    """A variant's name and the argv that starts mentornet from its source tree (or installed)."""
    if spec is None:
        exe = shutil.which("mentornet") or str(Path(sys.executable).with_name("mentornet"))
        return "mentornet", [exe]
    name, _, src = spec.partition("=")
    path = f"sys.path.insert(0, {str(Path(src).resolve())!r}); "
    code = f"import sys; {path}sys.argv[0] = 'mentornet'; from mentornet.launch import main; sys.exit(main())"
    return name, [sys.executable, "-c", code]


def run_piped(argv: list[str], env: dict) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one whole process, its output to /dev/null."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def run_pty(argv: list[str], env: dict) -> tuple[float, int]:
    """The same at a pseudo-terminal COLUMNS x ROWS, everything it writes read as a terminal would."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
    os.close(slave)
    while True:
        try:
            if not os.read(master, 1 << 16):
                break
        except OSError:  # EIO: the child has gone and closed the terminal
            break
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    os.close(master)
    return elapsed, usage.ru_maxrss


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def measure(label: str, argv_of, way: str, variants: list[tuple[str, list[str]]], env: dict, repeat: int,
            size: int) -> dict:
    """Each variant's median and peak, and python's median, from one alternating loop."""
    runner = run_pty if way == PTY else run_piped
    baseline = [sys.executable, "-c", "pass"]
    rounds = min(repeat, SLOW.get(label, repeat))
    first = len(variants) * rounds
    for index, (_, argv) in enumerate(variants):  # warm the bytecode and page caches
        runner([*argv, *argv_of(first + index, size)], env)
    times: dict[str, list[float]] = {name: [] for name, _ in variants}
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    base = []
    for n in range(rounds):
        for index, (name, argv) in enumerate(variants):
            seconds, peak = runner([*argv, *argv_of(n * len(variants) + index, size)], env)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
        base.append(run_piped(baseline, env)[0])
    floor = statistics.median(base)
    return {"command": label, "way": way, "size": size, "rounds": rounds, "python_ms": round(floor * 1000, 1),
            "load": load(), "variants": {name: {"median_ms": round(statistics.median(times[name]) * 1000, 1),
                                                "ratio": round(statistics.median(times[name]) / floor, 1),
                                                "peak_mib": round(peaks[name] / 1024, 1)} for name in times}}


def import_time(csv_path: Path, variants: list[tuple[str, list[str]]], env: dict, repeat: int) -> list[dict]:
    """Importing the file into a new, empty database, each variant in turn, `repeat` rounds."""
    times: dict[str, list[float]] = {name: [] for name, _ in variants}
    peaks: dict[str, int] = dict.fromkeys(times, 0)
    for _ in range(repeat):
        for name, argv in variants:
            with tempfile.TemporaryDirectory() as folder:
                fresh = {**env, "MENTORNET_DB": str(Path(folder) / "import.db")}
                run_piped([*argv, "--help"], fresh)
                run_piped([*argv, "roles", "list"], fresh)  # the file made and its schema in place first
                seconds, peak = run_piped([*argv, "import", str(csv_path.resolve())], fresh)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], peak)
    with open(csv_path, encoding="utf-8-sig") as handle:  # the rows after the notes preamble and the header
        lines = handle.read().splitlines()
    rows = len(lines) - 1 - next((n for n, line in enumerate(lines) if line.startswith("First Name")), 0)
    return [{"command": f"import {rows} LinkedIn rows", "variant": name, "median_s": round(statistics.median(t), 2),
             "peak_mib": round(peaks[name] / 1024, 1), "load": load()} for name, t in times.items()]


def network(size: int, folder: Path) -> Path:
    path = folder / f"net{size}.db"
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "make_network.py"), "--contacts", str(size), "--db", str(path)],
                       check=True)
    return path


def table(results: list[dict], sizes: list[int], names: list[str]) -> str:
    """The scaling table: a row per command and way, a column per size and variant: ratio and peak."""
    heads = [f"{size // 1000}k {name}" for size in sizes for name in names]
    lines = [f"{'command':<24} {'way':<6} " + " ".join(f"{head:>17}" for head in heads)]
    keys = list(dict.fromkeys((r["command"], r["way"]) for r in results))
    found = {(r["command"], r["way"], r["size"]): r for r in results}
    for command, way in keys:
        cells = []
        for size in sizes:
            for name in names:
                r = found.get((command, way, size))
                cell = r["variants"].get(name) if r else None
                cells.append(f"{cell['ratio']:>6}x {cell['peak_mib']:>6.0f}MiB" if cell else "-")
        lines.append(f"{command:<24} {way:<6} " + " ".join(f"{cell:>17}" for cell in cells))
    floors = {size: [r["python_ms"] for r in results if r["size"] == size] for size in sizes}
    lines.append("python -c pass, median ms: " + ", ".join(
        f"{size // 1000}k {statistics.median(v):.1f}" for size, v in floors.items() if v))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="one network to run against (a copy of it)")
    parser.add_argument("--sizes", help="networks of these sizes, comma-separated (built with make_network.py)")
    parser.add_argument("--networks", type=Path, default=Path("."), help="where --sizes keeps its networks")
    parser.add_argument("--variant", action="append", help="NAME=SRC: a source tree to time (repeat for A/B)")
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--only", help="run only the commands whose label contains this text (or one of these, comma-separated)")
    parser.add_argument("--ways", default="piped,pty", help="piped, pty or both (default)")
    parser.add_argument("--linkedin", type=Path, help="also time importing this LinkedIn CSV into a new database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not args.db and not args.sizes:
        parser.error("give --db PATH or --sizes N,N,...")
    variants = [program(spec) for spec in args.variant] if args.variant else [program(None)]
    names = [name for name, _ in variants]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES", "CI",
                                                             "MENTORNET_TERMINAL", "NO_COLOR")}
    env.update(PAGER="cat", MENTORNET_PAGER="cat", TERM=env.get("TERM", "xterm-256color"))
    ways = set(args.ways.split(","))
    wanted = args.only.split(",") if args.only else [""]
    chosen = [c for c in COMMANDS if any(text in c[0] for text in wanted)]
    if args.sizes:
        args.networks.mkdir(parents=True, exist_ok=True)
        networks = {int(size): network(int(size), args.networks) for size in args.sizes.split(",")}
    else:
        networks = {contacts_in(args.db): args.db}
    results = []
    for size, path in networks.items():
        print(f"# {size} contacts ({path}), load average {load()}", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(dir=path.resolve().parent) as folder:
            env["MENTORNET_DB"] = str(shutil.copyfile(path, Path(folder) / "benchmark.db"))
            for label, argv_of, its_ways in chosen:
                for way in its_ways:
                    if way in ways:
                        results.append(measure(label, argv_of, way, variants, env, args.repeat, size))
                        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    imported = import_time(args.linkedin, variants, env, max(1, min(args.repeat, 5))) if args.linkedin else []
    if args.json:
        print(json.dumps({"commands": results, "import": imported}, indent=2))
        return
    print(table(results, list(networks), names))
    for row in imported:
        print(f"{row['command']} ({row['variant']}): {row['median_s']} s, peak {row['peak_mib']} MiB "
              f"(load average {row['load']})")


def contacts_in(path: Path) -> int:
    """How many contacts a database holds, read without mentornet."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
