"""The root command: global options, the table of contents, and the one place errors are shown.

Only typer and the standard library are imported here. A command's module is imported only when
that command is run or asked for its help (click's lazily loaded subcommands), so each command
pays for its own imports and `mentornet --help` for none of them.
"""

import errno
import importlib
import io
import os
import sys
from difflib import get_close_matches
from typing import Annotated, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

from mentornet import __version__
from mentornet.errors import EXIT_FAILED, EXIT_USAGE, MentornetError
from mentornet.text import visible


class MentornetGroup(TyperGroup):
    """Turns every expected failure into one or two lines on stderr and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = list(sys.argv[1:] if args is None else args)
        for position, arg in enumerate(args, 1):
            try:
                str(arg).encode("utf-8")
            except UnicodeEncodeError:  # bytes from a non-UTF-8 terminal: SQLite can't store them
                _fail(f"argument {position} isn't valid UTF-8; set your terminal to UTF-8 and try again", EXIT_USAGE)
        args = _root_options_first(args)
        try:
            result = super().main(args=args, prog_name=prog_name or "mentornet", complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except MentornetError as exc:
            _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:  # usage errors: unknown option, bad choice, missing argument
            context = getattr(exc, "ctx", None)
            hint = f"\nTry '{context.command_path} --help'." if context is not None else ""
            text = exc.format_message()
            if "unexpected extra argument" in text:  # click's words: "unexpected" would read as a bug
                text = _quote_hint(args, text)
            # one line: click lists a missing choice's values one per line
            _fail(" ".join(text.split()) + hint, exc.exit_code)
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except typer.Abort:
            _fail("aborted", EXIT_FAILED)
        except UnicodeDecodeError as exc:  # an answer typed at a prompt, or piped to one (cli/_stdin.py)
            _fail(f"the input on stdin isn't UTF-8 ({exc.reason}); nothing was changed. "
                  "Set your terminal to UTF-8, or convert piped text with iconv, and try again", EXIT_USAGE)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `mentornet contacts list | head`: the reader left early
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so exit's flush is quiet
                sys.exit(EXIT_FAILED)
            _unexpected(exc)
        except Exception as exc:  # a bug: say so in one line, without locals or note text
            _unexpected(exc)
        sys.exit(result if isinstance(result, int) else 0)


def _root_options_first(args: list[str]) -> list[str]:
    """`mentornet gaps --db x.db` as `mentornet --db x.db gaps`: the root's --db (and --no-pager)
    anywhere before a `--`.

    The one place they are read stays the root callback; this only moves them there."""
    moved: list[str] = []
    rest: list[str] = []
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest.extend(args[position:])
            break
        if arg == "--db" and position + 1 < len(args):
            moved.extend(args[position:position + 2])
            position += 2
            continue
        if arg.startswith("--db=") or arg == "--no-pager":
            moved.append(arg)
        else:
            rest.append(arg)
        position += 1
    return [*moved, *rest]


def _quote_hint(args: list[str], message: str) -> str:
    """What to say when a name was typed without quotes: `touch Only One` has an extra argument."""
    extra = message[message.rfind("(") + 1:message.rfind(")")].split()
    said = f"more arguments than the command takes ({' '.join(extra)})"
    for position in range(1, len(args)):
        if args[position:position + len(extra)] == extra and not args[position - 1].startswith("-"):
            return f'{said}; put a name with spaces in quotes, like "{" ".join([args[position - 1], *extra])}"'
    return f"{said}; put a name with spaces in quotes"


def _unexpected(exc: Exception) -> None:
    if os.environ.get("MENTORNET_DEBUG"):
        raise exc
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        from mentornet.services.database import outside_problem

        problem = outside_problem(exc)  # still locked after the 10 s busy timeout, read-only, disk full
        if problem:
            _fail(problem, EXIT_FAILED)
    if sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError):
        _fail(f"the database can't be read ({exc}); nothing was changed. Run `mentornet doctor`", EXIT_FAILED)
    _fail(f"unexpected {type(exc).__name__}; nothing was changed. Run again with MENTORNET_DEBUG=1 for details "
          "and report it", EXIT_FAILED)


def _fail(text: str, code: int) -> None:
    sys.stdout.flush()
    sys.stderr.write(f"Error: {visible(text)}\n")  # an argument echoed back can't drive the terminal
    sys.exit(code)


class Entry(NamedTuple):
    where: str  # "module:attribute": a command's function, or a group's Typer app
    summary: str  # the first sentence of its help: root help lists it without importing the module


# In the order `mentornet --help` lists them
CONTENTS: dict[str, Entry] = {
    "add-contact": Entry("mentornet.cli.contacts:add_contact", "Add someone you met or want to meet; prints the new id."),
    "gaps": Entry("mentornet.cli.gaps:gaps",
                  "Show which mentoring roles are filled, forming, going cold or unfilled, and network warnings."),
    "map": Entry("mentornet.cli.mapping:map_command",
                 "Draw your mosaic: you, your roles around you, your mentors on them, who introduced whom."),
    "report": Entry("mentornet.cli.report:report",
                    "Write your network as one HTML page: map, gaps, what is due, timelines, goals."),
    "stats": Entry("mentornet.cli.stats:stats",
                   "The numbers game: outreach, replies, first meetings and mentors, against rules of thumb."),
    "touch": Entry("mentornet.cli.touch:touch",
                   "Record any other contact that counts: an email exchange, a hallway chat."),
    "backup": Entry("mentornet.cli.backup:backup",
                    "Write a consistent copy of the database, even while other commands run."),
    "restore": Entry("mentornet.cli.restore:restore",
                     "Replace the database with a backup, keeping a backup of what it replaces."),
    "doctor": Entry("mentornet.cli.doctor:doctor",
                    "Check the database: SQLite, schema, integrity, file modes, the last backup."),
    "export": Entry("mentornet.cli.transfer:export_command",
                    "Export the network as JSON (all of it), CSV, vCard, ICS or a development plan (idp)."),
    "import": Entry("mentornet.cli.transfer:import_command",
                    "Import contacts (or a whole mentornet JSON export), matching people you already have."),
    "prep": Entry("mentornet.cli.prep:prep",
                  "Brief yourself before meeting someone: what is open, what they help with, what to ask."),
    "search": Entry("mentornet.cli.search:search",
                    "Search contacts, meeting notes and agendas, touches and outreach asks; best matches first."),
    "me": Entry("mentornet.cli.me:me", "Say who you are (the drafts introduce you with it); `me` alone shows it."),
    "draft": Entry("mentornet.cli.draft:draft",
                   "Draft an email: approach, follow-up, thank-you, ask-to-mentor, agenda or check-in."),
    "mentees": Entry("mentornet.cli.mentees:mentees",
                     "The people you mentor: last contact, the goals you help with, the check-ins you owe."),
    "health": Entry("mentornet.cli.health:health",
                    "Health signals of your committed relationships, worst first."),
    "ask": Entry("mentornet.cli.ask:app", "Questions for your next meeting: queue them, list them, close them."),
    "contacts": Entry("mentornet.cli.contacts:app", "List, show, edit, move and remove contacts."),
    "roles": Entry("mentornet.cli.roles:app", "The mentoring roles of your mosaic."),
    "outreach": Entry("mentornet.cli.outreach:app", "Approaches, follow-ups, replies, and what is due."),
    "meeting": Entry("mentornet.cli.meeting:app", "Meetings: notes, next steps, thanks."),
    "actions": Entry("mentornet.cli.actions:actions_app", "Action items from meetings, yours and theirs."),
    "assess": Entry("mentornet.cli.assess:assess_app",
                    "Take stock: mission, success, goals, strengths, challenges, and the mentoring needs that follow."),
    "goals": Entry("mentornet.cli.goals:goals_app", "Career goals, with target dates, the roles and mentors who help."),
    "agree": Entry("mentornet.cli.agree:app",
                   "Record what you and a mentor agreed: how often, how, who does what, when to review."),
    "review": Entry("mentornet.cli.review:app",
                    "Review a relationship: is it working, what is wrong, go on, adjust, redefine or close."),
    "sponsor": Entry("mentornet.cli.sponsor:app",
                     "Sponsorship: nominations, letters, introductions; thank them, tell them how it went."),
}


class LazyGroup(MentornetGroup):
    """The root: its commands come from CONTENTS, each built the first time it is asked for."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return [*CONTENTS, *(name for name in super().list_commands(ctx) if name not in CONTENTS)]

    def get_command(self, ctx: typer.Context, cmd_name: str):
        command = super().get_command(ctx, cmd_name)  # built already, or registered on the app directly
        if command is None and cmd_name in CONTENTS:
            command = self.commands[cmd_name] = _build(cmd_name, CONTENTS[cmd_name].where)
        return command

    def format_commands(self, ctx: typer.Context, formatter) -> None:
        """The list in `mentornet --help`, from the summaries: building each command would import them all."""
        standins = {name: TyperCommand(name, help=entry.summary) for name, entry in CONTENTS.items()}
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))  # as click's own list: three times its spacing
        rows = [(name, (self.commands.get(name) or standins[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: typer.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:
            # typer's "Did you mean" looks only at the commands built so far, here none
            message = getattr(error, "message", "")
            close = get_close_matches(args[0], self.list_commands(ctx)) if args and self.suggest_commands else []
            if close and "Did you mean" not in message:
                error.message = f"{message.rstrip('.')}. Did you mean {', '.join(map(repr, close))}?"
            raise


def _build(name: str, where: str):
    """The click command for one entry, converted as typer converts the commands registered on an app,
    with the root's settings (plain help, no Rich)."""
    module, _, attribute = where.partition(":")
    target = getattr(importlib.import_module(module), attribute)
    if isinstance(target, typer.Typer):
        return get_group_from_info(TyperInfo(target, name=name), pretty_exceptions_short=app.pretty_exceptions_short,
                                   rich_markup_mode=app.rich_markup_mode, suggest_commands=app.suggest_commands)
    return get_command_from_info(CommandInfo(name=name, callback=target),
                                 pretty_exceptions_short=app.pretty_exceptions_short,
                                 rich_markup_mode=app.rich_markup_mode)


app = typer.Typer(
    cls=LazyGroup,
    rich_markup_mode=None,  # plain help: Rich would cost more start-up than all of typer
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Build and tend your own mentoring network.",
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mentornet {__version__}\n")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", metavar="PATH", help="Database file, or a postgresql:// URL (or set MENTORNET_DB).")] = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version, help="Print the version.")] = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Long tables at a terminal straight to it, not through "
                                                           "the pager (or set MENTORNET_PAGER=cat).")] = False,
) -> None:
    """Build and tend your own mentoring network.

    Run `mentornet` alone for a dashboard: the gaps in your mosaic and what to do next.
    """
    ctx.obj = {"db": db}
    if no_pager:
        from mentornet.cli import _output

        _output.no_pager()
    if ctx.invoked_subcommand is None:
        from mentornet.cli.dashboard import dashboard

        dashboard(ctx)


def main() -> None:
    """The console script and `python -m mentornet`."""
    os.umask(0o077)  # every file mentornet or SQLite creates (journals, backups, exports) is the owner's only
    for stream in (sys.stdout, sys.stderr):  # a terminal that isn't UTF-8 gets escapes, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    if isinstance(sys.stdin, io.TextIOWrapper):  # bytes that aren't UTF-8 stop at the prompt that reads them,
        sys.stdin.reconfigure(encoding="utf-8", errors="strict")  # not later as text SQLite can't store
    try:
        app()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else EXIT_FAILED
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
    # Every connection and file is closed by now and only output is buffered: flush it and skip the
    # interpreter's teardown, which frees every module and object one by one (benchmarks/startup.md).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader left (`| head`): nothing more to say
        code = code or EXIT_FAILED
    os._exit(code)
