"""add-contact and `contacts list|show|edit|stage|remove`."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading, writing
from mentornet.cli._params import (
    AllowDuplicateOption,
    AsOfOption,
    CadenceOption,
    CityOption,
    ContactArg,
    EmailOption,
    IMentorOption,
    InstitutionOption,
    JsonOption,
    LocalOption,
    MetAtOption,
    MetOnOption,
    MutualOption,
    NoteOption,
    PhoneOption,
    ProfileOption,
    ReferredByOption,
    RoleOption,
    SeniorityOption,
    SpecialtyOption,
    StageOption,
    SupervisorOption,
    TagOption,
    TitleOption,
    cadence,
    complete_contact,
    complete_role,
    direction,
    today,
    when,
)
from mentornet.errors import Refused
from mentornet.vocabulary import Direction, Locality, Stage

if TYPE_CHECKING:
    from mentornet.services.contacts import ContactProfile

app = typer.Typer(help="List, show, edit, move and remove contacts.")
out.help_when_bare(app)


def _fields(*, email, phone, title, institution, specialty, city, seniority, local, supervisor, met_at,
            met_on, referred_by, cadence_text, note, profile_url, direction_value):
    from mentornet.services.contacts import ContactFields

    return ContactFields(
        email=email, phone=phone, title=title, institution=institution, specialty=specialty, city=city,
        seniority=seniority, locality=None if local is None else (Locality.local if local else Locality.remote),
        supervisor=supervisor, met_at=met_at, met_on=when(met_on, "--met-on"), referred_by=referred_by,
        cadence_days=cadence(cadence_text), notes=note, profile_url=profile_url, direction=direction_value,
    )


def add_contact(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their full name, as you write it.")],
    role: RoleOption = [],
    email: EmailOption = None,
    phone: PhoneOption = None,
    title: TitleOption = None,
    institution: InstitutionOption = None,
    specialty: SpecialtyOption = None,
    city: CityOption = None,
    seniority: SeniorityOption = None,
    local: LocalOption = None,
    supervisor: Annotated[bool, typer.Option("--supervisor", help="They supervise you.")] = False,
    met_at: MetAtOption = None,
    met_on: MetOnOption = None,
    referred_by: ReferredByOption = None,
    stage: StageOption = None,
    cadence_text: CadenceOption = None,
    tag: TagOption = [],
    note: NoteOption = None,
    profile_url: ProfileOption = None,
    i_mentor: IMentorOption = False,
    mutual: MutualOption = False,
    allow_duplicate: AllowDuplicateOption = False,
    added_on: Annotated[str | None, typer.Option("--added-on", metavar="DATE", help="When they entered your network (default: --met-on, else today).")] = None,
) -> None:
    """Add someone you met or want to meet; prints the new id.

    Example: mentornet add-contact "Dr. Ada Okafor" --role research --met-on yesterday
    """
    from mentornet.services import contacts

    given = _fields(
        email=email, phone=phone, title=title, institution=institution, specialty=specialty, city=city,
        seniority=seniority, local=local, supervisor=supervisor or None, met_at=met_at, met_on=met_on,
        referred_by=referred_by, cadence_text=cadence_text, note=note, profile_url=profile_url,
        direction_value=direction(i_mentor, mutual),
    )
    with writing(ctx) as conn:
        new_id = contacts.add_contact(conn, name, given, today=today(), roles=role, tags=tag, stage=stage,
                                      allow_duplicate=allow_duplicate, added_on=when(added_on, "--added-on"))
    out.data_line(str(new_id))


@app.command("list")
def list_contacts(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option("--role", metavar="ROLE", autocompletion=complete_role)] = None,
    stage: Annotated[Stage | None, typer.Option("--stage")] = None,
    tag: Annotated[str | None, typer.Option("--tag", metavar="TAG")] = None,
    search: Annotated[str | None, typer.Option("--search", metavar="TEXT", help="Any part of a name, place, tag or note.")] = None,
    direction_filter: Annotated[Direction | None, typer.Option("--direction", help="Who mentors whom.")] = None,
    as_of: AsOfOption = None,
    json: JsonOption = False,
) -> None:
    """List contacts, with their roles, stage, last contact and when something is next due."""
    from mentornet.services.contacts import contact_listing
    from mentornet.services.roles import check_roles, role_keys

    day = when(as_of, "--as-of", ahead=True) or today()
    with reading(ctx) as conn:
        role_key = check_roles(role_keys(conn), [role])[0] if role else None
        listed = contact_listing(conn, role=role_key, stage=stage, tag=tag, search=search, direction=direction_filter,
                                 as_of=day)
    if json:
        out.emit_json([item.as_json() for item in listed])
        return
    if not listed:
        out.message("No contacts match." if (role or stage or tag or search or direction_filter) else
                    "No contacts yet; add one with `mentornet add-contact NAME --role ROLE`.")
        return
    table = out.Table(["id", "name", "roles", "stage", "institution", "last contact", "next due"])
    for item in listed:
        due = item.next_due
        table.add(item.id, item.name, ", ".join(item.roles), item.stage, item.institution, item.last_contact, due,
                  styles=[None] * 6 + ["red" if due and due <= day.isoformat() else None])
    out.show(table)


@app.command("show")
def show_contact(ctx: typer.Context, contact: ContactArg, json: JsonOption = False) -> None:
    """Show a contact's details, roles, history, open actions and health signals."""
    from mentornet.services.contacts import find_contact, profile
    from mentornet.services.health import signals

    with reading(ctx) as conn:
        shown = profile(conn, find_contact(conn, contact), today())
        health = signals(conn, today(), shown.record.id)
    if json:
        out.emit_json({**shown.as_json(), "health": [signal.as_json() for signal in health]})
        return
    _print_contact(shown)
    if health:
        from mentornet.cli.health import show_signals

        show_signals(health, title="Health", with_contact=False)


