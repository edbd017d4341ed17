"""`touch`: any other contact, by email, phone or in passing."""



from tests.checks import assert_error
from tests.cli.helpers import add, show

MEETING_KEYS = ["id", "contact", "on", "mode", "agenda", "notes", "rating", "next", "thanked_on", "referrals"]
ACTION_KEYS = ["id", "contact", "contact_id", "text", "owner", "due", "done_on"]



# --- touch ---------------------------------------------------------------------------------------------

def test_touch_is_recorded(cli, ok):
    add(cli, "Ada Okafor")
    result = cli("touch", "Ada", "--on", "2026-11-15", "--via", "hallway", "--note", "quick chat at grand rounds")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Touch recorded on 2026-11-15.\n"
    ada = show(ok, "Ada")
    assert ada["last_contact"] == "2026-11-15"
    assert ada["timeline"][-1] == {"date": "2026-11-15", "kind": "touch",
                                   "summary": "touch by hallway: quick chat at grand rounds"}
    assert ada["stage"] == "prospect"  # a touch is not a meeting


def test_touch_unknown_contact_or_bad_date_fails(cli, ok):
    add(cli, "Ada Okafor")
    assert_error(cli("touch", "Nobody Atall"), 1, "Nobody Atall")
    assert_error(cli("touch", "Ada", "--on", "whenever"), 2, "--on")
    assert show(ok, "Ada")["timeline"] == [{"date": "2026-09-01", "kind": "stage", "summary": "added as prospect"}]
