"""What is due (domain.md, "What is due"), as SQL, and stored so a read needn't work it out.

One query holds the seven rules (`rules_sql`), so the list (`outreach due`), the dashboard and each
contact's `next_due` read the same definition. Each row is
(kind, contact_id, contact, due, ref_id, on_date, text, ask, number). Follow-ups come from each
contact's latest attempt while pending; referrals from people with no contact at all yet.

Why stored: over 10,000 contacts the rules cost 60-90 ms a run (a lookup of each contact's latest
meeting and outreach), most of a read command's budget. Nothing in a rule depends on today (only
which items fall before it), so each item's due date is fixed until that contact's rows change.
`due_item` holds the rules' output; the triggers of `schema.DUE_TRIGGERS` note in `due_pending` the
contacts whose rows changed, whoever writes (as for the search index: commands, imports, cascades, a
user's own SQL), and `catch_up` recomputes just those before every unit of work commits.

Reads trust the table only when it is in step: nothing pending, and `due_rules` holds the very
SQL of the current rules. Otherwise (a write made outside mentornet, or a release whose rules
differ) they run the rules directly: slower, never wrong. The next mentornet write brings the
table back in step.
"""

import sqlite3
from datetime import date, timedelta

from mentornet.store.reads import CADENCE_SQL

FOLLOW_UP_AFTER = timedelta(days=7)
GIVE_UP_AFTER = timedelta(days=14)
THANK_YOU_AFTER = timedelta(days=1)
REFERRAL_AFTER = timedelta(days=14)

COLUMNS = "kind, contact_id, contact, due, ref_id, on_date, text, ask, number"
TABLE = "due_item"
PENDING = "due_pending"
RULES = "due_rules"
DDL = [
    f"""CREATE TABLE {TABLE} (kind VARCHAR NOT NULL, contact_id INTEGER NOT NULL, contact VARCHAR NOT NULL,
    due DATE NOT NULL, ref_id INTEGER, on_date DATE, text VARCHAR, ask VARCHAR, number INTEGER)""",
    # the list, most overdue first, straight off the index; and each contact's next item
    f"CREATE INDEX ix_{TABLE}_due ON {TABLE} (due, contact COLLATE NOCASE, kind)",
    f"CREATE INDEX ix_{TABLE}_contact ON {TABLE} (contact_id, due)",
    f"CREATE TABLE {PENDING} (contact_id INTEGER PRIMARY KEY)",
    f"CREATE TABLE {RULES} (rules VARCHAR NOT NULL)",
]


def rules_sql(only_pending: bool = False) -> str:
    """The seven rules as one UNION ALL over the tables; for the contacts in `due_pending` only if
    asked (SQLite won't push that filter into the branches itself: every contact, 90 ms, for one)."""
    follow_up, give_up = FOLLOW_UP_AFTER.days, GIVE_UP_AFTER.days
    thank_you, referral = THANK_YOU_AFTER.days, REFERRAL_AFTER.days
    pending = f"IN (SELECT contact_id FROM {PENDING})" if only_pending else "IS NOT NULL"  # the filter, or none
    return f"""
    SELECT CASE WHEN o.attempt = 1 THEN 'follow-up' ELSE 'give-up' END AS kind, c.id AS contact_id,
           c.name AS contact,
           date(o.on_date, CASE WHEN o.attempt = 1 THEN '+{follow_up} days' ELSE '+{give_up} days' END) AS due,
           o.id AS ref_id, o.on_date AS on_date, o.channel AS text, o.ask AS ask, o.attempt AS number
      FROM contact c JOIN outreach o ON o.id = c.latest_outreach_id
     WHERE o.outcome = 'pending' AND c.id {pending}
       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.contact_id = c.id AND m.on_date > o.on_date)
       AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.contact_id = c.id AND t.on_date > o.on_date)
    UNION ALL
    SELECT 'thank-you', c.id, c.name, date(m.on_date, '+{thank_you} days'), m.id, m.on_date, NULL, NULL, NULL
      FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id
     WHERE m.thanked_on IS NULL AND m.stage_at_meeting IN ('prospect', 'contacted', 'responded', 'exploring')
       AND c.id {pending}
    UNION ALL
    SELECT 'next-meeting', c.id, c.name, m.next_on, m.id, m.on_date, NULL, NULL, NULL
      FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id
     WHERE m.next_on IS NOT NULL AND c.id {pending}
    UNION ALL
    SELECT 'check-in', contact_id, contact, date(last_contact, '+' || cadence || ' days'), NULL, last_contact,
           NULL, NULL, cadence
      FROM (SELECT c.id AS contact_id, c.name AS contact, coalesce(c.last_contact_on, c.added_on) AS last_contact,
                   {CADENCE_SQL} AS cadence
              FROM contact c
             WHERE c.paused = 0 AND c.stage IN ('exploring', 'initiation', 'cultivation', 'separation', 'redefined')
               AND c.id {pending})
     WHERE cadence IS NOT NULL
    UNION ALL
    SELECT 'action', c.id, c.name, a.due_on, a.id, NULL, a.text, NULL, NULL
      FROM action_item a INDEXED BY ix_action_mine_open JOIN contact c ON c.id = a.contact_id
     WHERE a.owner = 'me' AND a.done_on IS NULL AND a.due_on IS NOT NULL AND a.contact_id {pending}
    UNION ALL
    SELECT 'referral', t.id, t.name, date(r.on_date, '+{referral} days'), r.id, r.on_date, f.name, NULL, NULL
      FROM referral r JOIN contact t ON t.id = r.to_contact_id JOIN contact f ON f.id = r.from_contact_id
     WHERE t.last_contact_on IS NULL AND t.id {pending}"""


