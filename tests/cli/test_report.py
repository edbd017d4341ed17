"""`report` and `export --format idp` on the demo network, without a browser."""

import html
import stat
from datetime import date

from tests.cli.conftest import HOSTILE_NAME, HOSTILE_NOTE, mentornet


def test_report_is_one_private_file_with_every_section(demo_db, tmp_path):
    target = tmp_path / "r.html"
    done = mentornet(demo_db, "report", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    page = target.read_text()
    assert len(page.encode()) < 1_000_000
    assert "default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;" in page  # the CSP, as an attribute
    assert "<script" not in page.lower()
    assert "http://" not in page.replace("http://www.w3.org/", "") and "https://" not in page
    for section in ('id="map"', 'id="gaps"', 'id="due"', 'id="timelines"', 'id="numbers"', 'id="goals"',
                    'id="health"', "Health signals", "no-agreement"):
        assert section in page
    assert html.escape(HOSTILE_NAME, quote=False) in page
    assert "<img src=x" not in page and "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")


def test_report_defaults_to_a_dated_file_here(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = mentornet(demo_db, "report")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "mentornet-report-2026-11-22.html"
    assert written.exists() and stat.S_IMODE(written.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.tmp"))


def test_report_refuses_to_overwrite_the_database(demo_db):
    done = mentornet(demo_db, "report", "--output", str(demo_db))
    assert done.returncode == 1 and "database" in done.stderr


def test_monthly_numbers_agree_with_stats(demo_db):
    from mentornet.services.database import reading
    from mentornet.services.picture import monthly_numbers, months_before
    from mentornet.services.stats import numbers

    as_of = date(2026, 11, 22)
    with reading(demo_db) as conn:
        months = months_before(as_of)
        assert [m.key for m in months][0] == "2025-12" and months[-1].key == "2026-11"
        for month, row in zip(months, monthly_numbers(conn, months, as_of), strict=True):
            expected = numbers(conn, month.first, min(month.last, as_of)).as_json()
            assert {k: row[k] for k in ("approaches", "people_replied", "first_meetings", "new_contacts")} == \
                   {k: expected[k] for k in ("approaches", "people_replied", "first_meetings", "new_contacts")}


def test_idp_has_each_section_and_escapes_user_text(demo_db, tmp_path):
    target = tmp_path / "idp.md"
    done = mentornet(demo_db, "export", "--format", "idp", "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = target.read_text()
    for heading in ("# Individual development plan, 2026-11-22", "## Self-assessment", "### Mission",
                    "### Strengths", "### Mentoring needs", "## Goals", "### Short term (1-5 years)",
                    "### Long term (5-10 years)", "## Mentoring team", "## Meetings, Dec 2025 to 2026-11-22",
                    "## Sponsorship", "## What is due next"):
        assert heading in text, heading
    assert "- **Clinical**: Dr. María Santos (cultivation)" in text
    assert "- 2026-10-11, Dr. James Whitfield: nomination for Resident Teaching Award (won on 2026-11-19)" in text
    assert "Lead a QI project \\<img src=x onerror=alert(2)\\>\\<b\\>bold\\</b\\> \\& \"quotes\"" in text
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<img" not in rendered and "<script" not in rendered and "<b>bold" not in rendered
    assert HOSTILE_NOTE.split(">")[0].replace("<", "&lt;") in rendered


def test_idp_of_an_empty_network(tmp_path):
    from mentornet.services.database import prepare

    prepare(tmp_path / "new.db")  # a read of a --db that doesn't exist is an error: made as a first write would
    done = mentornet(tmp_path / "new.db", "export", "--format", "idp")
    assert done.returncode == 0, done.stderr
    assert "No self-assessment yet" in done.stdout and "- _nothing is due_" in done.stdout
