"""`stats`: the numbers game, outreach against first meetings and mentors."""

from typing import Annotated

import typer

from mentornet.cli import _output as out
from mentornet.cli._db import reading
from mentornet.cli._params import JsonOption, today, when
from mentornet.errors import BadInput


def stats(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Start of the window (default 90 days ago).")] = None,
    json: JsonOption = False,
) -> None:
    """The numbers game: outreach, replies, first meetings and mentors, against rules of thumb."""
    from datetime import timedelta

    from mentornet.services.stats import numbers

    until = today()
    start = when(since, "--since") or until - timedelta(days=90)
    if start > until:
        raise BadInput(f"--since: {start} is after today; give a date in the past")
    with reading(ctx) as conn:
        result = numbers(conn, start, until)
    if json:
        out.emit_json(result.as_json())
        return
    r = result
    rate = f"{r.reply_rate:.0%}" if r.reply_rate is not None else "-"
    per = r.outreach_per_first_meeting
    lines = [
        f"From {start} to {until}:",
        f"  people approached     {r.people_approached} ({_n(r.approaches, 'approach')}, {_n(r.follow_ups, 'follow-up')})",
        f"  replied               {r.people_replied} (reply rate {rate}; {r.declined} declined)",
        f"  first meetings        {r.first_meetings} ({r.first_meetings_from_outreach} after outreach; {_n(r.meetings, 'meeting')} in all)",
        f"  outreach per meeting  {per if per is not None else '-'} ({r.outreach_verdict})",
        f"  new contacts          {r.new_contacts} ({r.new_contacts_per_week} a week, {r.new_contacts_verdict})",
        f"  newly committed       {r.newly_committed} (committed mentors now: {r.committed_now})",
    ]
    for line in lines:
        out.data_line(line)


def _n(count: int, noun: str) -> str:
    plural = noun + ("es" if noun.endswith("ch") else "s")
    return f"{count} {noun if count == 1 else plural}"
