"""What is due (domain.md, "What is due"): follow-ups, give-ups, thank-yous, check-ins, agreed
next meetings, actions, referrals, approaches, meetings to schedule, agreements to review, and a
sponsor's thanks and news (`sponsor-thanks`, `sponsor-update`), computed from the dates things
happened, as of a day.

People you mentor (`i-mentor`) get none of the items of finding a mentor (follow-up, give-up,
thank-you, approach, schedule); `mutual` peers mentor you too, so they get them.

The rules are one SQL query (`rules_sql`), so the list (`outreach due`), the dashboard and each
contact's next item read the same definition. Its rows are
(kind, contact_id, contact, due, ref_id, on_date, text, ask, number). Follow-ups come from each
contact's latest attempt while pending; referrals from people with no contact at all yet.

Why stored: over a large network the rules cost most of a read command's budget. Nothing in a
rule depends on today (only which items fall before it), so an item's due date is fixed until that
contact's rows change. `due_item` holds the rules' output, a queued cache (`store/caches.py`,
declared below with the rows the rules read): its triggers note changed contacts in
`due_pending`, and every unit of work recomputes just those before it commits. Reads trust the
table when nothing is pending; otherwise (a write made outside mentornet) they run the rules
directly: slower, never wrong. Change a rule, or what it reads, and bump CACHE's version.
"""

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mentornet.services.agreed import latest_agreement_id
from mentornet.services.cadence import CADENCE_SQL, severity
from mentornet.services.last_contact import LAST_CONTACT_SQL
from mentornet.store.caches import Cache, Source, queued
from mentornet.vocabulary import ACTIVE_STAGES, UNCOMMITTED, Direction, Outcome, Owner, Stage, sql_list

FOLLOW_UP_AFTER = timedelta(days=7)
GIVE_UP_AFTER = timedelta(days=14)
THANK_YOU_AFTER = timedelta(days=1)
THANK_YOU_LISTED = timedelta(days=14)  # after the meeting: a late thank-you is no use
REFERRAL_AFTER = timedelta(days=14)
APPROACH_AFTER = timedelta(days=14)
SCHEDULE_AFTER = timedelta(days=7)
SPONSOR_THANKS_AFTER = timedelta(days=1)  # after the act
SPONSOR_UPDATE_AFTER = timedelta(days=1)  # after its outcome
LAST_DAY = "9999-12-31"
# A relationship let go (ended, or never begun: declined, no reply): no check-in, no next meeting
# (pausing does the same); the user's own open actions stay until done.
LET_GO = frozenset({Stage.declined, Stage.no_response, Stage.ended})

COLUMNS = "kind, contact_id, contact, due, ref_id, on_date, text, ask, number"
TABLE = "due_item"
PENDING = "due_pending"


def _plus(day: str, days: str) -> str:
    """SQL for `day` plus `days` days, never NULL: past 9999-12-31 SQLite's date() gives NULL, and a
    due item needs a date, so a date beyond the calendar is the calendar's last day."""
    return f"coalesce(date({day}, '+' || ({days}) || ' days'), '{LAST_DAY}')"


