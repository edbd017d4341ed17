"""Your own mentees (issue 17; Carey & Weissman: physicians at every level have something to give
juniors and peers): the people you mentor (`i-mentor`) and mentor each other with (`mutual`).

`mentees` lists them with their last contact, the goals you help them with (goals linked to them:
`goals add --mentor`), and what you owe them (their due items: check-ins, agreed meetings, your
actions). The due rules give them none of the items of finding a mentor (services/due.py), and the
mosaic counts only people who mentor you (services/mosaic.py; `mutual` mentors you too).
"""

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import date

from mentornet.services.cadence import CADENCE_SQL
from mentornet.services.due import LET_GO, DueItem, items_of
from mentornet.services.last_contact import LAST_CONTACT_SQL
from mentornet.vocabulary import Direction, sql_list

MENTEE_DIRECTIONS = (Direction.i_mentor, Direction.mutual)
# Everyone you mentor, but for relationships let go (ended, or never begun)
_MENTEES = (f"SELECT c.id FROM contact c WHERE c.direction IN {sql_list(MENTEE_DIRECTIONS)} "
            f"AND c.stage NOT IN {sql_list(LET_GO)}")


@dataclass(frozen=True)
class MenteeGoal:
    id: int
    text: str
    by: date | None

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.text, "by": self.by}


@dataclass(frozen=True)
class Mentee:
    contact_id: int
    contact: str
    direction: str
    stage: str
    paused: bool
    last_contact: date
    cadence_days: int | None
    check_in: date | None  # when the next check-in falls due (none without a cadence, or paused)
    goals: list[MenteeGoal] = field(default_factory=list)
    owed: list[DueItem] = field(default_factory=list)  # their items due now

    def as_json(self, as_of: date) -> dict:
        return {"contact": self.contact, "contact_id": self.contact_id, "direction": self.direction,
                "stage": self.stage, "paused": self.paused, "last_contact": self.last_contact,
                "cadence_days": self.cadence_days, "check_in": self.check_in,
                "goals": [goal.as_json() for goal in self.goals], "owed": [item.as_json(as_of) for item in self.owed]}


def mentees(conn: sqlite3.Connection, as_of: date) -> list[Mentee]:
    """The people you mentor, by name, with what you owe them as of `as_of`."""
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        f"""SELECT c.id, c.name, c.direction, c.stage, c.paused, {LAST_CONTACT_SQL}, {CADENCE_SQL},
                   (SELECT json_group_array(json_array(g.id, g.text, g.target_on)) FROM
                      (SELECT g.id, g.text, g.target_on FROM goal_mentor gm JOIN goal g ON g.id = gm.goal_id
                        WHERE gm.contact_id = c.id AND g.done_on IS NULL
                        ORDER BY g.target_on IS NULL, g.target_on, g.id) g)
            FROM contact c WHERE c.id IN ({_MENTEES}) ORDER BY c.name_key, c.id""").fetchall()
    every = items_of(conn, as_of, _MENTEES)
    check_ins = {item.contact_id: item.due for item in every if item.kind == "check-in"}
    owed: dict[int, list[DueItem]] = {}
    for item in every:
        if item.due <= as_of:
            owed.setdefault(item.contact_id or 0, []).append(item)
    return [Mentee(id_, name, direction, stage, bool(paused), date.fromisoformat(last), cadence, check_ins.get(id_),
                   [MenteeGoal(goal_id, text, date.fromisoformat(by) if by else None)
                    for goal_id, text, by in json.loads(goals)],
                   owed.get(id_, []))
            for id_, name, direction, stage, paused, last, cadence, goals in found]
