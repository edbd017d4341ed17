"""Expected failures, each carrying the exit code cli.md promises for it.

Services raise these; the CLI turns them into one stderr line in one place.
"""

EXIT_FAILED = 1  # the request can't be met
EXIT_USAGE = 2  # bad usage: unknown option, bad date, unknown role, bad number


class MentornetError(Exception):
    """A failure the user can act on; the message says what went wrong and the fix, on one line."""

    exit_code = EXIT_FAILED

    def __str__(self) -> str:
        from mentornet.text import one_line

        return one_line(super().__str__())


class NotFound(MentornetError):
    pass


class Ambiguous(MentornetError):
    pass


class Duplicate(MentornetError):
    pass


class Refused(MentornetError):
    """The request is understood but the tool won't do it without confirmation."""


class StoreError(MentornetError):
    """The database can't be opened, isn't ours, or is newer than this version."""


class BadInput(MentornetError):
    """A value that doesn't parse or isn't known: a date, a duration, a role, a stage."""

    exit_code = EXIT_USAGE