def rules_sql(only_pending: bool = False) -> str:
    """The rules as one UNION ALL over the tables; for the contacts in `due_pending` only if asked
    (SQLite won't push that filter into the branches itself: it would compute every contact).

    A next meeting agreed and not yet held stands in for the check-in: the check-in falls due at the
    later of (last contact + cadence) and the agreed date. Said that way it needs no today (the
    cache's premise: an item's date is fixed until its contact's rows change): while the agreed
    date is ahead the check-in is not due either; once it passes, both are listed, the next
    meeting first (it fell due earlier) and the check-in with its severity from the last contact."""
    follow_up, give_up = FOLLOW_UP_AFTER.days, GIVE_UP_AFTER.days
    thank_you, referral = THANK_YOU_AFTER.days, REFERRAL_AFTER.days
    approach, schedule = APPROACH_AFTER.days, SCHEDULE_AFTER.days
    sponsor_thanks, sponsor_update = SPONSOR_THANKS_AFTER.days, SPONSOR_UPDATE_AFTER.days
    pending = f"IN (SELECT contact_id FROM {PENDING})" if only_pending else "IS NOT NULL"  # the filter, or none
    # Actions: a few contacts' through their own index (contact_id); all of them through the
    # partial index of the user's open ones, a small part of the table.
    actions = "" if only_pending else "INDEXED BY ix_action_mine_open"
    return f"""
    SELECT CASE WHEN o.attempt = 1 THEN 'follow-up' ELSE 'give-up' END AS kind, c.id AS contact_id,
           c.name AS contact,
           {_plus('o.on_date', f'CASE WHEN o.attempt = 1 THEN {follow_up} ELSE {give_up} END')} AS due,
           o.id AS ref_id, o.on_date AS on_date, o.channel AS text, o.ask AS ask, o.attempt AS number
      FROM contact c JOIN outreach o ON o.id = c.latest_outreach_id
     WHERE o.outcome = '{Outcome.pending}' AND c.direction != '{Direction.i_mentor}' AND c.id {pending}
       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.contact_id = c.id AND m.on_date > o.on_date)
       AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.contact_id = c.id AND t.on_date > o.on_date)
    UNION ALL
    SELECT 'thank-you', c.id, c.name, {_plus('m.on_date', str(thank_you))}, m.id, m.on_date, NULL, NULL, NULL
      FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id
     WHERE m.thanked_on IS NULL AND m.stage_at_meeting IN {sql_list(UNCOMMITTED)}
       AND c.direction != '{Direction.i_mentor}' AND c.id {pending}
    UNION ALL
    SELECT 'next-meeting', c.id, c.name, m.next_on, m.id, m.on_date, NULL, NULL, NULL
      FROM contact c JOIN meeting m ON m.id = c.latest_meeting_id
     WHERE m.next_on IS NOT NULL AND c.paused = 0 AND c.stage NOT IN {sql_list(LET_GO)} AND c.id {pending}
       AND NOT EXISTS (SELECT 1 FROM touch t WHERE t.contact_id = c.id AND t.on_date >= m.next_on)
    UNION ALL
    SELECT 'check-in', contact_id, contact,
           max({_plus('last_contact', 'cadence')}, coalesce(next_on, '')), NULL, last_contact, NULL, NULL, cadence
      FROM (SELECT c.id AS contact_id, c.name AS contact, {LAST_CONTACT_SQL} AS last_contact,
                   {CADENCE_SQL} AS cadence,
                   (SELECT m.next_on FROM meeting m WHERE m.id = c.latest_meeting_id) AS next_on
              FROM contact c
             WHERE c.paused = 0 AND c.stage IN {sql_list(ACTIVE_STAGES)}
               AND c.id {pending}) AS active
     WHERE cadence IS NOT NULL
    UNION ALL
    SELECT 'review', contact_id, contact,
           CASE WHEN until_on IS NOT NULL AND until_on < {_plus('since', 'every')} THEN until_on
                ELSE {_plus('since', 'every')} END,
           agreement_id, since, CASE WHEN since > agreed_on THEN 'reviewed' ELSE 'agreed' END, until_on, every
      FROM (SELECT c.id AS contact_id, c.name AS contact, a.id AS agreement_id, a.on_date AS agreed_on,
                   a.until_on AS until_on, a.review_every_days AS every,
                   coalesce((SELECT max(r.on_date) FROM review r
                              WHERE r.contact_id = c.id AND r.on_date >= a.on_date), a.on_date) AS since
              FROM agreement a JOIN contact c ON c.id = a.contact_id
             WHERE a.id = {latest_agreement_id('a.contact_id')}
               AND c.paused = 0 AND c.stage NOT IN {sql_list(LET_GO)} AND a.contact_id {pending}) AS agreed
    UNION ALL
    SELECT 'action', c.id, c.name, a.due_on, a.id, NULL, a.text, NULL, NULL
      FROM action_item a {actions} JOIN contact c ON c.id = a.contact_id
     WHERE a.owner = '{Owner.me}' AND a.done_on IS NULL AND a.due_on IS NOT NULL AND a.contact_id {pending}
    UNION ALL
    SELECT 'referral', t.id, t.name, {_plus('r.on_date', str(referral))}, r.id, r.on_date, f.name, NULL, NULL
      FROM referral r JOIN contact t ON t.id = r.to_contact_id JOIN contact f ON f.id = r.from_contact_id
     WHERE t.last_contact_on IS NULL AND t.id {pending}
    UNION ALL
    SELECT 'approach', c.id, c.name, {_plus('c.added_on', str(approach))}, NULL, c.added_on,
           (SELECT group_concat(role_key, ', ') FROM (SELECT role_key FROM contact_role
             WHERE contact_id = c.id ORDER BY role_key) AS held), NULL, NULL
      FROM contact c
     WHERE c.stage = '{Stage.prospect}' AND c.paused = 0 AND c.latest_outreach_id IS NULL AND c.id {pending}
       AND c.direction != '{Direction.i_mentor}'
       AND EXISTS (SELECT 1 FROM contact_role cr WHERE cr.contact_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.to_contact_id = c.id)  -- the referral item says it
    UNION ALL
    SELECT 'schedule', c.id, c.name, {_plus('o.outcome_on', str(schedule))}, o.id, o.outcome_on, NULL, NULL, NULL
      FROM contact c JOIN outreach o ON o.id = c.latest_outreach_id
     WHERE c.stage = '{Stage.responded}' AND c.paused = 0 AND o.outcome = '{Outcome.replied}'
       AND o.outcome_on IS NOT NULL AND c.direction != '{Direction.i_mentor}' AND c.id {pending}
       AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.contact_id = c.id AND m.on_date >= o.on_date)
    UNION ALL
    SELECT 'sponsor-thanks', c.id, c.name, {_plus('s.on_date', str(sponsor_thanks))}, s.id, s.on_date, s.kind,
           s.for_what, s.id
      FROM sponsorship s JOIN contact c ON c.id = s.contact_id
     WHERE s.thanked_on IS NULL AND s.contact_id {pending}
    UNION ALL
    SELECT 'sponsor-update', c.id, c.name, {_plus('s.outcome_on', str(sponsor_update))}, s.id, s.outcome_on,
           s.outcome, s.for_what, s.id
      FROM sponsorship s JOIN contact c ON c.id = s.contact_id
     WHERE s.outcome IS NOT NULL AND s.outcome_on IS NOT NULL AND s.told_on IS NULL AND s.contact_id {pending}"""


