"""Text that comes in on stdin (`meeting log --notes -`): UTF-8, or refused with one line.

Bytes that aren't UTF-8 are refused rather than kept with replacement characters: notes are meant
to last decades, and a `�` in place of every accented letter, stored for good, is a quiet loss
the person would find years later. Piped text still exists where it came from (convert it with
`iconv` and run the command again); text typed at a terminal exists nowhere else, so its bytes
are kept as they came in a file in the data folder (owner-only) that the error names.
"""

import sys

import typer

from mentornet.errors import BadInput


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data[: exc.start].count(b"\n") + 1
    column = exc.start - data.rfind(b"\n", 0, exc.start)
    return f"line {line}, byte {column}"


def read_text(ctx: typer.Context, kind: str, what: str, option: str) -> str:
    """All of stdin as text: UTF-8, a byte-order mark dropped. `kind` names a kept file
    (`meeting`), `what` the text ("your notes"), `option` where it came from (`--notes -`)."""
    stream = sys.stdin
    raw = getattr(stream, "buffer", None)
    if raw is None:  # a text stream only (an embedding that replaced stdin): already decoded
        text = stream.read()
        data = text.encode("utf-8", "surrogateescape")
    else:
        data = raw.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _where(data, exc)
    kept = ""
    if stream.isatty():
        from mentornet.cli._unsaved import keep

        try:
            kept = f"; {what} are kept as typed in {keep(ctx, kind, data)}"
        except OSError:
            pass
    raise BadInput(f"{option}: the text on stdin isn't UTF-8 ({where}); nothing was saved{kept}. Convert it first, "
                   f"like: iconv -f latin1 -t utf-8 notes.txt | mentornet ...")
