"""`export` and `import`: take the whole network anywhere, bring contacts in from elsewhere.

Registered by the root app as `export` and `import`. Only typer and the standard library load
here; the formats, the store and Rich load inside the commands.
"""

import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._params import db_path, today

PROGRESS_ABOVE = 300  # rows: smaller imports finish before a bar would be worth drawing
_LISTED = 50  # lines of detail a dry run prints before "... and N more"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    vcard = "vcard"
    ics = "ics"
    idp = "idp"


class ImportFormat(StrEnum):
    json = "json"
    linkedin = "linkedin"
    vcard = "vcard"
    google_csv = "google-csv"
    outlook_csv = "outlook-csv"
    mentornet_csv = "mentornet-csv"


def export_command(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="json: everything, for backup and restore; csv: one row "
                                              "per contact; vcard: address books; ics: calendars; idp: a development plan (Markdown).")] = ExportFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="PATH", help="Write to this file "
                                                   "(owner-only, replaced atomically) instead of stdout.")] = None,
    excel: Annotated[bool, typer.Option("--excel", help="With --format csv: start with the UTF-8 byte-order mark "
                                        "Excel needs to show accented names.")] = False,
) -> None:
    """Export the network as JSON (all of it), CSV, vCard, ICS or a development plan (idp).

    Example: mentornet export --format vcard --output mentors.vcf
    """
    from mentornet.cli._db import reading
    from mentornet.errors import Refused
    from mentornet.paths import is_database_file

    if excel and fmt != ExportFormat.csv:
        raise typer.BadParameter("--excel is only for --format csv", param_hint="'--excel'")
    database = db_path(ctx)
    target = output.expanduser().resolve() if output is not None else None
    if target is not None and is_database_file(target, database):
        raise Refused(f"--output {output} is the database or one of its own files; choose another file")
    with reading(ctx, snapshot=True) as conn:  # a copy of this moment: writers don't wait for the export
        if fmt == ExportFormat.json:
            from mentornet.io import jsonfile

            text = jsonfile.export_text(conn)
        elif fmt == ExportFormat.csv:
            from mentornet.io import csvexport

            text = ("\ufeff" if excel else "") + csvexport.export(conn, today())
        elif fmt == ExportFormat.vcard:
            from mentornet.io import vcard

            text = vcard.export(conn)
        elif fmt == ExportFormat.idp:
            from mentornet.io import idp
            from mentornet.services.picture import gather

            text = idp.export(gather(conn, today(), with_charts=False), written_on=today())
        else:
            from mentornet.io import ics

            text = ics.export(conn, today(), database_id=ics.database_id(conn))
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        chunks = [text] if isinstance(text, str) else text  # the JSON export comes a row at a time
        if target is None:
            from mentornet.io.files import spooled

            # all of it or nothing on stdout: a failure half-way (a damaged page) prints no half
            with spooled(database.parent, (chunk.encode("utf-8") for chunk in chunks)) as whole:
                sys.stdout.flush()
                for block in iter(lambda: whole.read(1 << 16), b""):
                    sys.stdout.buffer.write(block)
            return
        from mentornet.io.files import write_atomic

        write_atomic(target, (chunk.encode("utf-8") for chunk in chunks))
    out.message(f"Exported {contacts} contact{'s' if contacts != 1 else ''} as {fmt} to {target}.")


def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A mentornet JSON or CSV export, LinkedIn "
                                         "Connections.csv, a .vcf file, a Google Contacts CSV or an Outlook or "
                                         "Thunderbird CSV.")],
    fmt: Annotated[ImportFormat | None, typer.Option("--format", help="The file's format (default: "
                                                        "detected from its content).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    report: Annotated[Path | None, typer.Option("--report", metavar="FILE", help="Write every line's outcome "
                                                "(line, name, outcome, detail) to this CSV file (owner-only).")] = None,
) -> None:
    """Import contacts (or a whole mentornet JSON export), matching people you already have.

    Contacts are matched by email, profile URL, then name: a match only gets its empty fields
    filled (a differing value is reported as a conflict), so importing the same file twice changes
    nothing. Rows that can't be a person (no name, a group card) are skipped and reported; a
    broken file stops the whole import and nothing is written.

    Example: mentornet import Connections.csv --dry-run
    """
    from mentornet.io.detect import detect
    from mentornet.io.files import read_text
    from mentornet.io.merge import SOURCE_LABELS

    source = file.name or str(file)
    report_path = _report_target(ctx, report) if report is not None else None
    text = read_text(file)
    kind = str(fmt) if fmt is not None else detect(text, source)
    if kind == "json":
        from mentornet.io import jsonfile

        with _no_cycles():
            payload = jsonfile.load(text, source)
        total = sum(len(rows) for rows in payload["tables"].values())
    else:
        from mentornet.io import google, linkedin, mentornetcsv, outlook, vcard

        parser = {"linkedin": linkedin.parse, "vcard": vcard.parse, "google-csv": google.parse,
                  "outlook-csv": outlook.parse, "mentornet-csv": mentornetcsv.parse}[kind]
        with _no_cycles(kind != "vcard"):  # vobject's parse may make cycles: collected as usual
            payload = parser(text, source)
        total = len(payload)
    with _progress(total, f"Importing {source}") as tick, _no_cycles():
        summary = _import(db_path(ctx), kind, payload, source, dry_run, tick)
    _report(summary, f"{source} ({SOURCE_LABELS.get(kind, kind)})", dry_run)
    if report_path is not None:
        from mentornet.io.files import write_atomic
        from mentornet.io.report import report_csv

        write_atomic(report_path, report_csv(summary).encode("utf-8"))
        out.message(f"Wrote the outcome of every line to {report_path}.")