def _rebuild(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {TABLE}")
    conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM ({rules_sql()}) AS rules")
    conn.execute(f"DELETE FROM {PENDING}")


def _catch_up(conn: sqlite3.Connection) -> int:
    """Recompute the items of the contacts noted as changed; returns how many contacts."""
    noted = conn.execute(f"SELECT count(*) FROM {PENDING}").fetchone()[0]
    if noted and _every_contact_noted(conn):
        # the same items, the rules reading their tables once instead of once per noted contact
        # (20,000 contacts imported into a new file: 46 -> 24 ms)
        _rebuild(conn)
    elif noted:
        conn.execute(f"DELETE FROM {TABLE} WHERE contact_id IN (SELECT contact_id FROM {PENDING})")
        conn.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {rules_sql(only_pending=True)}")
        conn.execute(f"DELETE FROM {PENDING}")
    return noted


def _every_contact_noted(conn: sqlite3.Connection) -> bool:
    """Every contact in the file is noted (an import into an empty network): stops at the first
    contact that isn't, so a daily write pays a lookup or two."""
    return not conn.execute(f"SELECT EXISTS (SELECT 1 FROM contact WHERE id NOT IN (SELECT contact_id FROM {PENDING}))"
                            ).fetchone()[0]


_CONTACT = "SELECT {row}.contact_id"
# Every row the rules read, and so every change that notes a contact: its own row (name, stage,
# pause, cadence, added day, and the last-contact cache's columns), its rows in every table a rule
# reads, a referral naming it and a rename of its referrer, and the cadence of a role it holds.
CACHE = Cache(
    name="due",
    version=4,  # 4: the same rules as 3, in SQL PostgreSQL reads too (each subquery in FROM named)
    sources=(
        Source("contact", ("name", "stage", "paused", "direction", "cadence_days", "added_on", "last_contact_on",
                           "latest_meeting_id", "latest_outreach_id"), "SELECT {row}.id"),
        Source("contact", ("name",), "SELECT to_contact_id FROM referral WHERE from_contact_id = {row}.id",
               events=("UPDATE",)),
        Source("outreach", ("contact_id", "attempt", "on_date", "channel", "ask", "outcome", "outcome_on"), _CONTACT),
        Source("meeting", ("contact_id", "on_date", "next_on", "thanked_on", "stage_at_meeting"), _CONTACT),
        Source("touch", ("contact_id", "on_date"), _CONTACT),
        Source("action_item", ("contact_id", "text", "owner", "due_on", "done_on"), _CONTACT),
        Source("referral", ("from_contact_id", "to_contact_id", "on_date"), "SELECT {row}.to_contact_id"),
        Source("contact_role", ("contact_id", "role_key"), _CONTACT),
        Source("agreement", ("contact_id", "on_date", "review_every_days", "until_on"), _CONTACT),
        Source("review", ("contact_id", "on_date"), _CONTACT),
        Source("role", ("cadence_days",), "SELECT contact_id FROM contact_role WHERE role_key = {row}.key",
               events=("UPDATE",)),
        Source("sponsorship", ("contact_id", "kind", "for_what", "on_date", "outcome", "outcome_on", "thanked_on",
                               "told_on"), _CONTACT),
    ),
    apply=queued(PENDING, "contact_id"),
    rebuild=_rebuild,
    catch_up=_catch_up,
    query=rules_sql(),
)


def _source(conn: sqlite3.Connection) -> str:
    """The stored items when they are in step (nothing pending); else the rules themselves."""
    if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {PENDING})").fetchone()[0]:
        return f"({rules_sql()}) AS rules"
    return TABLE


