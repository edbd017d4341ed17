"""Adding, editing, moving and removing contacts (domain.md, "Contact" and "Stages").

Every change of stage is recorded as a StageChange, so a relationship's history survives.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, delete, select

from mentornet.errors import BadInput, Duplicate
from mentornet.services.roles import check_roles
from mentornet.store import reads
from mentornet.store.schema import Contact, ContactRole, ContactTag, Meeting, StageChange
from mentornet.store.writes import raw_connection
from mentornet.text import clean, search_key
from mentornet.vocabulary import Stage

_TEXT_FIELDS = ("email", "phone", "title", "institution", "specialty", "city", "met_at", "notes", "profile_url")


@dataclass
class ContactFields:
    """The optional fields of add-contact and contacts edit; None means "not given".

    For text fields an empty string means "clear it" (on edit).
    """

    email: str | None = None
    phone: str | None = None
    title: str | None = None
    institution: str | None = None
    specialty: str | None = None
    city: str | None = None
    met_at: str | None = None
    notes: str | None = None
    profile_url: str | None = None
    seniority: str | None = None
    locality: str | None = None
    supervisor: bool | None = None
    met_on: date | None = None
    referred_by: str | None = None  # a CONTACT reference
    direction: str | None = None
    cadence_days: int | None = None


def _check_cadence(days: int | None) -> None:
    if days is not None and days < 1:
        raise BadInput("a cadence must be at least one day; use a duration like 30d, 2w or 3m")


def _check_unique(session: Session, name: str, email: str | None, except_id: int | None) -> None:
    clashes = reads.duplicates_of(raw_connection(session), name, email, except_id=except_id)
    if clashes:
        id_, other = clashes[0]
        what = "name" if search_key(other) == search_key(name) else "email"
        raise Duplicate(
            f"{other} (id {id_}) already has that {what}; use --allow-duplicate to add another anyway"
        )


def _apply(session: Session, contact: Contact, given: ContactFields) -> None:
    for name in _TEXT_FIELDS:
        value = getattr(given, name)
        if value is not None:
            setattr(contact, name, clean(value))
    for name in ("seniority", "locality", "direction"):
        value = getattr(given, name)
        if value is not None:
            setattr(contact, name, str(value))
    if given.supervisor is not None:
        contact.supervisor = given.supervisor
    if given.met_on is not None:
        contact.met_on = given.met_on
    if given.cadence_days is not None:
        _check_cadence(given.cadence_days)
        contact.cadence_days = given.cadence_days
    if given.referred_by is not None:
        referrer = reads.find_contact(raw_connection(session), given.referred_by) if given.referred_by.strip() else None
        if referrer is not None and referrer == contact.id:
            raise BadInput("a contact can't be referred by themselves; name someone else with --referred-by")
        contact.referred_by_id = referrer


def add_contact(
    session: Session,
    name: str,
    given: ContactFields,
    *,
    today: date,
    roles: list[str] = (),
    tags: list[str] = (),
    stage: Stage | None = None,
    paused: bool = False,
    allow_duplicate: bool = False,
) -> int:
    """Add a contact and return its id. `met_on` records that first meeting."""
    cleaned = clean(name)
    if not cleaned:
        raise BadInput("a contact needs a name, like `mentornet add-contact \"Dr. Ada Okafor\"`")
    conn = raw_connection(session)
    role_keys = check_roles(reads.role_keys(conn), list(roles))
    if not allow_duplicate:
        _check_unique(session, cleaned, clean(given.email), None)
    first_stage = Stage(stage) if stage else (Stage.exploring if given.met_on else Stage.prospect)
    contact = Contact(name=cleaned, name_key=search_key(cleaned), stage=first_stage, paused=paused, added_on=today)
    _apply(session, contact, given)
    session.add(contact)
    session.flush()
    for key in role_keys:
        session.add(ContactRole(contact_id=contact.id, role_key=key))
    _add_tags(session, contact.id, tags)
    session.add(StageChange(contact_id=contact.id, from_stage=None, to_stage=first_stage,
                            on_date=given.met_on or today, note="added"))
    if given.met_on:
        session.add(Meeting(contact_id=contact.id, on_date=given.met_on, stage_at_meeting=first_stage,
                            agenda=clean(given.met_at)))
    return contact.id


def _add_tags(session: Session, contact_id: int, tags: list[str]) -> None:
    existing = set(session.exec(select(ContactTag.tag).where(ContactTag.contact_id == contact_id)))
    for text in tags:
        tag = clean(text)
        if tag and tag not in existing:
            session.add(ContactTag(contact_id=contact_id, tag=tag))
            existing.add(tag)


def resolve(session: Session, ref: str) -> Contact:
    return session.get(Contact, reads.find_contact(raw_connection(session), ref))


def edit_contact(
    session: Session,
    ref: str,
    given: ContactFields,
    *,
    today: date,
    new_name: str | None = None,
    add_roles: list[str] = (),
    remove_roles: list[str] = (),
    add_tags: list[str] = (),
    remove_tags: list[str] = (),
    stage: Stage | None = None,
    paused: bool | None = None,
    allow_duplicate: bool = False,
) -> Contact:
    """Given fields replace, roles and tags are added or removed; a new stage is recorded."""
    contact = resolve(session, ref)
    conn = raw_connection(session)
    known = reads.role_keys(conn)
    adding, removing = check_roles(known, list(add_roles)), check_roles(known, list(remove_roles))
    if new_name is not None:
        cleaned = clean(new_name)
        if not cleaned:
            raise BadInput("a contact's name can't be empty; give --name a name")
        contact.name, contact.name_key = cleaned, search_key(cleaned)
    _apply(session, contact, given)
    if not allow_duplicate and (new_name is not None or given.email):
        _check_unique(session, contact.name, contact.email, contact.id)
    if paused is not None:
        contact.paused = paused
    session.add(contact)
    held = set(session.exec(select(ContactRole.role_key).where(ContactRole.contact_id == contact.id)))
    for key in adding:
        if key not in held:
            session.add(ContactRole(contact_id=contact.id, role_key=key))
    if removing:
        session.exec(delete(ContactRole).where(ContactRole.contact_id == contact.id, ContactRole.role_key.in_(removing)))
    _add_tags(session, contact.id, list(add_tags))
    dropped = [clean(t) for t in remove_tags if clean(t)]
    if dropped:
        session.exec(delete(ContactTag).where(ContactTag.contact_id == contact.id, ContactTag.tag.in_(dropped)))
    if stage is not None:
        _move(session, contact, Stage(stage), today, None)
    return contact


def set_stage(session: Session, ref: str, stage: Stage, *, on: date, note: str | None = None) -> tuple[Contact, str]:
    """Move a contact to `stage`, recording the change; returns the contact and its old stage."""
    contact = resolve(session, ref)
    before = contact.stage
    _move(session, contact, Stage(stage), on, clean(note))
    return contact, before


def _move(session: Session, contact: Contact, stage: Stage, on: date, note: str | None) -> None:
    if contact.stage == stage and note is None:
        return
    session.add(StageChange(contact_id=contact.id, from_stage=contact.stage, to_stage=stage, on_date=on, note=note))
    contact.stage = stage
    session.add(contact)


def advance(session: Session, contact: Contact, to: Stage, on: date, *, only_from: frozenset[str], note: str) -> None:
    """An automatic move (domain.md): only forward from the pipeline, never a relationship stage."""
    if contact.stage in only_from and contact.stage != to:
        _move(session, contact, to, on, note)


def remove_contact(session: Session, ref: str) -> Contact:
    """Remove a contact and, through ON DELETE CASCADE, everything recorded about them."""
    contact = resolve(session, ref)
    session.delete(contact)
    return contact



