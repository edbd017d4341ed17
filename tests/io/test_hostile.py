"""Hostile files: whatever the content, an import succeeds or fails with one `Error:` line (exit 1)."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mentornet.cli import app
from tests.checks import assert_error
from tests.io.conftest import snapshot

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.sampled_from(["2026-02-30", "2026-11-22", "", "research"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _import(folder: Path, content: bytes, *args: str):
    db, path = folder / "db.sqlite", folder / "input"
    path.write_bytes(content)
    runner = CliRunner()
    seeded = runner.invoke(app, ["--db", str(db), "add-contact", "Ada Okafor", "--email", "ada@example.org"])
    assert seeded.exit_code == 0, seeded.stderr
    before = snapshot(db)
    done = runner.invoke(app, ["--db", str(db), "import", str(path), *args], catch_exceptions=False)
    assert done.exit_code in (0, 1), (done.exit_code, done.stderr)
    if done.exit_code == 1:
        assert_error(done, 1)
        assert done.stderr.count("\n") == 1, done.stderr
        assert snapshot(db) == before  # all or nothing
    return done


@SETTINGS
@given(table=st.sampled_from(["role", "contact", "contact_role", "meeting", "touch", "referral", "action_item"]),
       column=st.sampled_from(["id", "contact_id", "name", "on_date", "key", "notes", "supervisor", "role_key",
                               "meeting_id", "to_contact_id", "other"]),
       value=json_values, drop=st.booleans())
def test_a_json_export_with_any_value_changed(table, column, value, drop):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "source.db")
        for step in (["add-contact", "Mei Chen", "--role", "research"],
                     ["meeting", "log", "Mei Chen", "--on", "2026-11-01", "--action", "x", "--referral", "Kofi"],
                     ["touch", "Kofi", "--on", "2026-11-02"]):
            assert runner.invoke(app, ["--db", str(source), *step]).exit_code == 0
        data = json.loads(runner.invoke(app, ["--db", str(source), "export"]).stdout)
        rows = data["tables"][table]
        if rows:
            if drop:
                rows[0].pop(column, None)
            else:
                rows[0][column] = value
        _import(Path(folder), json.dumps(data).encode("utf-8"))


@SETTINGS
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode),
       fmt=st.sampled_from([[], ["--format", "json"], ["--format", "linkedin"], ["--format", "vcard"],
                            ["--format", "google-csv"]]))
def test_any_bytes_in_any_format(content, fmt):
    with tempfile.TemporaryDirectory() as folder:
        _import(Path(folder), content, *fmt)


@SETTINGS
@given(body=st.lists(st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=12), max_size=8),
                     max_size=5),
       fmt=st.sampled_from([("First Name,Last Name,URL,Email Address,Company,Position,Connected On", []),
                            ("First Name,Last Name,E-mail 1 - Value,Labels,Notes", []),
                            ("BEGIN:VCARD", ["--format", "vcard"])]))
def test_headers_we_know_with_rows_of_anything(body, fmt):
    import csv
    import io

    header, args = fmt
    out = io.StringIO()
    csv.writer(out).writerows(body)
    with tempfile.TemporaryDirectory() as folder:
        _import(Path(folder), (header + "\n" + out.getvalue()).encode("utf-8"), *args)
