"""Issue 14, the terminal: at 80 columns nothing a person types or reads back is cut, text wraps at
words, and search shows its matches in bold. Run through a real pseudo-terminal of a set size
(MENTORNET_TERMINAL and COLUMNS unset), as a person sees it."""

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT
from tests.conftest import TODAY

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ROLE_KEY = "qi-methodology"
NOTE = ("Knows the biostatistics core; asked about the K award timeline, the specific aims page and "
        "who else reviews mock study sections.\n  Indented second line of the note, kept as typed, "
        "long enough to wrap at eighty columns.")


def in_terminal(db: Path, *args: str, columns: int = 80, typed: str = "") -> str:
    """What `mentornet ARGS` writes to a terminal `columns` wide (stdout and stderr, as a screen
    shows them: the pty's \r\n made \n), colours kept."""
    env = {k: v for k, v in os.environ.items() if k not in ("MENTORNET_TERMINAL", "COLUMNS", "LINES", "NO_COLOR")}
    env.update({"MENTORNET_DB": str(db), "MENTORNET_TODAY": TODAY.isoformat(), "TERM": "xterm-256color"})
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    child = subprocess.Popen([sys.executable, "-m", "mentornet", *args], stdin=slave, stdout=slave, stderr=slave,
                             env=env, start_new_session=True)
    os.close(slave)
    if typed:  # what the person types, waiting in the terminal's input queue
        os.write(master, typed.encode())
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child has gone and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    code = child.wait(timeout=120)
    os.close(master)
    text = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert code == 0, text
    return text


def plain(text: str) -> str:
    return ANSI.sub("", text)


def run(db: Path, *args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(db), *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
    assert done.returncode == 0, (args, done.stderr)


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    """The demo network, with a long role key, a goal, and a long multi-line note."""
    db = tmp_path_factory.mktemp("terminal") / "demo.db"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "demo.py"), "--db", str(db)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()})
    assert done.returncode == 0, done.stderr
    run(db, "roles", "add", ROLE_KEY, "--label", "Quality improvement methodology",
        "--description", "Run charts, PDSA cycles and the statistics of small samples", "--target", "1")
    run(db, "add-contact", "Dr. Bartholomew Featherstonehaugh", "--role", ROLE_KEY, "--role", "research",
        "--institution", "Royal Infirmary of Edinburgh", "--met-on", "2026-09-01", "--note", NOTE)
    run(db, "goals", "add", "Submit a K award application with a strong mentoring plan and letters", "--by",
        "2027-06-01", "--role", ROLE_KEY)
    return db


DATE_START = re.compile(r"(?<![\d-])20\d\d-[\d-]*")


def dates_whole(text: str) -> None:
    """Every date shown is whole: no `2026-09-…`, no date broken over two lines."""
    for found in DATE_START.findall(text):
        assert re.fullmatch(r"20\d\d-\d\d-\d\d", found), (found, text)


def lines_fit(text: str, columns: int) -> None:
    for line in plain(text).splitlines():
        assert len(line) <= columns, f"{len(line)} > {columns}: {line!r}"


def cells(text: str) -> list[str]:
    """Every cell's text on every line of a table, borders taken out."""
    found = []
    for line in plain(text).splitlines():
        found.extend(part.strip() for part in re.split(r"[│┃]|\s{2,}", line) if part.strip())
    return found


def test_contacts_list_keeps_ids_names_and_dates_whole_at_80_columns(network):
    shown = in_terminal(network, "contacts", "list")
    lines_fit(shown, 80)
    text = plain(shown)
    assert "…" not in text
    # a 33-character name can't sit on one line beside the rest at 80 columns: it wraps between words
    for whole in ("Bartholomew", "Featherstonehaugh", "Dr. James Whitfield", "Dr. María Santos", "cultivation",
                  "2026-09-20", ROLE_KEY):
        assert whole in text, whole
    dates_whole(text)
    ids = [line.split()[0] for line in text.splitlines()[3:] if line[:1].isdigit()]
    listed = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(network), "contacts", "list", "--json"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat()}).stdout
    assert sorted(map(int, ids)) == sorted(row["id"] for row in json.loads(listed)), text  # every row, its id whole


@pytest.mark.parametrize("args, wholes", [
    (("outreach", "list"), ["Dr. Kofi Mensah", "Dr. Hana Sato", "personal", "clinical"]),
    (("roles", "list"), [ROLE_KEY, "psychosocial", "education", "180d"]),
    (("meeting", "list"), ["Dr. James Whitfield", "2024-11-22", "Dr. María Santos"]),
    (("goals", "list"), ["2027-06-01", ROLE_KEY]),
    ((), ["Dr. James Whitfield", "2026-09-20", "Your mosaic on 2026-11-22"]),
    (("gaps",), [ROLE_KEY, "Dr. James Whitfield", "forming"]),
    # the relationship commands' words and dates: a sponsorship's kind and outcome, a review's
    (("sponsor", "list"), ["nomination", "2026-10-11", "expect", "thanked", "told"]),
    (("review", "list"), ["continue", "2026-11-01", "working"]),
    (("health",), ["my-actions-late", "going-cold", "2026-10-19"]),
    (("mentees",), ["i-mentor", "initiation", "2026-10-18"]),
])
def test_tables_cut_nothing_a_person_types_or_reads_at_80_columns(network, args, wholes):
    shown = in_terminal(network, *args)
    lines_fit(shown, 80)
    text = plain(shown)
    assert "…" not in text
    for whole in wholes:
        assert whole in text, (whole, text)
    dates_whole(text)


