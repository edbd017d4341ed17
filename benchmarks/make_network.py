"""Write a large, deterministic, realistic mentoring network for benchmarks.

    python benchmarks/make_network.py --contacts 10000 --db bench.db [--seed 1] [--linkedin PATH]

Roles and stages in plausible proportions; about 20 outreach attempts and 20 meetings per
contact on average, meeting notes of a few hundred characters, touches, actions, referrals.
The schema comes from mentornet itself (a new database is created through the normal path);
rows go in with executemany in one transaction. `--linkedin PATH` also writes a LinkedIn-style
Connections.csv of the same number of rows, for import timing.
"""

import argparse
import csv
import random
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

from mentornet.services.database import CACHES, prepare
from mentornet.store import caches, schema
from mentornet.store.connection import apply_pragmas
from mentornet.text import search_key

TODAY = date(2026, 11, 22)
FIRST = ["Ada", "Ben", "Priya", "María", "Zoë", "Kofi", "Hana", "Tomás", "Lena", "Sam", "Mei", "Omar", "Ines",
         "Raj", "Yuki", "Chidi", "Sofia", "Liam", "Nadia", "Jonas", "Aroha", "Dmitri", "Fatima", "Kwame"]
LAST = ["Okafor", "Liu", "Raman", "Santos", "Núñez", "Mensah", "Sato", "Herrera", "Fischer", "Kowalski", "Chen",
        "Haddad", "García", "Patel", "Tanaka", "Eze", "Rossi", "Murphy", "Petrov", "Berg", "Ngata", "Ivanova"]
INSTITUTIONS = ["Mercy General", "State University", "Riverside Hospital", "St. Luke's", "City Children's",
                "Veterans Medical Center", "Northside Clinic", "Institute of Public Health"]
STAGES = [("prospect", 30), ("contacted", 10), ("responded", 5), ("declined", 5), ("no-response", 10),
          ("exploring", 12), ("initiation", 10), ("cultivation", 12), ("separation", 2), ("redefined", 2),
          ("ended", 2)]
ROLES = ["clinical", "research", "career", "personal", "sponsor", "peer"]
WORDS = ("grant aims methods cohort ward rounds promotion dossier feedback teaching curriculum wellbeing "
         "boundaries sponsor committee abstract manuscript revision statistics clinic procedures leadership "
         "network conference poster mentorship timeline fellowship interview negotiation").split()


def _columns(table: str) -> list[str]:
    return [column.name for column in next(t for t in schema.tables() if t.name == table).columns]


def _text(rng: random.Random, length: int) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


TABLES = ("contact", "contact_role", "contact_tag", "stage_change", "outreach", "meeting", "touch", "action_item",
          "referral")


