"""Last contact (domain.md): the latest day you met, touched base, approached, or heard back.

Kept on each contact by an inline cache (`store/caches.py`), with the ids of its latest meeting
and latest outreach, so the daily commands don't scan every meeting, touch and outreach.
"""

import sqlite3

from mentornet.store.caches import Cache, Source
from mentornet.vocabulary import Outcome, sql_list

# A contact's last contact; the day it was added when there has been none: the one fallback,
# under one name (`last_contact`) from SQL to JSON.
LAST_CONTACT_SQL = "coalesce(c.last_contact_on, c.added_on)"

_ANSWERS = sql_list({Outcome.replied, Outcome.declined})

# The three columns for the contact row `contact` (correlated: `contact.id`).
_REFRESH = f"""last_contact_on = nullif(max(
    coalesce((SELECT max(on_date) FROM meeting WHERE contact_id = contact.id), ''),
    coalesce((SELECT max(on_date) FROM touch WHERE contact_id = contact.id), ''),
    coalesce((SELECT max(on_date) FROM outreach WHERE contact_id = contact.id), ''),
    coalesce((SELECT max(outcome_on) FROM outreach WHERE contact_id = contact.id
              AND outcome IN {_ANSWERS}), '')), ''),
  latest_meeting_id = (SELECT id FROM meeting WHERE contact_id = contact.id ORDER BY on_date DESC, id DESC LIMIT 1),
  latest_outreach_id = (SELECT id FROM outreach WHERE contact_id = contact.id ORDER BY on_date DESC, id DESC LIMIT 1)"""

def _rebuild(conn: sqlite3.Connection) -> None:
    conn.execute(f"UPDATE contact SET {_REFRESH}")


CACHE = Cache(
    name="last_contact",
    version=1,
    sources=(
        Source("meeting", ("contact_id", "on_date"), "SELECT {row}.contact_id"),
        Source("touch", ("contact_id", "on_date"), "SELECT {row}.contact_id"),
        Source("outreach", ("contact_id", "on_date", "outcome", "outcome_on"), "SELECT {row}.contact_id"),
    ),
    apply=lambda keys: f"UPDATE contact SET {_REFRESH} WHERE id IN ({keys})",
    rebuild=_rebuild,
    query=_REFRESH,
)
