"""Health signals of committed relationships (issue 17, item 3): the facts that say a relationship
that formed isn't going well, from what you recorded. After Straus et al. (2013): failed
relationships show poor communication and a lack of commitment, and mentees find it hard to raise
it; the NEJM and ASH guides: explicit expectations, clear agendas, goals and feedback both ways.

For every committed relationship (initiation, cultivation, separation, redefined; paused ones show
none), each signal a code, the contact, `since` (the day it became true) and a sentence:

| code | raised when | cleared by |
|---|---|---|
| their-actions-late | an open action of theirs is over 14 days past its date | `actions done` |
| my-actions-late | an open action of yours is over 14 days past its date | `actions done` |
| going-cold | their check-in is due and `going cold` (services/cadence.py) | any contact with them |
| no-agreement | two or more meetings, and no current agreement | an agreement |
| cadence-mismatch | since the current agreement, contacts came on average over 1.5x its cadence apart | closer contacts, or a new agreement |
| low-rating | the last two meetings rated 2 or less, or an only meeting rated 1-2 | a better-rated meeting |
| no-agenda | the last three meetings had no agenda | a meeting with one |
| stalled | in initiation for over a year (its latest stage change to it) | moving the stage on |
| flagged | the latest review names failure factors | a later review with none |

The whole network is one SQL query (a UNION ALL, one branch per code, each reading indexes per
contact), so `health` stays fast over a large network; going-cold reads the due items
(services/due.py), whose check-in severity is the rule `outreach due` shows. Agreements and reviews
are read here directly from their tables (schema 6): the current agreement is the latest by
(on_date, id) unless its `until_on` has passed; a review flag is open while it is in the contact's
latest review.
"""

import json
import math
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from mentornet.services.agreed import in_force, latest_agreement_id
from mentornet.services.cadence import CADENCE_SQL, COLD_RATIO
from mentornet.services.due import items_of
from mentornet.services.last_contact import LAST_CONTACT_SQL
from mentornet.vocabulary import COMMITTED, Outcome, Owner, Stage, sql_list

ACTIONS_LATE = timedelta(days=14)  # more than this past its date: a promise broken, not a busy week
MISMATCH_RATIO = 1.5  # the real gaps against the agreed cadence
LOW_RATING = 2
NO_AGENDA_MEETINGS = 3
STALLED_YEARS = 1

# Worst first: what the dashboard shows when it can't show them all
CODES = ("flagged", "low-rating", "going-cold", "my-actions-late", "their-actions-late", "cadence-mismatch",
         "stalled", "no-agreement", "no-agenda")
_RANK = {code: rank for rank, code in enumerate(CODES)}


@dataclass(frozen=True)
class Signal:
    contact: str
    contact_id: int
    code: str
    since: date
    detail: str

    def as_json(self) -> dict:
        return {"contact": self.contact, "contact_id": self.contact_id, "code": self.code, "since": self.since,
                "detail": self.detail}


def _relationships(contact_id: int | None, columns: str = "c.id, c.name, c.stage, c.added_on, c.latest_meeting_id") -> str:
    """The committed relationships, not paused (one contact's, if given)."""
    return (f"SELECT {columns} FROM contact c "
            f"WHERE c.stage IN {sql_list(COMMITTED)} AND c.paused = 0" + (" AND c.id = :contact" if contact_id else ""))


def _latest(table: str) -> str:
    """The id of the contact `r`'s latest row of `table` by (on_date, id)."""
    return f"(SELECT id FROM {table} WHERE contact_id = r.id ORDER BY on_date DESC, id DESC LIMIT 1)"


