"""Property: any network exported to JSON and imported into an empty database comes back the same.

The network is built through the services (the code the commands run): contacts with Unicode
names and notes, the shipped roles and a custom one, every stage, outreach with follow-ups and
replies, meetings with notes, actions (some done), referrals, touches. The comparison is every
row of every table, ids, dates and creation instants included, so a shifted date, a dropped
column or a renumbered reference fails it.
"""

import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mentornet.cli import app
from mentornet.errors import MentornetError
from mentornet.text import clean
from mentornet.vocabulary import Channel, Direction, Locality, Seniority, Stage
from tests.io.conftest import snapshot

DEFAULT_ROLES = ["clinical", "research", "career", "personal", "sponsor", "peer"]
TODAY = date(2026, 11, 22)

days = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))
# any text a person might paste: accents, CJK, emoji, RTL, newlines and tabs; no NUL or lone surrogates
prose = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
names = st.text(st.characters(categories=("L", "M", "N", "Zs", "Pd", "Po")), min_size=1, max_size=24).filter(clean)
maybe = lambda strategy: st.none() | strategy  # noqa: E731


@st.composite
def networks(draw):
    custom = draw(st.from_regex(r"[a-z][a-z0-9-]{1,12}", fullmatch=True).filter(lambda k: k not in DEFAULT_ROLES))
    roles = DEFAULT_ROLES + [custom]
    people = []
    for _ in range(draw(st.integers(1, 5))):
        people.append({
            "name": draw(names),
            "email": draw(maybe(st.emails())),
            "roles": draw(st.lists(st.sampled_from(roles), max_size=3, unique=True)),
            "tags": draw(st.lists(names, max_size=2)),
            "stage": draw(st.sampled_from(list(Stage))),
            "seniority": draw(maybe(st.sampled_from(list(Seniority)))),
            "locality": draw(maybe(st.sampled_from(list(Locality)))),
            "direction": draw(maybe(st.sampled_from(list(Direction)))),
            "supervisor": draw(maybe(st.booleans())),
            "cadence": draw(maybe(st.integers(1, 400))),
            "met_on": draw(maybe(days)),
            "met_at": draw(maybe(prose)),
            "notes": draw(maybe(prose)),
            "paused": draw(st.booleans()),
            "added_on": draw(days),
            "referred_by": draw(maybe(st.integers(0, 4))),
        })
    event = st.one_of(
        st.tuples(st.just("approach"), days, maybe(prose), maybe(st.sampled_from(roles)), st.sampled_from(list(Channel))),
        st.tuples(st.just("follow-up"), days),
        st.tuples(st.just("reply"), days, st.booleans(), maybe(prose)),
        st.tuples(st.just("meeting"), days, maybe(prose), maybe(prose), maybe(st.integers(1, 5)), maybe(days),
                  st.lists(st.tuples(names, maybe(days)), max_size=2), st.lists(st.tuples(names, maybe(days)), max_size=2),
                  st.lists(st.integers(0, 4) | names, max_size=2), st.booleans()),
        st.tuples(st.just("touch"), days, maybe(prose), maybe(prose)),
        st.tuples(st.just("stage"), days, st.sampled_from(list(Stage)), maybe(prose)),
        st.tuples(st.just("done"), st.integers(1, 6), days),
    )
    who = st.integers(0, len(people) - 1)
    # every network has each kind of record at least once, then whatever else is drawn
    core = [
        (draw(who), ("approach", draw(days), draw(prose), draw(st.sampled_from(roles)), draw(st.sampled_from(list(Channel))))),
        (draw(who), ("meeting", draw(days), draw(prose), draw(maybe(prose)), draw(maybe(st.integers(1, 5))),
                     draw(maybe(days)), [(draw(names), draw(maybe(days)))], [(draw(names), draw(maybe(days)))],
                     [draw(names)], draw(st.booleans()))),
        (draw(who), ("touch", draw(days), draw(maybe(prose)), draw(prose))),
        (draw(who), ("done", 1, draw(days))),
    ]
    plan = core + draw(st.lists(st.tuples(who, event), max_size=12))
    return {"custom": (custom, draw(names), draw(maybe(prose))), "people": people, "plan": plan}


def build(db: Path, network: dict) -> None:
    """Record the network through the services, as the commands would."""
    from mentornet.services import actions, contacts, meetings, outreach, roles, touches
    from mentornet.services.database import writing

    with writing(db) as conn:
        key, label, description = network["custom"]
        roles.add_role(conn, key, label=label, description=description, target=2, cadence_days=45)
        ids = []
        for person in network["people"]:
            referrer = person["referred_by"]
            given = contacts.ContactFields(
                email=person["email"], seniority=person["seniority"], locality=person["locality"],
                supervisor=person["supervisor"], met_on=person["met_on"], met_at=person["met_at"],
                notes=person["notes"], direction=person["direction"], cadence_days=person["cadence"],
                referred_by=str(ids[referrer]) if referrer is not None and referrer < len(ids) else None,
            )
            ids.append(contacts.add_contact(
                conn, person["name"], given, today=person["added_on"], roles=person["roles"], tags=person["tags"],
                stage=person["stage"], paused=person["paused"], allow_duplicate=True))
        for who, step in network["plan"]:
            ref = str(ids[who])
            kind, on = step[0], step[1]
            try:
                if kind == "approach":
                    outreach.log_approach(conn, ref, on=on, ask=step[2], for_role=step[3], channel=step[4], force=True)
                elif kind == "follow-up":
                    outreach.follow_up(conn, ref, on=on, force=True)
                elif kind == "reply":
                    outreach.reply(conn, ref, on=on, declined=step[2], note=step[3])
                elif kind == "meeting":
                    referrals = [contacts.resolve(conn, str(ids[r]))["name"] if isinstance(r, int) and r < len(ids)
                                 else str(r) for r in step[8]]
                    record = meetings.MeetingRecord(
                        on=on, notes=step[2], agenda=step[3], rating=step[4], next_on=step[5],
                        my_actions=[(clean(t), d) for t, d in step[6]], their_actions=[(clean(t), d) for t, d in step[7]],
                        referrals=referrals, thanked=step[9])
                    meetings.log_meeting(conn, ref, record)
                elif kind == "touch":
                    touches.log_touch(conn, ref, on=on, via=step[2], note=step[3])
                elif kind == "stage":
                    contacts.set_stage(conn, ref, step[2], on=on, note=step[3])
                elif kind == "done":
                    actions.mark_done(conn, step[1], on=step[2])
            except MentornetError:
                pass  # a step the rules refuse (a reply with nothing pending...): the network goes on without it


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(network=networks())
def test_export_then_import_into_an_empty_database_gives_back_every_row(network):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        source, target, path = Path(folder, "source.db"), Path(folder, "target.db"), Path(folder, "network.json")
        build(source, network)

        exported = runner.invoke(app, ["--db", str(source), "export", "--output", str(path)], catch_exceptions=False)
        assert exported.exit_code == 0, exported.stderr
        imported = runner.invoke(app, ["--db", str(target), "import", str(path)], catch_exceptions=False)
        assert imported.exit_code == 0, imported.stderr

        original = snapshot(source)
        assert snapshot(target) == original
        assert original["contact"] and original["role"]
        again = runner.invoke(app, ["--db", str(target), "export"], catch_exceptions=False)
        first, second = json.loads(path.read_text()), json.loads(again.stdout)
        assert first["tables"] == second["tables"]
        for meeting in first["tables"]["meeting"]:  # dates are ISO calendar dates, nothing else
            assert date.fromisoformat(meeting["on_date"]).isoformat() == meeting["on_date"]
