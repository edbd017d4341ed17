"""The first and last days of the calendar, as --as-of, give an answer or one clear error, never a
bug: date arithmetic near them overflows in Python (found by the hostile-input run)."""

import pytest

from tests.checks import assert_error


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-05", "9999-12-31"])
@pytest.mark.parametrize("args", [["outreach", "due"], ["gaps"], ["report", "--output", "{tmp}/r.html"],
                                  ["map"], ["prep", "Ada"]])
def test_the_ends_of_the_calendar(cli, ok, tmp_path, day, args):
    ok("add-contact", "Ada Okafor", "--role", "research", "--stage", "cultivation")
    ok("meeting", "log", "Ada", "--notes", "aims", "--next", "in 2 weeks")
    done = cli(*[arg.format(tmp=tmp_path) for arg in args], "--as-of", day)
    if done.exit_code:
        assert_error(done, (1, 2))
