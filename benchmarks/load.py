"""Many mentornet processes at once on one database for a while: how many commands fail, and is
every acknowledged write there at the end?

    python benchmarks/load.py --db PATH [--processes 16] [--seconds 60] [--imports] [--export]

Each worker runs commands in a loop against a copy of PATH (made first): reads (`outreach due`,
`gaps`, `contacts list --json`, `search`), daily writes (`add-contact` with a name of its own,
`touch`, `meeting log`), and with `--imports` a small vCard import, with `--export` a JSON export.
Every `add-contact` that exits 0 is an acknowledged write; at the end each must be in the file.
Prints the count of commands by outcome, the failures' first lines, and the lost writes.
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


def worker(number: int, db: Path, until: float, imports: bool, export: bool, folder: Path,
           ids: list[int]) -> tuple[list, list]:
    rng = random.Random(number)
    env = {**os.environ, "MENTORNET_DB": str(db)}
    card = folder / f"card{number}.vcf"
    outcomes, added = [], []
    step = 0
    while time.monotonic() < until:
        step += 1
        choice = rng.random()
        if choice < 0.4:
            argv = rng.choice(READS)
        elif choice < 0.6:
            name = f"Load {number} {step}"
            argv = ["add-contact", name, "--role", "research"]
        elif choice < 0.75:
            argv = ["touch", str(rng.choice(ids)), "--note", "load"]
        elif choice < 0.85:
            argv = ["meeting", "log", str(rng.choice(ids)), "--notes", "load test meeting"]
        elif imports and choice < 0.93:
            card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:Card {number} {step}\nN:{step};Card;;;\nEND:VCARD\n")
            argv = ["import", str(card)]
        elif export:
            argv = ["export", "--output", str(folder / f"export{number}.json")]
        else:
            argv = rng.choice(READS)
        done = subprocess.run([sys.executable, "-m", "mentornet", *argv], capture_output=True, text=True, env=env,
                              timeout=300)
        outcomes.append((argv[0], done.returncode, done.stderr.splitlines()[0] if done.returncode else ""))
        if argv[0] == "add-contact" and done.returncode == 0:
            added.append(argv[1])
    return outcomes, added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--processes", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--imports", action="store_true")
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mentornet-load-") as scratch:
        folder = Path(scratch)
        db = folder / "load.db"
        shutil.copyfile(args.db, db)
        subprocess.run([sys.executable, "-m", "mentornet", "--db", str(db), "gaps"], check=True, capture_output=True)
        conn = sqlite3.connect(db)
        ids = [row[0] for row in conn.execute("SELECT id FROM contact ORDER BY id LIMIT 200")]
        conn.close()
        until = time.monotonic() + args.seconds
        with ThreadPoolExecutor(args.processes) as pool:
            results = list(pool.map(lambda n: worker(n, db, until, args.imports, args.export, folder, ids),
                                    range(args.processes)))
        outcomes = [o for found, _ in results for o in found]
        added = [name for _, names in results for name in names]
        conn = sqlite3.connect(db)
        present = {row[0] for row in conn.execute("SELECT name FROM contact")}
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        conn.close()
    failed = [o for o in outcomes if o[1] != 0]
    lost = [name for name in added if name not in present]
    print(f"{args.processes} processes, {args.seconds:.0f} s, imports {'on' if args.imports else 'off'}, "
          f"export {'on' if args.export else 'off'}: {len(outcomes)} commands, {len(failed)} failed "
          f"({100 * len(failed) / max(1, len(outcomes)):.1f}%), {len(added)} acknowledged adds, {len(lost)} lost, "
          f"integrity {integrity}")
    for (command, code, line), count in collections.Counter(failed).most_common(8):
        print(f"  {count} x {command} exit {code}: {line}")


if __name__ == "__main__":
    main()
