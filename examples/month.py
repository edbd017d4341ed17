"""A month of mentoring: a dated walk-through, run through the real CLI, rendered for the README.

    python examples/month.py                 # print the walk-through as Markdown
    python examples/month.py --write-readme  # refresh the README section between its markers

The README's section is generated from this script, and tests/cli/test_month.py fails when they
differ, so the walk-through can't drift from what the commands really print.
"""

import argparse
import contextlib
import io
import os
import shlex
import sys
import tempfile
from pathlib import Path

from mentornet.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- month:start -->", "<!-- month:end -->"

# (day, what happened, commands); a command whose output the reader should see ends in "!"
MONTH = [
    ("2026-09-01", "You list the people you want to learn from and write to two of them.", [
        'add-contact "Dr. Ada Okafor" --role research --stage cultivation --institution "Mercy General" --seniority senior',
        'add-contact "Ben Liu" --role career --stage initiation --seniority near-peer',
        'add-contact "Priya Raman" --role research --title "QI Director"',
        'add-contact "Dr. Lena Fischer" --role clinical --institution "St. Luke\'s"',
        'outreach log "Priya Raman" --ask "20 minutes about a QI project?" --for-role research',
        'outreach log "Lena Fischer" --ask "Could I shadow your Thursday clinic?" --for-role clinical',
    ]),
    ("2026-09-08", "A week later, nobody has answered: both follow-ups are due today.", [
        "outreach due!",
        'outreach reply "Priya Raman" --note "happy to meet Thursday"',
        'outreach follow-up "Lena Fischer"',
    ]),
    ("2026-09-10", "You meet Priya.", [
        'meeting log "Priya Raman" --notes "Scope the QI project to one ward first" '
        '--action "send project outline by friday" --next "in 3 weeks"',
    ]),
    ("2026-09-11", "The next morning: a thank-you, and the outline you promised.", [
        "outreach due!",
        'meeting thanked "Priya Raman"',
    ]),
    ("2026-09-15", "Your research mentor, and a note to your career mentor.", [
        'meeting log "Ada Okafor" --notes "K award timeline; ask Dr. Chen about stats" '
        '--action "send aims page by friday" --referral "Mei Chen" --next "in 3 months"',
        'touch "Ben Liu" --via email --note "sent him my CV"',
    ]),
    ("2026-09-22", "Two weeks after the follow-up, Dr. Fischer still hasn't answered: let it go.", [
        "outreach due!",
        'outreach give-up "Lena Fischer"',
        "actions done 1",
    ]),
    ("2026-09-30", "Month's end: what is due now and in the coming week, and the numbers game.", [
        "outreach due --within 7d!",
        "stats --since 2026-09-01!",
        "gaps!",
    ]),
]


def _run(args: list[str], db: Path, day: str) -> tuple[int, str]:
    os.environ["MENTORNET_TODAY"] = day
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(io.StringIO()):
        try:
            app(args=["--db", str(db), *args], prog_name="mentornet")
            code = 0
        except SystemExit as exit_:
            code = exit_.code or 0
    return code, captured.getvalue()


def walkthrough() -> str:
    """Run the month in a fresh database and return it as Markdown."""
    saved = {key: os.environ.get(key) for key in ("MENTORNET_TODAY", "MENTORNET_TERMINAL", "COLUMNS")}
    os.environ["MENTORNET_TERMINAL"] = "0"
    parts = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "month.db"
            for day, story, commands in MONTH:
                parts.append(f"**{day}**: {story}\n")
                block = []
                for command in commands:
                    shown = command.endswith("!")
                    command = command.rstrip("!")
                    code, output = _run(shlex.split(command), db, day)
                    if code != 0:
                        raise SystemExit(f"{day}: `mentornet {command}` failed with exit code {code}")
                    block.append(f"$ mentornet {command}")
                    if shown:
                        block.extend(output.rstrip("\n").splitlines())
                parts.append("```\n" + "\n".join(block) + "\n```\n")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return "\n".join(parts)


def readme_section(text: str) -> str:
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    generated = walkthrough()
    if not args.write_readme:
        sys.stdout.write(generated)
        return
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    README.write_text(text[:start] + "\n" + generated.strip("\n") + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