def _query(contact_id: int | None) -> str:
    """One row per signal: (code, contact_id, contact, since, v1, v2, v3, v4); the v columns hold each
    code's facts as text (see `_detail`): a column of a UNION has one type on PostgreSQL."""
    late = ACTIONS_LATE.days
    answers = sql_list({Outcome.replied, Outcome.declined})
    # `rel` inlined, not a CTE: a CTE named by several branches is materialised, and the branches
    # then joined it about a third slower on 10,000 contacts (benchmarks/make_network.py)
    rel = f"({_relationships(contact_id)})"
    return f"""
    WITH last_agreement AS (SELECT r.id AS contact_id, a.on_date, a.every_days, a.until_on
                         FROM {rel} r JOIN agreement a ON a.id = {latest_agreement_id('r.id')}),
    current_agreement AS (SELECT * FROM last_agreement WHERE {in_force('until_on', ':as_of')}),
    points AS (SELECT contact_id, on_date AS d FROM current_agreement
               UNION SELECT m.contact_id, m.on_date FROM current_agreement a
                       JOIN meeting m ON m.contact_id = a.contact_id AND m.on_date >= a.on_date
               UNION SELECT t.contact_id, t.on_date FROM current_agreement a
                       JOIN touch t ON t.contact_id = a.contact_id AND t.on_date >= a.on_date
               UNION SELECT o.contact_id, o.on_date FROM current_agreement a
                       JOIN outreach o ON o.contact_id = a.contact_id AND o.on_date >= a.on_date
               UNION SELECT o.contact_id, o.outcome_on FROM current_agreement a
                       JOIN outreach o ON o.contact_id = a.contact_id AND o.outcome IN {answers}
                        AND o.outcome_on >= a.on_date)
    SELECT CASE l.owner WHEN '{Owner.them}' THEN 'their-actions-late' ELSE 'my-actions-late' END, l.id, l.name,
           date(l.first_due, '+{late + 1} days'), CAST(l.late AS TEXT), CAST(a.id AS TEXT), a.text, a.due_on
      FROM (SELECT r.id, r.name, x.owner, min(x.due_on) AS first_due, count(*) AS late
              FROM {rel} r JOIN action_item x ON x.contact_id = r.id
             WHERE x.done_on IS NULL AND x.due_on < date(:as_of, '-{late} days')
             GROUP BY r.id, r.name, x.owner) AS l
      JOIN action_item a ON a.id = (SELECT id FROM action_item WHERE contact_id = l.id AND owner = l.owner
                                       AND done_on IS NULL AND due_on = l.first_due ORDER BY id LIMIT 1)
    UNION ALL
    SELECT 'no-agreement', x.id, x.name, max(x.second, coalesce(date(x.until_on, '+1 day'), '')),
           CAST((SELECT count(*) FROM meeting m WHERE m.contact_id = x.id) AS TEXT), x.agreed_on, x.until_on, NULL
      FROM (SELECT r.id, r.name, l.on_date AS agreed_on, l.until_on,
                   (SELECT on_date FROM meeting WHERE contact_id = r.id ORDER BY on_date, id LIMIT 1 OFFSET 1) AS second
              FROM {rel} r LEFT JOIN last_agreement l ON l.contact_id = r.id
             WHERE l.contact_id IS NULL OR NOT {in_force('l.until_on', ':as_of')}) x
     WHERE x.second IS NOT NULL
    UNION ALL
    SELECT 'cadence-mismatch', r.id, r.name, max(p.d), CAST(count(*) AS TEXT),
           CAST(julianday(max(p.d)) - julianday(min(p.d)) AS TEXT), CAST(a.every_days AS TEXT), a.on_date
      FROM points p JOIN current_agreement a ON a.contact_id = p.contact_id JOIN contact r ON r.id = p.contact_id
     WHERE a.every_days IS NOT NULL
     GROUP BY r.id, r.name, a.every_days, a.on_date
    HAVING count(*) >= 3
       AND julianday(max(p.d)) - julianday(min(p.d)) > {MISMATCH_RATIO} * a.every_days * (count(*) - 1)
    UNION ALL
    SELECT 'low-rating', r.id, r.name, m1.on_date, CAST(m1.rating AS TEXT), CAST(m2.rating AS TEXT), m2.on_date, NULL
      FROM {rel} r JOIN meeting m1 ON m1.id = r.latest_meeting_id
      LEFT JOIN meeting m2 ON m2.id = (SELECT id FROM meeting WHERE contact_id = r.id
                                        ORDER BY on_date DESC, id DESC LIMIT 1 OFFSET 1)
     WHERE m1.rating <= {LOW_RATING} AND (m2.id IS NULL OR m2.rating <= {LOW_RATING})
    UNION ALL
    SELECT 'no-agenda', r.id, r.name, m.on_date, NULL, NULL, NULL, NULL
      FROM {rel} r JOIN meeting m ON m.id = r.latest_meeting_id
     WHERE (SELECT count(*) FROM (SELECT agenda FROM meeting WHERE contact_id = r.id
                                   ORDER BY on_date DESC, id DESC LIMIT {NO_AGENDA_MEETINGS}) AS recent
             WHERE coalesce(trim(agenda), '') = '') = {NO_AGENDA_MEETINGS}
    UNION ALL
    SELECT 'stalled', id, name, date(entered, '+{STALLED_YEARS} years', '+1 day'), entered, NULL, NULL, NULL
      FROM (SELECT r.id, r.name, coalesce((SELECT max(on_date) FROM stage_change WHERE contact_id = r.id
                                            AND to_stage = '{Stage.initiation}'), r.added_on) AS entered
              FROM {rel} r WHERE r.stage = '{Stage.initiation}') AS began
     WHERE date(entered, '+{STALLED_YEARS} years') < :as_of
    UNION ALL
    SELECT 'flagged', r.id, r.name, v.on_date,
           (SELECT group_concat(code, ', ') FROM (SELECT code FROM review_flag WHERE review_id = v.id ORDER BY code) AS flags),
           NULL, NULL, NULL
      FROM {rel} r JOIN review v ON v.id = {_latest('review')}
     WHERE EXISTS (SELECT 1 FROM review_flag WHERE review_id = v.id)"""


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _detail(code: str, name: str, v1, v2, v3, v4, as_of: date) -> str:
    if code in ("their-actions-late", "my-actions-late"):
        who = "they" if code == "their-actions-late" else "you"
        late = (as_of - date.fromisoformat(v4)).days
        if int(v1) == 1:
            return f"#{v2} {v3}, which {who} promised by {v4}, is {late} days late"
        return f"{v1} things {who} promised are over {ACTIONS_LATE.days} days late; the oldest, #{v2} {v3}, " \
               f"by {v4} ({late} days)"
    if code == "no-agreement":
        if v2 is not None:
            return f"your agreement of {v2} ended on {v3} and nothing new is agreed; {_plural(int(v1), 'meeting')} so far"
        return f"{_plural(int(v1), 'meeting')} and nothing agreed: how often you meet, how, what each of you will do"
    if code == "cadence-mismatch":
        average = float(v2) / (int(v1) - 1)
        return f"agreed on {v4} to be in touch every {v3} days; since then, every {average:.0f} days on average " \
               f"({v1} contacts)"
    if code == "low-rating":
        if v3 is None:
            return f"your only meeting so far was rated {v1}: the chemistry may not be there"
        return f"the last two meetings ({v3}, then the latest) were rated {v2} and {v1}"
    if code == "no-agenda":
        return f"the last {NO_AGENDA_MEETINGS} meetings had no agenda; `mentornet prep {name}` suggests one"
    if code == "stalled":
        return f"in initiation since {v1}, over a year; move it on (`mentornet contacts stage`) or review it"
    if code == "flagged":
        return f"your latest review flagged {v1}"
    return ""


