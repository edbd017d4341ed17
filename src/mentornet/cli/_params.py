"""Options shared by several commands, defined once as Annotated aliases, and the clock."""

import os
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

from mentornet import dates
from mentornet.errors import BadInput
from mentornet.vocabulary import Direction, Seniority, Stage

if TYPE_CHECKING:
    from mentornet.paths import Location

TODAY_ENV = "MENTORNET_TODAY"  # pins "today" (ISO) for demos and tests; unset, the local date


def today() -> date:
    """The user's local date: the one place the CLI reads the clock."""
    pinned = os.environ.get(TODAY_ENV)
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise BadInput(f"{TODAY_ENV}={pinned!r} is not a date; use YYYY-MM-DD or unset it") from None
    return date.today()


def when(value: str | None, option: str, *, ahead: bool = False, start: date | None = None,
         happened: bool | None = None) -> date | None:
    """Parse a DATE option (relative to `start`, default today); the message names the option.

    An option that says when something happened (`happened`, by default those that don't look
    ahead: `--on`, `--met-on`, `--added-on`) can't be after today: a meeting logged for next
    tuesday would push "last contact" into the future. Planning options (`--next`, `--by`,
    `--as-of`) can."""
    if value is None:
        return None
    now = today()
    try:
        parsed = dates.parse_date(value, start or now, ahead=ahead)
    except BadInput as exc:
        raise BadInput(f"{option}: {exc}") from None
    if (not ahead if happened is None else happened) and parsed > now:
        # the parsed day, not the text typed: that could hold a line break (errors are one line)
        raise BadInput(f"{option}: {parsed} is after today ({now}); give the day it happened, not a day to come")
    return parsed


def cadence(value: str | None, option: str = "--cadence") -> int | None:
    """Parse a DURATION into days counted from today (3m from 30 November is 90 days)."""
    if value is None:
        return None
    try:
        days = dates.parse_duration(value).in_days(today())
    except BadInput as exc:
        raise BadInput(f"{option}: {exc}") from None
    if days < 1:
        raise BadInput(f"{option}: a cadence must be at least one day; use 30d, 2w or 3m")
    return days


def db_path(ctx: typer.Context) -> "Location":
    from mentornet.paths import Server, database_path

    found = database_path((ctx.find_root().obj or {}).get("db"))
    if isinstance(found, Server) and (host := found.unencrypted_remote()) and not ctx.meta.get(_WARNED):
        from mentornet.cli import _output as out

        ctx.meta[_WARNED] = True  # once per command: meta is shared by the command's contexts
        out.message(f"warning: {found} reaches {host} without TLS, so passwords and notes cross the network "
                    "readable; add ?sslmode=require (or verify-full) to the URL")
    return found


_WARNED = "mentornet.tls-warned"


def _complete_from(noun: str):
    """Shell completion from the database, quietly empty when it can't be read."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            from mentornet.services.database import completions

            values = completions(db_path(ctx), noun)
        except Exception:  # completion must never break the shell
            return []
        folded = incomplete.casefold()
        return [v for v in values if folded in v.casefold()]

    return complete


complete_role = _complete_from("role")
complete_contact = _complete_from("contact")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
ContactArg = Annotated[str, typer.Argument(metavar="CONTACT", help="A contact's id or name (any unique part of it).", autocompletion=complete_contact)]
AsOfOption = Annotated[str | None, typer.Option("--as-of", metavar="DATE", help="Count lateness from this day instead of today.")]
RoleOption = Annotated[list[str], typer.Option("--role", metavar="ROLE", help="A role they fill (repeatable).", autocompletion=complete_role)]
TagOption = Annotated[list[str], typer.Option("--tag", metavar="TAG", help="A tag (repeatable).")]
StageOption = Annotated[Stage | None, typer.Option("--stage", help="Relationship stage.")]

# The contact fields shared by add-contact and contacts edit.
EmailOption = Annotated[str | None, typer.Option("--email", metavar="E")]
PhoneOption = Annotated[str | None, typer.Option("--phone", metavar="P")]
TitleOption = Annotated[str | None, typer.Option("--title", metavar="T")]
InstitutionOption = Annotated[str | None, typer.Option("--institution", metavar="I")]
SpecialtyOption = Annotated[str | None, typer.Option("--specialty", metavar="S", help="Department or specialty.")]
CityOption = Annotated[str | None, typer.Option("--city", metavar="C")]
SeniorityOption = Annotated[Seniority | None, typer.Option("--seniority", help="Relative to you.")]
LocalOption = Annotated[bool | None, typer.Option("--local/--remote", help="Where they work relative to you.", show_default=False)]
SupervisorOption = Annotated[bool | None, typer.Option("--supervisor/--not-supervisor", help="They supervise you.", show_default=False)]
MetAtOption = Annotated[str | None, typer.Option("--met-at", metavar="TEXT", help="Where or how you met.")]
MetOnOption = Annotated[str | None, typer.Option("--met-on", metavar="DATE", help="Records that first meeting (stage exploring).")]
ReferredByOption = Annotated[str | None, typer.Option("--referred-by", metavar="CONTACT", autocompletion=complete_contact)]
CadenceOption = Annotated[str | None, typer.Option("--cadence", metavar="DURATION", help="How often to check in (30d, 2w, 3m).")]
NoteOption = Annotated[str | None, typer.Option("--note", metavar="TEXT")]
ProfileOption = Annotated[str | None, typer.Option("--profile-url", metavar="URL")]
IMentorOption = Annotated[bool, typer.Option("--i-mentor", help="You mentor them.")]
MutualOption = Annotated[bool, typer.Option("--mutual", help="You mentor each other.")]
AllowDuplicateOption = Annotated[bool, typer.Option("--allow-duplicate", help="Add even if the name or email exists.")]


def direction(i_mentor: bool, mutual: bool) -> Direction | None:
    if i_mentor and mutual:
        raise BadInput("--i-mentor and --mutual can't both be given; choose one")
    if i_mentor:
        return Direction.i_mentor
    if mutual:
        return Direction.mutual
    return None


class ContactFirstGroup(TyperGroup):
    """A command group whose first word may be a contact: `ask CONTACT TEXT`, `agree CONTACT ...`,
    `review CONTACT ...` run the group's hidden `add`; a first word that names a subcommand (`list`,
    `show`, `done`) or an option runs that instead."""

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["add", *args]
        return super().resolve_command(ctx, args)
