"""Many mentornet processes at once on one database for a while: how many commands fail because
of contention, and is every acknowledged write there at the end?

    python benchmarks/load.py --db PATH [--processes 16] [--seconds 60] [--imports] [--export]

Each worker runs commands in a loop against a copy of PATH (made first; PATH itself is only
read): reads (`outreach due`, `gaps`, `contacts list --json`, `search`), daily writes
(`add-contact` with a name of its own, `touch` and `meeting log` with a note of their own,
`contacts edit --title`), and with `--imports` a one-card vCard import, with `--export` a JSON
export.

Each command's outcome is one of:
- ok: exit 0;
- refused: exit 1 or 2 with one `Error:` line that is the domain saying no ("no contact named
  ...", a duplicate): expected behaviour, not a failure;
- a failure, by kind: `busy` (the database was locked or in use past the busy timeout),
  `traceback` (a Python traceback on stderr), `unexpected` (the catch-all "unexpected ... report
  it"), `signal` (killed, or an exit code other than 0, 1, 2), `timeout` (no exit in 300 s), or
  `other` (any other error line: read it).

Every write that exits 0 is acknowledged; at the end each must be in the file (the contact's
name, the touch's or the meeting's note, the imported card's name): the ones that are not are
`lost`. (An edit is counted as a command, not as a write to find: a later edit of the same
contact replaces it.) `PRAGMA integrity_check` must say `ok`. The exit code is 0 only with no failure, no lost
write and integrity ok.
"""

import argparse
import collections
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

READS = [["outreach", "due"], ["gaps"], ["contacts", "list", "--json"], ["search", "grant"]]
BUSY_WORDS = ("database is locked", "is in use by another", "database table is locked", "sqlite_busy",
              "sqlite_locked", "was replaced several times")
REFUSAL_WORDS = ("no contact", "already", "doesn't exist", "not found", "no such", "matches several",
                 "more than one", "duplicate", "unknown")


def classify(code: int | None, stderr: str) -> str:
    """ok, refused, or the kind of failure (see the module's doc)."""
    if code is None:
        return "timeout"
    if code == 0:
        return "ok"
    lowered = stderr.lower()
    if "traceback (most recent call last)" in lowered:
        return "traceback"
    if code not in (1, 2):
        return "signal"
    if any(word in lowered for word in BUSY_WORDS):
        return "busy"
    if "unexpected" in lowered or "report it" in lowered:
        return "unexpected"
    lines = [line for line in stderr.splitlines() if line.strip()]
    if lines and lines[0].startswith("Error:") and any(word in lowered for word in REFUSAL_WORDS):
        return "refused"
    return "other"


def worker(number: int, db: Path, until: float, imports: bool, export: bool, folder: Path,
           ids: list[int]) -> tuple[list, list]:
    """Commands in a loop until `until`: (outcomes, acknowledged writes as (table, column, text))."""
    rng = random.Random(number)
    env = {**os.environ, "MENTORNET_DB": str(db)}
    card = folder / f"card{number}.vcf"
    outcomes, acknowledged = [], []
    step = 0
    while time.monotonic() < until:
        step += 1
        tag = f"load {number} {step}"
        written = None
        choice = rng.random()
        if choice < 0.4:
            argv = rng.choice(READS)
        elif choice < 0.55:
            argv = ["add-contact", f"Load {number} {step}", "--role", "research"]
            written = ("contact", "name", argv[1])
        elif choice < 0.6:  # re-indexes the contact and merges its search shard: the heaviest daily write
            argv = ["contacts", "edit", str(rng.choice(ids)), "--title", f"Title {tag}"]
        elif choice < 0.75:
            argv = ["touch", str(rng.choice(ids)), "--note", tag]
            written = ("touch", "note", tag)
        elif choice < 0.85:
            argv = ["meeting", "log", str(rng.choice(ids)), "--notes", tag]
            written = ("meeting", "notes", tag)
        elif imports and choice < 0.93:
            name = f"Card {number} {step}"
            card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nN:{step};Card;;;\nEND:VCARD\n")
            argv = ["import", str(card)]
            written = ("contact", "name", name)
        elif export:
            argv = ["export", "--output", str(folder / f"export{number}.json")]
        else:
            argv = rng.choice(READS)
        started = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-m", "mentornet", *argv], capture_output=True, text=True,
                                  env=env, timeout=300)
            code, stderr = done.returncode, done.stderr
        except subprocess.TimeoutExpired:
            code, stderr = None, ""
        kind = classify(code, stderr)
        first = next((line for line in stderr.splitlines() if line.strip()), "")
        outcomes.append((" ".join(argv[:2]) if argv[0] in ("meeting", "contacts", "outreach") else argv[0],
                         kind, first if kind != "ok" else "", time.monotonic() - started))
        if written and kind == "ok":
            acknowledged.append(written)
    return outcomes, acknowledged


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the network to copy (never written)")
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--imports", action="store_true")
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mentornet-load-") as scratch:
        folder = Path(scratch)
        db = folder / "load.db"
        shutil.copyfile(args.db, db)
        os.chmod(db, 0o600)
        subprocess.run([sys.executable, "-m", "mentornet", "--db", str(db), "gaps"], check=True, capture_output=True)
        conn = sqlite3.connect(db)
        ids = [row[0] for row in conn.execute("SELECT id FROM contact ORDER BY id LIMIT 200")]
        conn.close()
        load_before = load_average()
        until = time.monotonic() + args.seconds
        with ThreadPoolExecutor(args.processes) as pool:
            results = list(pool.map(lambda n: worker(n, db, until, args.imports, args.export, folder, ids),
                                    range(args.processes)))
        load_after = load_average()
        outcomes = [o for found, _ in results for o in found]
        acknowledged = [w for _, writes in results for w in writes]
        conn = sqlite3.connect(db)
        present: dict[tuple[str, str], set[str]] = {}
        for table, column in {(t, c) for t, c, _ in acknowledged}:
            present[(table, column)] = {row[0] for row in conn.execute(f"SELECT {column} FROM {table}")}
        lost = [w for w in acknowledged if w[2] not in present[(w[0], w[1])]]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    kinds = collections.Counter(kind for _, kind, _, _ in outcomes)
    failures = [o for o in outcomes if o[1] not in ("ok", "refused")]
    slowest = max((seconds for *_, seconds in outcomes), default=0.0)
    print(f"{args.processes} processes, {args.seconds:.0f} s, imports {'on' if args.imports else 'off'}, "
          f"export {'on' if args.export else 'off'}, load average {load_before} before, {load_after} after")
    print(f"  {len(outcomes)} commands: {kinds['ok']} ok, {kinds['refused']} refused by the domain, "
          f"{len(failures)} failed ({100 * len(failures) / max(1, len(outcomes)):.1f}%)"
          + "".join(f", {kind} {count}" for kind, count in sorted(kinds.items()) if kind not in ("ok", "refused")))
    print(f"  writes: {len(acknowledged)} acknowledged, {len(acknowledged) - len(lost)} found, {len(lost)} lost; "
          f"integrity {integrity}; slowest command {slowest:.1f} s")
    for (command, kind, line), count in collections.Counter((c, k, first) for c, k, first, _ in outcomes
                                                            if k != "ok").most_common(10):
        print(f"  {count} x {command} {kind}: {line}")
    return 0 if not failures and not lost and integrity == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