def _report_target(ctx: typer.Context, report: Path) -> Path:
    """--report's file, checked before importing: a report that can't be written stops nothing half-way."""
    from mentornet.errors import Refused
    from mentornet.paths import is_database_file

    target = report.expanduser().resolve()
    if is_database_file(target, db_path(ctx)):
        raise Refused(f"--report {report} is the database or one of its own files; choose another file")
    if target.is_dir():
        raise Refused(f"--report {report} is a folder; give a file name")
    if not target.parent.is_dir():
        raise Refused(f"--report: the folder {target.parent} doesn't exist; create it or choose another file")
    return target


class _Rehearsed(Exception):
    """Raised inside the transaction of a dry run so it rolls back; carries what would have happened."""

    def __init__(self, summary):
        super().__init__("dry run")
        self.summary = summary


def _import(path: Path, kind: str, payload, source: str, dry_run: bool, tick):
    from mentornet.services.database import exists

    if dry_run and not exists(path):
        import tempfile

        # no database yet: rehearse on a scratch one, so a dry run creates nothing
        with tempfile.TemporaryDirectory(prefix="mentornet-dry-run-") as scratch:
            return _transaction(Path(scratch) / "dry-run.db", kind, payload, source, True, tick)
    return _transaction(path, kind, payload, source, dry_run, tick)


def _transaction(path: Path, kind: str, payload, source: str, dry_run: bool, tick):
    """The whole import in one transaction: committed when it all succeeds, rolled back otherwise.

    Everything slow that needs no lock happens first: creating or upgrading the file, loading the
    import code and the table definitions, the name keys of the contacts to match, so other
    writers wait only for the writing itself."""
    from mentornet.io import tables
    from mentornet.io.jsonfile import import_data
    from mentornet.io.merge import import_contacts
    from mentornet.services.database import prepare
    from mentornet.services.database import writing as unit_of_work

    tables.schema()
    prepare(path)
    if kind != "json":
        from mentornet.io.merge import prepare_matching
        from mentornet.services.database import reading

        with reading(path) as conn:
            prepare_matching(conn)
    try:
        with unit_of_work(path) as conn:
            if kind == "json":
                summary = import_data(conn, payload, source=source, progress=tick)
            else:
                summary = import_contacts(conn, payload, source=kind, today=today(), progress=tick)
            if dry_run:
                raise _Rehearsed(summary)
    except _Rehearsed as rehearsal:
        return rehearsal.summary
    return summary


@contextmanager
def _no_cycles(paused: bool = True):
    """The cyclic garbage collector paused while an import parses and writes: it makes hundreds of
    thousands of objects that live to its end (rows, dicts, candidates, entries) and no cycles, so
    each pass of the collector over them found nothing to free (4 passes, about 100 ms, in an import
    of 20,000 LinkedIn rows). Reference counting frees everything as before."""
    import gc

    if not paused or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def _progress(total: int, label: str):
    """A Rich progress bar on stderr, only on a terminal and only for imports that take a moment."""
    if total <= PROGRESS_ABOVE or not out.is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _report(summary, what: str, dry_run: bool) -> None:
    added, updated, skipped = len(summary.added), len(summary.updated), len(summary.skipped)
    records = ", ".join(f"{table} {n}" for table, n in summary.records.items())
    conflicts = getattr(summary, "conflicts", [])
    if dry_run:
        out.message(f"Dry run: importing {what} would add {added}, update {updated} and skip {skipped} "
                    f"contact{'s' if skipped != 1 else ''}" + (f", and add rows: {records}" if records else "")
                    + "; nothing was written.")
    else:
        out.message(f"Imported {what}: {added} added, {updated} updated, {skipped} skipped."
                    + (f" Rows added: {records}." if records else ""))
    for reason, count in sorted(summary.reasons.items(), key=_reason_order):
        if reason != "added":
            out.message(f"  {reason}: {count}")
    if conflicts:
        out.message(f"  conflicts (kept what you have): {len(conflicts)}")
    unusable = [f"  skip    {name}: {why}" if name else f"  skip    {why}" for name, why in summary.skipped
                if "already up to date" not in why and "the same person as line" not in why]
    kept_out = [f"  conflict {item.name}: line {item.line}: {_one_line(item.detail)}" for item in conflicts]
    if dry_run:  # what needs a look first: rows left out and values kept out, then the changes
        lines = (unusable + kept_out + [f"  add     {name}" for name in summary.added]
                 + [f"  update  {name}: {', '.join(fields)}" for name, fields in summary.updated])
    else:
        lines = [line.replace("  skip    ", "  skipped ", 1) for line in unusable] + kept_out
    for line in lines[:_LISTED]:
        out.message(line)
    if len(lines) > _LISTED:
        out.message(f"  ... and {len(lines) - _LISTED} more" + ("" if dry_run else "; --report FILE lists every line"))


def _reason_order(item):
    reason = item[0]
    return (0 if reason.startswith("merged") else 1 if reason.startswith("skipped") else 2, reason)


def _one_line(detail: str) -> str:
    """A conflict as one terminal line: a note's text stays in the --report file, never on screen."""
    if detail.startswith("notes:"):
        return "notes: kept yours; the file's differ (the --report file has them)"
    return " ".join(detail.split())