def _print_contact(shown: "ContactProfile") -> None:
    r = shown.record
    labels = [
        ("id", r.id), ("stage", r.stage + (" (paused)" if r.paused else "")),
        ("roles", ", ".join(r.roles) or "-"), ("direction", r.direction),
        ("title", r.title), ("institution", r.institution), ("specialty", r.specialty),
        ("city", r.city), ("email", r.email), ("phone", r.phone),
        ("seniority", r.seniority), ("locality", r.locality),
        ("supervisor", "yes" if r.supervisor else None), ("met at", r.met_at),
        ("met on", r.met_on), ("referred by", r.referred_by),
        ("profile", r.profile_url), ("tags", ", ".join(r.tags) or None),
        ("cadence", _cadence_text(r.effective_cadence_days, r.cadence_days)),
        ("last contact", r.last_contact), ("added", r.added_on), ("notes", r.notes),
    ]
    out.data_line(r.name)
    for label, value in labels:
        if value not in (None, ""):
            out.paragraph(str(value), indent=f"  {label + ':':<13} ")
    if shown.agreement and shown.agreement.current:  # what you agreed (cli/agree.py)
        from mentornet.cli.agree import print_agreement_lines

        out.data_line("Agreement")
        print_agreement_lines(shown.agreement.current, shown.agreement.review_on)
    if shown.timeline:
        table = out.Table(["date", "what", "summary"], title="History")
        for event in shown.timeline:
            table.add(event.date, event.kind, event.summary)
        out.show(table)
    if shown.open_actions:
        table = out.Table(["id", "owner", "due", "action"], title="Open actions")
        for action in shown.open_actions:
            table.add(action.id, action.owner, action.due, action.text)
        out.show(table)


def _cadence_text(effective: int | None, own: int | None) -> str | None:
    if not effective:
        return None
    return f"every {effective} days" + ("" if own else " (from its roles)")


@app.command("edit")
def edit_contact(
    ctx: typer.Context,
    contact: ContactArg,
    name: Annotated[str | None, typer.Option("--name", metavar="NEW", help="A new name.")] = None,
    role: RoleOption = [],
    add_role: Annotated[list[str], typer.Option("--add-role", metavar="ROLE", autocompletion=complete_role)] = [],
    remove_role: Annotated[list[str], typer.Option("--remove-role", metavar="ROLE", autocompletion=complete_role)] = [],
    email: EmailOption = None,
    phone: PhoneOption = None,
    title: TitleOption = None,
    institution: InstitutionOption = None,
    specialty: SpecialtyOption = None,
    city: CityOption = None,
    seniority: SeniorityOption = None,
    local: LocalOption = None,
    supervisor: SupervisorOption = None,
    met_at: MetAtOption = None,
    met_on: MetOnOption = None,
    referred_by: ReferredByOption = None,
    stage: StageOption = None,
    cadence_text: CadenceOption = None,
    tag: TagOption = [],
    remove_tag: Annotated[list[str], typer.Option("--remove-tag", metavar="TAG")] = [],
    note: NoteOption = None,
    profile_url: ProfileOption = None,
    i_mentor: IMentorOption = False,
    mutual: MutualOption = False,
    mentors_me: Annotated[bool, typer.Option("--mentors-me", help="They mentor you (the default direction).")] = False,
    paused: Annotated[bool | None, typer.Option("--paused/--active", help="Pause check-ins, or resume them.", show_default=False)] = None,
    allow_duplicate: AllowDuplicateOption = False,
) -> None:
    """Change a contact: given fields replace (an empty value clears), roles and tags add or remove."""
    from mentornet.services import contacts
    from mentornet.vocabulary import Direction

    chosen = direction(i_mentor, mutual)
    if mentors_me:
        if chosen:
            raise typer.BadParameter("--mentors-me can't be combined with --i-mentor or --mutual")
        chosen = Direction.mentors_me
    given = _fields(
        email=email, phone=phone, title=title, institution=institution, specialty=specialty, city=city,
        seniority=seniority, local=local, supervisor=supervisor, met_at=met_at, met_on=met_on,
        referred_by=referred_by, cadence_text=cadence_text, note=note, profile_url=profile_url,
        direction_value=chosen,
    )
    with writing(ctx) as conn:
        changed = contacts.edit_contact(
            conn, contact, given, today=today(), new_name=name, add_roles=[*role, *add_role],
            remove_roles=remove_role, add_tags=tag, remove_tags=remove_tag, stage=stage, paused=paused,
            allow_duplicate=allow_duplicate,
        )
        label = f"{changed['name']} (id {changed['id']})"
    out.message(f"Updated {label}.")