def build(n: int, seed: int, chunk: int = 2000) -> Iterator[dict[str, list[dict]]]:
    """The network's rows, `chunk` contacts' worth at a time (100,000 contacts' rows at once would
    take gigabytes); the same rows whatever the chunk."""
    rng = random.Random(seed)
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    stage_names, weights = zip(*STAGES, strict=False)
    ids = {"outreach": 0, "meeting": 0, "touch": 0, "action_item": 0, "referral": 0, "stage_change": 0}

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    for cid in range(1, n + 1):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {cid}"
        stage = rng.choices(stage_names, weights)[0]
        added = TODAY - timedelta(days=rng.randint(0, 5 * 365))
        rows["contact"].append({
            "id": cid, "name": name, "name_key": search_key(name), "email": f"person{cid}@example.org",
            "phone": None, "title": rng.choice(["Attending", "Associate Professor", "Fellow", "Chief Resident", None]),
            "institution": rng.choice(INSTITUTIONS), "specialty": None, "city": None,
            "seniority": rng.choice(["senior", "near-peer", "peer", None]), "locality": rng.choice(["local", "remote", None]),
            "supervisor": 1 if rng.random() < 0.02 else 0, "met_at": None, "met_on": None, "profile_url": None,
            "referred_by_id": rng.randint(1, cid - 1) if cid > 1 and rng.random() < 0.05 else None,
            "direction": "mentors-me", "stage": stage, "cadence_days": None,
            "paused": 1 if rng.random() < 0.03 else 0, "notes": _text(rng, 120) if rng.random() < 0.3 else None,
            "added_on": added.isoformat(), "created_at": f"{added.isoformat()}T12:00:00+00:00",
        })
        for role in rng.sample(ROLES, rng.choice([0, 1, 1, 1, 2])):
            rows["contact_role"].append({"contact_id": cid, "role_key": role})
        if rng.random() < 0.2:
            rows["contact_tag"].append({"contact_id": cid, "tag": rng.choice(["wards", "grants", "wellbeing", "qi"])})
        rows["stage_change"].append({"id": next_id("stage_change"), "contact_id": cid, "from_stage": None,
                                     "to_stage": stage, "on_date": added.isoformat(), "note": "added",
                                     "created_at": f"{added.isoformat()}T12:00:00+00:00"})
        span = max((TODAY - added).days, 1)
        for k in range(rng.randint(0, 40)):
            on = added + timedelta(days=rng.randint(0, span))
            pending = k > 0 and rng.random() < 0.05
            rows["outreach"].append({
                "id": next_id("outreach"), "contact_id": cid, "attempt": 1 if rng.random() < 0.8 else 2,
                "on_date": on.isoformat(), "channel": rng.choice(["email", "phone", "in-person", "intro", "message"]),
                "ask": _text(rng, 40), "for_role": rng.choice(ROLES + [None]),
                "outcome": "pending" if pending else rng.choice(["replied", "replied", "declined", "no-response"]),
                "outcome_on": None if pending else (on + timedelta(days=rng.randint(1, 10))).isoformat(),
                "note": None, "created_at": f"{on.isoformat()}T12:00:00+00:00"})
        for _ in range(rng.randint(0, 40)):
            on = added + timedelta(days=rng.randint(0, span))
            meeting_id = next_id("meeting")
            rows["meeting"].append({
                "id": meeting_id, "contact_id": cid, "on_date": on.isoformat(), "mode": rng.choice(["in person", "video"]),
                "agenda": _text(rng, 60), "notes": _text(rng, rng.randint(150, 450)), "rating": rng.randint(1, 5),
                "next_on": (on + timedelta(days=rng.choice([30, 60, 90]))).isoformat() if rng.random() < 0.5 else None,
                "thanked_on": on.isoformat() if rng.random() < 0.9 else None,
                "stage_at_meeting": rng.choice(["exploring", "initiation", "cultivation"]),
                "created_at": f"{on.isoformat()}T12:00:00+00:00"})
            if rng.random() < 0.15:
                due = on + timedelta(days=rng.randint(3, 30))
                rows["action_item"].append({
                    "id": next_id("action_item"), "contact_id": cid, "meeting_id": meeting_id, "text": _text(rng, 40),
                    "owner": rng.choice(["me", "them"]), "due_on": due.isoformat(),
                    "done_on": due.isoformat() if due < TODAY and rng.random() < 0.8 else None,
                    "created_at": f"{on.isoformat()}T12:00:00+00:00"})
            if cid > 1 and rng.random() < 0.02:
                rows["referral"].append({"id": next_id("referral"), "from_contact_id": cid,
                                         "to_contact_id": rng.randint(1, cid - 1), "meeting_id": meeting_id,
                                         "on_date": on.isoformat(), "note": None,
                                         "created_at": f"{on.isoformat()}T12:00:00+00:00"})
        for _ in range(rng.randint(0, 10)):
            on = added + timedelta(days=rng.randint(0, span))
            rows["touch"].append({"id": next_id("touch"), "contact_id": cid, "on_date": on.isoformat(),
                                  "channel": rng.choice(["email", "hallway", "phone"]), "note": _text(rng, 50),
                                  "created_at": f"{on.isoformat()}T12:00:00+00:00"})
        if cid % chunk == 0 or cid == n:
            yield rows
            rows = {t: [] for t in TABLES}


def write(db: Path, chunks: Iterable[dict[str, list[dict]]]) -> dict[str, int]:
    """Every chunk's rows in one transaction; how many rows of each table."""
    prepare(db)
    conn = sqlite3.connect(db, isolation_level=None)
    apply_pragmas(conn)
    conn.execute("BEGIN IMMEDIATE")
    counts = dict.fromkeys(TABLES, 0)
    for rows in chunks:
        for table, table_rows in rows.items():
            columns = _columns(table)
            placeholders = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)
            conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})',
                             ([row.get(c) for c in columns] for row in table_rows))  # derived columns: the triggers
            counts[table] += len(table_rows)
    caches.catch_up(conn, CACHES)  # index and work out what is due, as a mentornet write would
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return counts


def write_linkedin(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed + 1)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write("Notes:\n\"When exporting your connection data, you may notice that some of the email addresses "
                     "are missing. You will only see email addresses for connections who have allowed their "
                     "connections to see or download their email address.\"\n\n")
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(1, n + 1):
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)}-{i}"
            day = TODAY - timedelta(days=rng.randint(0, 4000))
            connected = (f"{day.day:02d} {months[day.month - 1]} {day.year}" if i % 2
                         else f"{day.day}-{months[day.month - 1]}-{day.year % 100:02d}")
            writer.writerow([first, last, f"https://www.linkedin.com/in/{first.lower()}-{i}",
                             f"{first.lower()}.{i}@example.org" if rng.random() < 0.1 else "",
                             rng.choice(INSTITUTIONS), rng.choice(["Attending", "Professor", "Fellow"]), connected])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--linkedin", type=Path)
    args = parser.parse_args()
    if args.db.exists():
        sys.exit(f"{args.db} exists; make_network writes a new database")
    start = time.perf_counter()
    counts = ", ".join(f"{table} {count}" for table, count in write(args.db, build(args.contacts, args.seed)).items())
    print(f"wrote {args.db} in {time.perf_counter() - start:.1f}s: {counts}", file=sys.stderr)
    if args.linkedin:
        write_linkedin(args.linkedin, args.contacts, args.seed)
        print(f"wrote {args.linkedin} ({args.contacts} rows)", file=sys.stderr)


if __name__ == "__main__":
    main()
