"""The root command: global options, the table of contents, and the one place errors are shown.

Only typer and the standard library are imported here; each command imports what it needs.
"""

import copy
import errno
import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from mentornet import __version__
from mentornet.errors import EXIT_FAILED, EXIT_USAGE, MentornetError


class MentornetGroup(TyperGroup):
    """Turns every expected failure into one or two lines on stderr and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        for position, arg in enumerate(sys.argv[1:] if args is None else args, 1):
            try:
                str(arg).encode("utf-8")
            except UnicodeEncodeError:  # bytes from a non-UTF-8 terminal: SQLite can't store them
                _fail(f"argument {position} isn't valid UTF-8; set your terminal to UTF-8 and try again", EXIT_USAGE)
        try:
            result = super().main(args=args, prog_name=prog_name or "mentornet", complete_var=complete_var,
                                  standalone_mode=False, **extra)
        except MentornetError as exc:
            _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:  # usage errors: unknown option, bad choice, missing argument
            context = getattr(exc, "ctx", None)
            hint = f"\nTry '{context.command_path} --help'." if context is not None else ""
            _fail(exc.format_message() + hint, exc.exit_code)
        except typer.Exit as exc:
            sys.exit(exc.exit_code)
        except typer.Abort:
            _fail("aborted", EXIT_FAILED)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `mentornet contacts list | head`: the reader left early
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so exit's flush is quiet
                sys.exit(EXIT_FAILED)
            _unexpected(exc)
        except Exception as exc:  # a bug: say so in one line, without locals or note text
            _unexpected(exc)
        sys.exit(result if isinstance(result, int) else 0)


def _unexpected(exc: Exception) -> None:
    if os.environ.get("MENTORNET_DEBUG"):
        raise exc
    sqlite3 = sys.modules.get("sqlite3")
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        from mentornet.store.connection import outside_problem

        problem = outside_problem(exc)  # still locked after the 10 s busy timeout, read-only, disk full
        if problem:
            _fail(problem, EXIT_FAILED)
    if sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError):
        _fail(f"the database can't be read ({exc}); nothing was changed. Run `mentornet doctor`", EXIT_FAILED)
    _fail(f"unexpected {type(exc).__name__}; nothing was changed. Run again with MENTORNET_DEBUG=1 for details "
          "and report it", EXIT_FAILED)


def _fail(text: str, code: int) -> None:
    sys.stdout.flush()
    sys.stderr.write(f"Error: {text}\n")
    sys.exit(code)


app = typer.Typer(
    cls=MentornetGroup,
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
    db: Annotated[str | None, typer.Option("--db", metavar="PATH", help="Database file (or set MENTORNET_DB).")] = None,
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_version, help="Print the version.")] = False,
) -> None:
    """Build and tend your own mentoring network.

    Run `mentornet` alone for a dashboard: the gaps in your mosaic and what to do next.
    """
    os.umask(0o077)  # every file we create is the owner's only
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        from mentornet.cli.reports import dashboard

        dashboard(ctx)


from mentornet.cli import contacts, meetings, outreach, reports, roles, store, transfer  # noqa: E402  (the table of contents)

app.command("add-contact")(contacts.add_contact)
app.add_typer(contacts.app, name="contacts")
app.add_typer(roles.app, name="roles")
app.command("gaps")(reports.gaps)
app.add_typer(outreach.app, name="outreach")
app.command("stats")(outreach.stats)
app.add_typer(meetings.app, name="meeting")
app.command("touch")(meetings.touch)
app.add_typer(meetings.actions_app, name="actions")
app.command("backup")(store.backup)
app.command("restore")(store.restore)
app.command("doctor")(store.doctor)
app.command("export")(transfer.export_command)
app.command("import")(transfer.import_command)

from mentornet.cli import goals, prep  # noqa: E402  (self-assessment, goals, preparation, search)

app.add_typer(goals.assess_app, name="assess")
app.add_typer(goals.goals_app, name="goals")
app.command("prep")(prep.prep)
app.command("search")(prep.search)


def invoked_name(args: list[str]) -> str | None:
    """The command or group a command line runs (`contacts` in `--db x contacts list`); None when
    it names none we know, or when a root option like --help or --version comes first."""
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--db":
            position += 2
        elif arg.startswith("--db="):
            position += 1
        elif arg.startswith("-"):
            return None
        else:
            names = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
            return arg if arg in names else None
    return None


def only(name: str) -> typer.Typer:
    """The app with just the command or group `name`. Typer turns every registered command into a
    click command before it runs one: about 8 ms for all of ours, 2.5 for the `contacts` group."""
    pruned = copy.copy(app)
    pruned.registered_commands = [c for c in app.registered_commands if c.name == name]
    pruned.registered_groups = [g for g in app.registered_groups if g.name == name]
    return pruned


def main() -> None:
    """The console script: the whole app for the root's help, version and shell completion, else
    only the command the line names."""
    name = None if "_MENTORNET_COMPLETE" in os.environ else invoked_name(sys.argv[1:])
    (only(name) if name else app)()
