"""Import and export formats: one module per format, a shared merge for contacts.

Layering: the CLI (`cli/transfer.py`) reads the file and picks the format; these modules parse
text into records and write them through the store. They never print, exit or import typer/rich.
Format libraries (vobject, icalendar) are imported inside the functions that use them.
"""

from mentornet.errors import MentornetError


class ImportFailed(MentornetError):
    """A file that can't be imported: missing, not text, damaged, or a bad row (exit 1)."""
