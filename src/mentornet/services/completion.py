"""Marking a record done, once: shared by action items and goals."""

from datetime import date

from mentornet.errors import NotFound, Refused

MAX_ID = 2**63 - 1  # SQLite's integer ids are 64-bit


def mark_done_once(session, model, record_id: int, *, on: date, noun: str, hint: str):
    """Set `done_on` on the record with `record_id`; unknown or already done is an error."""
    record = session.get(model, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise NotFound(f"no {noun} with id {record_id}; see `{hint}`")
    if record.done_on is not None:
        raise Refused(f"{noun} {record_id} was already done on {record.done_on}")
    record.done_on = on
    session.add(record)
    return record