def _still_useful(as_of: date | None) -> tuple[str, list[str]]:
    """The condition that drops thank-yous no longer worth sending as of `as_of` (none without a
    day). Applied when reading, never stored: the stored items must not depend on today."""
    if as_of is None:
        return "TRUE", []
    # a meeting 14 days back: due 13 days back (none can be due before the calendar starts)
    last_due = as_of - THANK_YOU_LISTED + THANK_YOU_AFTER if as_of - date.min >= THANK_YOU_LISTED else date.min
    return "(kind != 'thank-you' OR due >= ?)", [last_due.isoformat()]


def _due_rows(conn: sqlite3.Connection, as_of: date | None, until: date | None = None,
              limit: int | None = None) -> tuple[list[tuple], int]:
    """Open items due on or before `until` (None: all), most overdue first, at most `limit` of
    them, and how many there are in all; thank-yous only while still useful as of `as_of`."""
    source = _source(conn)
    useful, params = _still_useful(as_of)
    where = f"WHERE {useful}" + ("" if until is None else " AND due <= ?")
    params += [] if until is None else [until.isoformat()]
    tail = "" if limit is None else f"LIMIT {int(limit)}"
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {COLUMNS} FROM {source} {where} ORDER BY due, contact COLLATE NOCASE, kind {tail}",
                          params).fetchall()
    if limit is None or len(rows) < limit:
        return rows, len(rows)
    return rows, cursor.execute(f"SELECT count(*) FROM {source} {where}", params).fetchone()[0]


