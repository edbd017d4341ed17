"""Small helpers the CLI tests share: run a command and read its JSON."""

def add(cli, name: str, *options: str, on: str = "2026-09-01") -> int:
    """Add a contact as if on `on` (its added date), returning its id."""
    result = cli("add-contact", name, *options, env={"MENTORNET_TODAY": on})
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def meetings(ok, *contact: str) -> list[dict]:
    return ok("meeting", "list", *contact, "--json").json()


def actions(ok, *options: str) -> list[dict]:
    return ok("actions", "list", "--json", *options).json()


def contacts(ok) -> list[str]:
    return [c["name"] for c in ok("contacts", "list", "--json").json()]


def show(ok, ref: str) -> dict:
    return ok("contacts", "show", ref, "--json").json()


def meeting(id_, contact, on, **fields) -> dict:
    row = {"id": id_, "contact": contact, "on": on, "mode": None, "agenda": None, "notes": None, "rating": None,
           "next": None, "thanked_on": None, "referrals": []}
    row.update(fields)
    return row