def _going_cold(conn: sqlite3.Connection, as_of: date, contact_id: int | None) -> list[Signal]:
    """The check-ins `outreach due` shows as going cold, for committed relationships."""
    ids = _relationships(contact_id, "c.id").replace(":contact", "?")
    cold = [item for item in items_of(conn, as_of, ids, [contact_id] if contact_id else [], kinds=("check-in",),
                                      until=as_of)
            if item.severity == "going cold"]
    if not cold:
        return []
    facts = {id_: (date.fromisoformat(last), cadence) for id_, last, cadence in conn.execute(
        f"SELECT c.id, {LAST_CONTACT_SQL}, {CADENCE_SQL} FROM contact c WHERE c.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
        (json.dumps([item.contact_id for item in cold]),))}
    signals = []
    for item in cold:
        assert item.contact_id is not None  # a check-in is about one contact
        last, cadence = facts[item.contact_id]
        since = last + timedelta(days=math.ceil(COLD_RATIO * cadence))
        signals.append(Signal(item.contact, item.contact_id, "going-cold", since,
                              f"{(as_of - last).days} days since the last contact ({last}); every {cadence} days "
                              "was the plan"))
    return signals


def signals(conn: sqlite3.Connection, as_of: date, contact_id: int | None = None) -> list[Signal]:
    """Every health signal as of `as_of` (one contact's, if given), worst first, then the oldest."""
    params: dict[str, object] = {"as_of": as_of.isoformat()}
    if contact_id:
        params["contact"] = contact_id
    cursor = conn.cursor()
    cursor.row_factory = None
    found = [Signal(name, id_, code, date.fromisoformat(since), _detail(code, name, v1, v2, v3, v4, as_of))
             for code, id_, name, since, v1, v2, v3, v4 in cursor.execute(_query(contact_id), params)]
    found += _going_cold(conn, as_of, contact_id)
    return sorted(found, key=lambda s: (_RANK[s.code], s.since, s.contact.casefold(), s.contact_id))