def next_due_dates(conn: sqlite3.Connection, as_of: date | None = None) -> dict[int, str]:
    """Each contact's earliest open item (ISO date); thank-yous only while still useful as of `as_of`."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: `contacts list` reads one per contact
    useful, params = _still_useful(as_of)
    return dict(cursor.execute(f"SELECT contact_id, min(due) FROM {_source(conn)} WHERE {useful} GROUP BY contact_id",
                               params))


def thank_you_due(conn: sqlite3.Connection, meeting_id: int, as_of: date) -> bool:
    """Whether the meeting `meeting_id` has a thank-you item listed as of `as_of` (`meeting log`'s hint)."""
    useful, params = _still_useful(as_of)
    return bool(conn.execute(f"SELECT EXISTS (SELECT 1 FROM {_source(conn)} WHERE kind = 'thank-you' AND ref_id = ? "
                             f"AND {useful})", [meeting_id, *params]).fetchone()[0])


@dataclass(frozen=True)
class DueItem:
    contact_id: int | None  # None: about no one contact (a goal)
    contact: str
    kind: str
    due: date
    detail: str
    severity: str | None = None  # check-ins only

    def days_overdue(self, as_of: date) -> int:
        return (as_of - self.due).days

    def as_json(self, as_of: date) -> dict:
        data = {"contact_id": self.contact_id, "contact": self.contact, "kind": self.kind, "due": self.due,
                "days_overdue": self.days_overdue(as_of), "detail": self.detail}
        if self.kind == "check-in":
            data["severity"] = self.severity
        return data


def _detail(kind: str, on_date: str | None, text: str | None, ask: str | None, number: int | None) -> str:
    if kind == "follow-up":
        return f"approached {on_date} by {text}" + (f": {ask}" if ask else "")
    if kind == "give-up":
        return f"no reply since the follow-up of {on_date}; mark it and leave them alone"
    if kind == "thank-you":
        return f"met {on_date}; send a thank-you"
    if kind == "check-in":
        return f"last contact {on_date}, every {number} days"
    if kind == "next-meeting":
        return f"agreed at the meeting of {on_date}"
    if kind == "referral":
        return f"referred by {text} on {on_date}"
    if kind == "approach":
        return f"added {on_date} for {text}; reach out with a specific ask"
    if kind == "review":  # text: agreed or reviewed; ask: the day the agreement runs out
        until = f"; it runs until {ask}" if ask else ""
        return f"{text} {on_date}, review every {number} days{until}: is it working?"
    if kind == "schedule":
        return f"replied {on_date}; propose a time to meet"
    if kind == "sponsor-thanks":  # text: what they did; ask: what for; number: the sponsorship's id
        return f"#{number} {text} for {ask} on {on_date}; thank them (`mentornet sponsor thanked {number}`)"
    if kind == "sponsor-update":  # text: the outcome
        return f"#{number} {ask}: {text} on {on_date}; tell them how it went (`mentornet sponsor told {number}`)"
    return text or ""


def _item(row: tuple, as_of: date) -> DueItem:
    kind, contact_id, contact, due, ref_id, on_date, text, ask, number = row
    detail = f"#{ref_id} {text}" if kind == "action" else _detail(kind, on_date, text, ask, number)
    grade = None
    if kind == "check-in":
        grade = severity((as_of - date.fromisoformat(on_date)).days, number) or "due"
    return DueItem(contact_id, contact, kind, date.fromisoformat(due), detail, grade)


def due_items(conn: sqlite3.Connection, as_of: date, within_until: date | None = None) -> list[DueItem]:
    """Items due on or before `as_of` (or `within_until`, to look ahead), most overdue first."""
    horizon = max(as_of, within_until or as_of)
    rows, _ = _due_rows(conn, as_of, horizon)
    return [_item(row, as_of) for row in rows]


def top_due_items(conn: sqlite3.Connection, as_of: date, limit: int) -> tuple[list[DueItem], int]:
    """The `limit` most overdue items and how many are due in all (the dashboard)."""
    rows, total = _due_rows(conn, as_of, as_of, limit)
    return [_item(row, as_of) for row in rows], total


def all_items(conn: sqlite3.Connection, as_of: date) -> list[DueItem]:
    """Every open item whatever its date (for calendars), most overdue first."""
    rows, _ = _due_rows(conn, as_of)
    return [_item(row, as_of) for row in rows]


def items_of(conn: sqlite3.Connection, as_of: date, contacts_sql: str, params: Sequence[object] = (), *,
             kinds: Sequence[str] | None = None, until: date | None = None) -> list[DueItem]:
    """The open items of the contacts whose ids `contacts_sql` selects (of `kinds`, if given), due on
    or before `until` (None: whatever their date), most overdue first: `mentees` and `health`."""
    useful, useful_params = _still_useful(as_of)
    where = [useful, f"contact_id IN ({contacts_sql})"]
    values: list[object] = [*useful_params, *params]
    if kinds is not None:
        where.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        values.extend(kinds)
    if until is not None:
        where.append("due <= ?")
        values.append(until.isoformat())
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(f"SELECT {COLUMNS} FROM {_source(conn)} WHERE {' AND '.join(where)} "
                           "ORDER BY due, contact COLLATE NOCASE, kind", values)
    return [_item(row, as_of) for row in found]


def next_due_by_contact(conn: sqlite3.Connection, as_of: date | None = None) -> dict[int, date]:
    """The earliest open item of each contact, as dates: the CSV export's `next_due` (`contacts
    list` takes the ISO text of `next_due_dates` as it is)."""
    return {contact_id: date.fromisoformat(due) for contact_id, due in next_due_dates(conn, as_of).items()}


# --- Goals (`outreach due --goals`): the user's own deadlines, listed only when asked for, so
# the default list stays about people. ---

@dataclass(frozen=True)
class GoalDueItem(DueItem):
    """An open goal past its target date: about no one contact (`contact_id` None, `contact` empty)."""

    goal_id: int | None = None
    mentors: tuple[str, ...] = ()

    def as_json(self, as_of: date) -> dict:
        data = super().as_json(as_of)
        data["contact"] = None
        data["goal_id"] = self.goal_id
        data["mentors"] = list(self.mentors)
        return data


def goal_items(conn: sqlite3.Connection, as_of: date, within_until: date | None = None) -> list[GoalDueItem]:
    from mentornet.services.goals import overdue_goals

    horizon = max(as_of, within_until or as_of)
    items = []
    for goal in overdue_goals(conn, horizon):
        assert goal.by is not None  # overdue: it has a target date
        helped = f"; with {', '.join(goal.mentors)}" if goal.mentors else ""
        items.append(GoalDueItem(None, "", "goal", goal.by, f"#{goal.id} {goal.text} ({goal.horizon}-term goal{helped})",
                                 goal_id=goal.id, mentors=tuple(goal.mentors)))
    return items


def with_goals(items: list[DueItem], conn: sqlite3.Connection, as_of: date,
               within_until: date | None = None) -> list[DueItem]:
    """`items` and the goals due in the same window, most overdue first."""
    merged = items + goal_items(conn, as_of, within_until)
    return sorted(merged, key=lambda item: (item.due, item.contact.casefold(), item.kind))