def _note(*contacts: str) -> str:
    values = ", ".join(f"({contact})" for contact in contacts)
    return f"INSERT OR IGNORE INTO {PENDING} (contact_id) VALUES {values};"


def _note_each(table: str, contact: str, when: str = "UPDATE") -> list[str]:
    """Insert, update and delete triggers on `table` that note the contact a row belongs to."""
    return [
        f"""CREATE TRIGGER {table}_{name}_due AFTER {event} ON {table}
        BEGIN {_note(*(f"{row}.{contact}" for row in rows))} END"""
        for name, event, rows in (("insert", "INSERT", ("NEW",)), ("update", when, ("OLD", "NEW")),
                                  ("delete", "DELETE", ("OLD",)))
    ]


# Which rows a rule reads, so which changes note a contact: its own row (name, stage, pause,
# cadence, the trigger-kept latest meeting and outreach), its rows in every table a rule reads, the
# referrals naming it, and the cadence of a role it holds.
TRIGGERS = [
    *_note_each("contact", "id", "UPDATE OF name, stage, paused, cadence_days, added_on, last_contact_on, "
                                 "latest_meeting_id, latest_outreach_id"),
    f"""CREATE TRIGGER contact_rename_due AFTER UPDATE OF name ON contact
    BEGIN INSERT OR IGNORE INTO {PENDING} (contact_id) SELECT to_contact_id FROM referral
          WHERE from_contact_id = NEW.id; END""",
    *_note_each("outreach", "contact_id"),
    *_note_each("meeting", "contact_id"),
    *_note_each("touch", "contact_id"),
    *_note_each("action_item", "contact_id"),
    *_note_each("referral", "to_contact_id"),
    *_note_each("contact_role", "contact_id"),
    f"""CREATE TRIGGER role_cadence_due AFTER UPDATE OF cadence_days ON role
    BEGIN INSERT OR IGNORE INTO {PENDING} (contact_id) SELECT contact_id FROM contact_role
          WHERE role_key = NEW.key; END""",
]


def catch_up(conn: sqlite3.Connection) -> int:
    """Recompute the items of the contacts noted as changed (all of them if the rules changed);
    returns how many contacts. Runs inside the caller's transaction, from top-level SQL."""
    rules = rules_sql()
    stored = conn.execute(f"SELECT rules FROM {RULES}").fetchone()
    if stored is None or stored[0] != rules:
        conn.execute(f"DELETE FROM {RULES}")
        conn.execute(f"INSERT INTO {RULES} (rules) VALUES (?)", (rules,))
        conn.execute(f"DELETE FROM {PENDING}")
        conn.execute(f"DELETE FROM {TABLE}")
        conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM ({rules})")
        return conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    if noted:
        conn.execute(f"DELETE FROM {TABLE} WHERE contact_id IN (SELECT contact_id FROM {PENDING})")
        conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {rules_sql(only_pending=True)}")
        conn.execute(f"DELETE FROM {PENDING}")
    return noted


def _in_step(conn: sqlite3.Connection, rules: str) -> bool:
    return bool(conn.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {PENDING}) AND (SELECT rules FROM {RULES}) = ?",
                             (rules,)).fetchone()[0])


def due_rows(conn: sqlite3.Connection, until: date | None = None, limit: int | None = None) -> tuple[list[tuple], int]:
    """Open items due on or before `until` (None: all), most overdue first, at most `limit` of
    them, and how many there are in all."""
    rules = rules_sql()
    stored = _in_step(conn, rules)
    source = TABLE if stored else f"({rules})"
    where = "" if until is None else "WHERE due <= ?"
    params = [] if until is None else [until.isoformat()]
    tail = "" if limit is None else f"LIMIT {int(limit)}"
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {COLUMNS} FROM {source} {where} ORDER BY due, contact COLLATE NOCASE, kind {tail}",
                          params).fetchall()
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    return rows, cursor.execute(f"SELECT count(*) FROM {source} {where}", params).fetchone()[0]


def next_due_dates(conn: sqlite3.Connection) -> dict[int, str]:
    """Each contact's earliest open item (ISO date)."""
    rules = rules_sql()
    source = TABLE if _in_step(conn, rules) else f"({rules})"
    return dict(conn.execute(f"SELECT contact_id, min(due) FROM {source} GROUP BY contact_id").fetchall())