def test_a_table_is_its_usual_boxed_self_at_120_columns(network):
    text = plain(in_terminal(network, "contacts", "list", columns=120))
    lines_fit(text, 120)
    assert text.splitlines()[0].startswith("┏")
    assert "Dr. Bartholomew Featherstonehaugh" in text


def test_free_text_wraps_at_words_within_its_column(network):
    text = plain(in_terminal(network, "roles", "list"))
    row = text[text.index(ROLE_KEY):].split("\n")
    description = "Run charts, PDSA cycles and the statistics of small samples"
    tail = [re.split(r"\s{2,}|│", line.rstrip(" │"))[-1].strip() for line in row[:12]]
    kept = " ".join(piece for piece in tail if piece and piece in description)
    assert kept == description, (tail, text)  # wrapped between words: every word whole, in order


def test_text_under_tables_wraps_at_words_with_a_hanging_indent(network):
    text = plain(in_terminal(network, "gaps"))
    lines_fit(text, 80)
    warnings = text[text.index("Warnings:"):].splitlines()[1:]
    assert warnings[0].startswith("  [") and all(line.startswith("    ") for line in warnings[1:] if line
                                                  and not line.startswith("  ["))
    joined = " ".join(line.strip() for line in warnings)
    assert "All your committed mentors are at Mercy General; a mentor elsewhere gives an outside view" in joined


def test_dashboard_next_steps_wrap_at_words(network):
    text = plain(in_terminal(network))
    lines_fit(text, 80)
    steps = text[text.index("Next steps:"):].split("\n\n")[0].splitlines()[1:]
    assert any(line.startswith("    ") for line in steps), steps  # a long step went on under itself
    joined = " ".join(line.strip() for line in steps)
    assert re.search(r"`mentornet [^`]*education`", joined), joined  # the command to type, whole once unwrapped


def test_contact_notes_wrap_and_keep_their_indentation(network):
    text = plain(in_terminal(network, "contacts", "show", "Featherstonehaugh"))
    lines_fit(text, 80)
    first, *rest = text[text.index("  notes:"):].splitlines()
    later = [line for line in rest[:next(i for i, line in enumerate(rest) if not line.startswith(" "))]]
    notes = "\n".join([first, *later])
    assert first.startswith("  notes:        Knows the biostatistics core;")
    assert later and all(line.startswith(" " * 16) for line in later), notes
    assert any(line.startswith(" " * 16 + "  Indented second line") for line in later), notes
    assert "mock study sections." in notes  # the words are all there, none broken
    assert " ".join(notes.split()).endswith("long enough to wrap at eighty columns.")


def test_prep_wraps_at_words(network):
    text = plain(in_terminal(network, "prep", "Featherstonehaugh"))
    lines_fit(text, 80)
    assert "  roles:        research, qi-methodology" in text or "research, qi-methodology" in text, text
    joined = " ".join(text.split())
    assert "Ask who else you should talk to, especially for" in joined, text


def test_piped_text_is_not_wrapped(network):
    done = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(network), "gaps"], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "MENTORNET_TODAY": TODAY.isoformat(),
                                                       "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert any(len(line) > 80 and line.startswith("  [") for line in done.stdout.splitlines()), done.stdout


def test_search_finds_inside_words_and_shows_matches_bold(network):
    shown = in_terminal(network, "search", "statistics")
    assert "**" not in shown
    assert "\x1b[1mbiostatistics\x1b[0m" in shown, shown
    assert "Featherstonehaugh" in plain(shown)


def test_search_piped_and_json_carry_plain_text(network):
    env = {**os.environ, "MENTORNET_TODAY": TODAY.isoformat()}
    piped = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(network), "search", "statistics"],
                           capture_output=True, text=True, timeout=120, env=env)
    assert piped.returncode == 0, piped.stderr
    assert "biostatistics core" in piped.stdout and "**" not in piped.stdout
    done = subprocess.run([sys.executable, "-m", "mentornet", "--db", str(network), "search", "statistics", "--json"],
                          capture_output=True, text=True, timeout=120, env=env)
    import json

    hits = json.loads(done.stdout)
    hit = next(h for h in hits if h["contact"] == "Dr. Bartholomew Featherstonehaugh")
    assert "**" not in hit["snippet"]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["biostatistics"]


def test_assess_questions_wrap_at_words(tmp_path):
    db = tmp_path / "assess.db"
    run(db, "roles", "target", "peer", "0")  # a write: it makes the database
    text = plain(in_terminal(db, "assess", "--interview", typed="Teach well\n" + "\n" * 40))
    lines_fit(text, 80)
    assert "1. " in text and "e.g. " in text, text
    hint = next(line for line in text.splitlines() if line.startswith("   e.g. "))
    following = text.splitlines()[text.splitlines().index(hint) + 1]
    assert following.startswith("   ") and following.strip(), text  # the hint went on under itself
