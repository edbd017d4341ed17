"""Which agreement is in force, as SQL: one definition for the due rules (`review`), the health
signals and the agreements' own reads (services/agreements.py says the same for one contact in
Python: `latest_agreement`, `Agreement.ended_by`).

A contact's agreements supersede each other: the latest by (on_date, id) is theirs, and it is in
force until its `until_on` has passed. Kept apart from services/agreements.py so the daily
commands that read the due rules import nothing more.
"""


def latest_agreement_id(contact_id: str) -> str:
    """SQL for the id of the latest agreement of the contact whose id is the SQL `contact_id`."""
    return (f"(SELECT l.id FROM agreement l WHERE l.contact_id = {contact_id} "
            "ORDER BY l.on_date DESC, l.id DESC LIMIT 1)")


def in_force(until_on: str, as_of: str) -> str:
    """SQL: the agreement whose end date is the SQL `until_on` is still in force on the day `as_of`."""
    return f"({until_on} IS NULL OR {until_on} >= {as_of})"