@app.command("stage")
def stage_contact(
    ctx: typer.Context,
    contact: ContactArg,
    stage: Annotated[Stage, typer.Argument(metavar="STAGE", help="The new stage.")],
    on: Annotated[str | None, typer.Option("--on", metavar="DATE", help="When it changed (default today).")] = None,
    note: NoteOption = None,
) -> None:
    """Move a relationship to a new stage, recorded in its history.

    Example: mentornet contacts stage "Ada" initiation --note "agreed to meet monthly"
    """
    from mentornet.services import contacts

    day = when(on, "--on") or today()
    with writing(ctx) as conn:
        moved, before = contacts.set_stage(conn, contact, stage, on=day, note=note)
        label = f"{moved['name']} (id {moved['id']})"
    if before == stage:
        out.message(f"{label} is already {stage}." + (" Note recorded." if note else ""))
    else:
        out.message(f"{label}: {before} -> {stage}.")


@app.command("remove")
def remove_contact(
    ctx: typer.Context,
    contact: ContactArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
) -> None:
    """Remove a contact and everything recorded about them."""
    from mentornet.services import contacts

    if not yes:
        with reading(ctx) as conn:
            record = contacts.contact_record(conn, contacts.find_contact(conn, contact))
        if not sys.stdin.isatty():
            raise Refused(f"removing {record.name} (id {record.id}) deletes their whole history; add --yes to confirm")
        if not typer.confirm(f"Remove {record.name} (id {record.id}) and their whole history?", default=False):
            raise typer.Exit(1)
        contact = str(record.id)
    with writing(ctx) as conn:
        removed = contacts.remove_contact(conn, contact)
        label = f"{removed['name']} (id {removed['id']})"
    out.message(f"Removed {label}.")


@app.command("merge")
def merge_contacts(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The duplicate, removed once merged.", autocompletion=complete_contact)],
    target: Annotated[str, typer.Argument(metavar="INTO", help="The contact to keep.", autocompletion=complete_contact)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would move; change nothing.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask.")] = False,
    json: JsonOption = False,
) -> None:
    """Merge a duplicate into the contact to keep: every record moves, empty fields fill, FROM is removed.

    Example: mentornet contacts merge "Tom Brennan" "Dr. Thomas Brennan" --dry-run
    """
    from mentornet.services import merge

    if dry_run or not yes:
        with reading(ctx) as conn:
            plan = merge.plan_merge(conn, source, target)
        if dry_run:
            _print_merge(plan, json, would=True, say=out.data_line)  # the answer asked for: stdout
            return
        if not sys.stdin.isatty():
            raise Refused(f"merging {plan.source} (id {plan.source_id}) into {plan.target} (id {plan.target_id}) "
                          "removes the first; add --yes to confirm (or --dry-run to see what would move)")
        _print_merge(plan, False, would=True, say=out.message)
        if not typer.confirm(f"Merge {plan.source} (id {plan.source_id}) into {plan.target} (id {plan.target_id})?",
                             default=False):
            raise typer.Exit(1)
        source, target = str(plan.source_id), str(plan.target_id)
    with writing(ctx) as conn:
        done = merge.merge_contacts(conn, source, target, today=today())
    _print_merge(done, json, would=False, say=out.message)


def _print_merge(plan, json: bool, *, would: bool, say) -> None:
    if json:
        out.emit_json({**plan.as_json(), "dry_run": would})
        return
    verb = "Would merge" if would else "Merged"
    say(f"{verb} {plan.source} (id {plan.source_id}) into {plan.target} (id {plan.target_id}).")
    for what, count in plan.moved.items():
        say(f"  moves {count} {what}")
    for name, value in plan.filled.items():
        say(f"  fills {name}: {value}")
    if plan.stage:
        say(f"  moves to stage {plan.stage}")
    for line in plan.noted:
        say(f"  adds to notes: {line}")
