"""`search` and the full-text index behind it (store/search.py, services/search.py).

The index is kept by triggers that note what changed and a catch-up that every write runs before
it commits; these tests write through the CLI (and, for writes made outside mentornet, raw SQL)
and check that what `search` finds is exactly what the rows say, ranking and accent folding
included; and that a changed or removed document leaves none of its words in the file (notes are
private). How the index is laid out (shards, segments, rowids) is left to store/search.py: its
cost is measured by benchmarks/, not pinned here.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest

from mentornet.services.database import CACHES
from mentornet.services.search import expression
from mentornet.store import migrations, pg_search, search
from mentornet.store.connection import apply_pragmas
from tests.checks import assert_error, open_database
from tests.reliability.test_privacy import WORD, WORD_TAIL, files_beside, holding

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def find(ok, *query: str) -> list[dict]:
    result = ok("search", *query, "--json")
    assert result.stderr == ""
    return result.json()


def who(ok, *query: str) -> list[tuple[str, str]]:
    return [(hit["contact"], hit["kind"]) for hit in find(ok, *query)]


def every_document(conn: sqlite3.Connection) -> list[tuple]:
    """Every document of every shard, with the shard it is in (on PostgreSQL, of its one table)."""
    if getattr(conn, "on_server", False):
        return [tuple(row) for row in conn.execute(
            "SELECT doc, kind, contact_id, on_date, name, body, 0 FROM search_document ORDER BY doc")]
    return conn.execute(" UNION ALL ".join(f"SELECT rowid, kind, contact_id, on_date, name, body, {shard} FROM {table}"
                                           for shard, table in enumerate(search.shards(conn))) + " ORDER BY rowid").fetchall()


def index_rows(db_path: Path) -> list[tuple]:
    conn = open_database(db_path)
    try:
        return every_document(conn)
    finally:
        conn.close()


def assert_in_step(db_path: Path) -> None:
    """The index holds exactly what a rebuild from the rows would: nothing stale, nothing missing."""
    kept = index_rows(db_path)
    conn = open_database(db_path, isolation_level=None)
    try:
        assert conn.execute("SELECT count(*) FROM search_pending").fetchone()[0] == 0
        conn.execute("BEGIN")
        (pg_search if getattr(conn, "on_server", False) else search).rebuild(conn)
        rebuilt = every_document(conn)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert kept == rebuilt


def test_every_source_is_searchable_with_its_contact_date_and_a_snippet(ok, db_path):
    ok("add-contact", "Dr. Ada Okafor", "--title", "Epidemiologist", "--institution", "Mercy General",
       "--specialty", "Cardiology", "--city", "Lagos", "--tag", "grant-writing", "--met-at", "poster session",
       "--note", "Prefers email")
    ok("add-contact", "Ben Liu")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--agenda", "aims page", "--notes", "Power calculation first")
    ok("touch", "Ben", "--on", "2026-10-02", "--note", "hallway chat about fellowship")
    ok("outreach", "log", "Ben", "--on", "2026-10-03", "--ask", "Coffee about the residency curriculum?")
    ok("outreach", "reply", "Ben", "--on", "2026-10-04", "--note", "Thursday works")
    for words, hit in [
        (("epidemiologist",), ("Dr. Ada Okafor", "contact", None)), (("mercy",), ("Dr. Ada Okafor", "contact", None)),
        (("cardiology",), ("Dr. Ada Okafor", "contact", None)), (("lagos",), ("Dr. Ada Okafor", "contact", None)),
        (("grant-writing",), ("Dr. Ada Okafor", "contact", None)), (("poster",), ("Dr. Ada Okafor", "contact", None)),
        (("prefers",), ("Dr. Ada Okafor", "contact", None)), (("aims",), ("Dr. Ada Okafor", "meeting", "2026-10-01")),
        (("power",), ("Dr. Ada Okafor", "meeting", "2026-10-01")), (("fellowship",), ("Ben Liu", "touch", "2026-10-02")),
        (("curriculum",), ("Ben Liu", "outreach", "2026-10-03")), (("thursday",), ("Ben Liu", "outreach", "2026-10-03")),
        (("liu",), ("Ben Liu", "contact", None)),
    ]:
        found = find(ok, *words)
        assert [(h["contact"], h["kind"], h["date"]) for h in found] == [hit], words
    assert find(ok, "power") == [{"contact": "Dr. Ada Okafor", "kind": "meeting", "date": "2026-10-01",
                                  "snippet": "aims page · Power calculation first", "highlights": [[12, 17]]}]
    assert_in_step(db_path)


def test_case_and_accents_fold_both_ways(ok):
    ok("add-contact", "Zoë Çelik", "--city", "İstanbul", "--note", "Café after the ward round")
    ok("add-contact", "Zoe Smith", "--note", "cafe regular")
    ok("add-contact", "Rene\u0301 Dubois")  # typed decomposed, stored composed
    assert sorted(who(ok, "zoe")) == [("Zoe Smith", "contact"), ("Zoë Çelik", "contact")]
    assert sorted(who(ok, "ZOË")) == [("Zoe Smith", "contact"), ("Zoë Çelik", "contact")]
    assert sorted(who(ok, "CAFÉ")) == [("Zoe Smith", "contact"), ("Zoë Çelik", "contact")]
    assert who(ok, "celik") == [("Zoë Çelik", "contact")]
    assert who(ok, "istanbul") == [("Zoë Çelik", "contact")]
    assert who(ok, "rene") == who(ok, "René") == who(ok, "Rene\u0301") == [("René Dubois", "contact")]


def test_every_word_must_appear_and_a_word_start_is_enough(ok):
    ok("add-contact", "Ada Okafor", "--note", "cardiology fellowship")
    ok("add-contact", "Ben Liu", "--note", "cardiology residency")
    assert sorted(who(ok, "cardio")) == [("Ada Okafor", "contact"), ("Ben Liu", "contact")]
    assert who(ok, "cardio", "fellow") == [("Ada Okafor", "contact")]
    assert who(ok, "cardiology fellowship") == [("Ada Okafor", "contact")]
    assert who(ok, "fellowship", "residency") == []


def test_names_first_then_contacts_newest_first_then_records_newest_first(ok):
    ok("add-contact", "Grant Adams", "--note", "grant writing too")  # the word in the name, and in a note
    ok("add-contact", "Ben Liu", "--note", "Helped with the grant budget and the grant narrative, a grant expert")
    ok("add-contact", "Cy Long", "--note", "Once mentioned a grant, in a very long note")
    assert who(ok, "grant") == [("Grant Adams", "contact"), ("Cy Long", "contact"), ("Ben Liu", "contact")]
    ok("meeting", "log", "Cy", "--on", "2026-10-01", "--notes", "grant grant grant")
    ok("touch", "Ben", "--on", "2026-10-05", "--note", "grant")
    ok("add-contact", "Dee Grantham")
    assert who(ok, "grant") == [("Dee Grantham", "contact"), ("Grant Adams", "contact"),  # names, the newest first
                                ("Cy Long", "contact"), ("Ben Liu", "contact"),
                                ("Ben Liu", "touch"), ("Cy Long", "meeting")]  # records by date, the newest first


def test_a_name_matching_any_word_comes_first(ok):
    ok("add-contact", "Ada Okafor", "--note", "grant aims")
    ok("add-contact", "Bo Bell", "--note", "ada grant")  # every word, none of them in the name
    assert who(ok, "grant ada") == [("Ada Okafor", "contact"), ("Bo Bell", "contact")]


def test_limit(ok):
    for i in range(5):
        ok("add-contact", f"Person {i}", "--note", "statistics")
    assert len(find(ok, "statistics", "--limit", "3")) == 3
    assert len(find(ok, "statistics")) == 5


def test_index_follows_edits(ok, db_path):
    ok("add-contact", "Ada Okafor", "--note", "secret rivalry", "--tag", "cardiology", "--title", "Fellow")
    assert who(ok, "rivalry") == [("Ada Okafor", "contact")]
    ok("contacts", "edit", "Ada", "--note", "talks about methods", "--name", "Ada Okafor-Smith",
       "--remove-tag", "cardiology", "--tag", "oncology", "--title", "")
    assert who(ok, "rivalry") == []
    assert who(ok, "cardiology") == []
    assert who(ok, "fellow") == []
    assert who(ok, "methods") == who(ok, "oncology") == who(ok, "smith") == [("Ada Okafor-Smith", "contact")]
    assert_in_step(db_path)


def test_index_follows_meetings_touches_outreach_and_their_edits(ok, db_path):
    ok("add-contact", "Ada Okafor")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--notes", "biostatistics plan")
    ok("meeting", "log", "Ada", "--on", "2026-10-02")  # no text: nothing to index
    ok("touch", "Ada", "--note", "sent the abstract")
    ok("outreach", "log", "Ada", "--ask", "review my abstract?")
    assert sorted(who(ok, "abstract")) == [("Ada Okafor", "outreach"), ("Ada Okafor", "touch")]
    conn = open_database(db_path)  # an edit made outside mentornet: the triggers still note it
    conn.execute("UPDATE meeting SET notes = 'sample size', on_date = '2026-09-30' WHERE id = 1")
    conn.execute("DELETE FROM touch")
    conn.commit()
    conn.close()
    assert who(ok, "biostatistics") == []  # caught up by `search` itself
    assert find(ok, "sample", "size")[0]["date"] == "2026-09-30"
    assert who(ok, "abstract") == [("Ada Okafor", "outreach")]
    assert_in_step(db_path)


def test_removing_a_contact_removes_every_record_of_theirs(ok, db_path):
    ok("add-contact", "Ada Okafor", "--note", "confidential", "--tag", "confidential")
    ok("add-contact", "Ben Liu", "--note", "confidential too")
    ok("meeting", "log", "Ada", "--notes", "confidential meeting")
    ok("touch", "Ada", "--note", "confidential touch")
    ok("outreach", "log", "Ada", "--ask", "confidential ask")
    assert len(find(ok, "confidential")) == 5
    ok("contacts", "remove", "Ada", "--yes")
    assert who(ok, "confidential") == [("Ben Liu", "contact")]
    assert [row[2] for row in index_rows(db_path)] == [2]
    assert_in_step(db_path)


def test_a_json_import_is_indexed(ok, tmp_path, db_path):
    ok("add-contact", "Ada Okafor", "--note", "imported words")
    ok("meeting", "log", "Ada", "--notes", "imported meeting")
    exported = tmp_path / "network.json"
    ok("export", "--output", str(exported))
    other = tmp_path / "other" / "mentornet.db"
    ok("--db", str(other), "import", str(exported))
    hits = ok("--db", str(other), "search", "imported", "--json").json()
    assert sorted(h["kind"] for h in hits) == ["contact", "meeting"]
    assert_in_step(other)


# --- keeping notes private: an edited or removed document leaves no word behind ---------------------


@pytest.mark.sqlite_file("reads the file's bytes for the old words")
def test_editing_a_note_purges_its_old_words_from_the_index_and_the_file(ok, db_path):
    ok("add-contact", "Ada Okafor", "--note", f"told me about the {WORD} feud")
    ok("meeting", "log", "Ada", "--notes", "aims page")  # the index holds more than the edited record
    ok("add-contact", "Ben Liu", "--note", "unrelated")
    assert who(ok, WORD) == [("Ada Okafor", "contact")]
    assert holding(files_beside(db_path), WORD_TAIL, folded=True)  # the check sees the word while it is there

    ok("contacts", "edit", "Ada", "--note", "talks about methods")

    assert who(ok, WORD) == [] and who(ok, "methods") == [("Ada Okafor", "contact")]
    assert who(ok, "aims") == [("Ada Okafor", "meeting")] and who(ok, "unrelated") == [("Ben Liu", "contact")]
    assert holding(files_beside(db_path), WORD_TAIL, folded=True) == [], "the old note's words are still in the file"
    assert_in_step(db_path)


@pytest.mark.sqlite_file("reads the file's bytes for the old words")
def test_a_rebuild_leaves_no_word_of_a_document_it_drops_in_the_file(ok, db_path):
    ok("add-contact", "Ada Okafor", "--note", "aims page")
    before = index_rows(db_path)
    conn = open_database(db_path, isolation_level=None)
    apply_pragmas(conn)
    for table in search.shards(conn):  # a stale document: a record gone without the triggers seeing it
        conn.execute(f"INSERT INTO {table} (rowid, kind, contact_id, body) VALUES (997, 'meeting', 1, 'the {WORD} feud')")
    assert holding(files_beside(db_path), WORD_TAIL, folded=True)
    conn.execute("BEGIN IMMEDIATE")
    search.rebuild(conn)
    conn.execute("COMMIT")
    conn.close()
    assert index_rows(db_path) == before
    assert holding(files_beside(db_path), WORD_TAIL, folded=True) == [], "the dropped document's words are in the file"


def test_a_record_whose_contact_changes_is_found_under_its_new_contact_only(ok, db_path):
    ok("add-contact", "Ada Okafor")
    ok("add-contact", "Ben Liu")
    ok("meeting", "log", "Ada", "--on", "2026-10-01", "--notes", "biostatistics plan")
    ok("outreach", "log", "Ada", "--ask", "review my biostatistics?")
    conn = open_database(db_path)  # outside mentornet: a meeting and an attempt move to Ben
    conn.execute("UPDATE meeting SET contact_id = 2")
    conn.execute("UPDATE outreach SET contact_id = 2")
    conn.commit()
    conn.close()
    assert sorted(who(ok, "biostatistics")) == [("Ben Liu", "meeting"), ("Ben Liu", "outreach")]
    assert_in_step(db_path)


def test_a_contact_that_a_users_own_sql_gave_a_negative_id_is_searchable(ok, db_path):
    ok("add-contact", "Ada Okafor")
    conn = open_database(db_path)
    conn.execute("""INSERT INTO contact (id, name, name_key, supervisor, direction, stage, paused, added_on, created_at)
                    SELECT -3, 'Neg Ative', 'neg ative', supervisor, direction, stage, paused, added_on, created_at
                    FROM contact WHERE id = 1""")
    conn.commit()
    conn.close()
    assert who(ok, "ative") == [("Neg Ative", "contact")]
    assert who(ok, "okafor") == [("Ada Okafor", "contact")]
    assert_in_step(db_path)


def test_records_show_the_newest_date_first_whatever_order_they_were_logged_in(ok):
    ok("add-contact", "Ada Okafor")
    ok("touch", "Ada", "--on", "2026-10-05", "--note", "grant aims")
    ok("touch", "Ada", "--on", "2026-10-01", "--note", "grant aims")  # logged later, happened earlier
    ok("meeting", "log", "Ada", "--on", "2026-10-03", "--notes", "grant aims")
    ok("outreach", "log", "Ada", "--on", "2026-10-05", "--ask", "grant aims")  # the same day as a touch
    ok("touch", "Ada", "--on", "2026-10-05", "--note", "grant again")  # the same day and kind, logged last
    assert [(hit["kind"], hit["date"], hit["snippet"]) for hit in find(ok, "grant")] == [
        ("touch", "2026-10-05", "grant again"), ("touch", "2026-10-05", "grant aims"),
        ("outreach", "2026-10-05", "grant aims"), ("meeting", "2026-10-03", "grant aims"),
        ("touch", "2026-10-01", "grant aims")]
    assert [hit["snippet"] for hit in find(ok, "grant", "--limit", "2")] == ["grant again", "grant aims"]


def test_the_limit_keeps_the_newest_matches_of_every_shard(ok):
    """Twenty contacts, so every shard of the index holds some, their touches logged in scrambled
    date order: `--limit 5` shows the five newest wherever they are, like the full list's first five."""
    for n in range(20):
        ok("add-contact", f"Person {n}", "--note", "grant" if n % 3 else "nothing")
        ok("touch", f"Person {n}", "--on", f"2026-09-{(n * 7) % 20 + 1:02d}", "--note", "grant")
    everything = find(ok, "grant")
    contacts = [hit for hit in everything if hit["kind"] == "contact"]
    touches = [hit for hit in everything if hit["kind"] == "touch"]
    assert everything == contacts + touches
    assert [hit["contact"] for hit in contacts] == [f"Person {n}" for n in reversed(range(20)) if n % 3]
    assert [hit["date"] for hit in touches] == sorted((f"2026-09-{day:02d}" for day in range(1, 21)), reverse=True)
    for limit in ("5", "16"):
        assert find(ok, "grant", "--limit", limit) == everything[:int(limit)]


@pytest.mark.parametrize("query", ['"', '""', "AND", "OR NOT", "NEAR(a b)", "*", "a*", "-x", "col:umn", "(", ")",
                                   "^start", "a + b", "'; DROP TABLE contact; --", "Zoë \"quoted\"", "\x00"])
def test_query_syntax_is_never_query_syntax(cli, ok, query):
    ok("add-contact", "Ada Okafor", "--note", "AND OR NOT near column start quoted a b x")
    result = cli("search", "--json", "--", query)  # after `--`, even `-x` is a word to find
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 2:
        assert_error(result, 2, "Error: nothing to search for")
    else:
        assert isinstance(result.json(), list)
    assert len(ok("contacts", "list", "--json").json()) == 1


def test_words_are_quoted_as_prefixes():
    assert expression('grant "R01" NEAR(') == '"grant"* """R01"""* "NEAR("*'
    assert expression("  zoë   -  ") == '"zoë"*'
    with pytest.raises(Exception, match="nothing to search for"):
        expression(" - * ")


def test_empty_results_and_bad_usage(cli, ok):
    nothing = ok("search", "anything")
    assert nothing.stdout == ""
    assert nothing.stderr == "Nothing matches 'anything'.\n"
    assert ok("search", "anything", "--json").stdout == "[]\n"
    for args in (("search",), ("search", "  "), ("search", "x", "--limit", "0")):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stdout == ""


def test_text_table(ok):
    ok("add-contact", "Dr. Lee [Cardiology]", "--note", "[bold]statistics[/bold] whiz")
    lines = ok("search", "statistics").stdout.splitlines()
    assert lines[0].split() == ["contact", "what", "date", "match"]
    assert lines[1].startswith("Dr. Lee [Cardiology]  contact  -")
    assert "[bold]statistics[/bold] whiz" in lines[1]  # piped: no highlight markers


def test_an_upgrade_builds_the_index_from_every_row(tmp_path):
    old = tmp_path / "mentornet.db"
    shutil.copyfile(FIXTURES / "schema-v2.db", old)
    migrations.prepare(old, CACHES)
    rows = index_rows(old)
    conn = sqlite3.connect(old)
    contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
    conn.close()
    assert [row for row in rows if row[1] == "contact"].__len__() == contacts
    assert any(row[4] == "Zoë Çelik" for row in rows)
    assert_in_step(old)


def test_the_fixture_of_schema_3_is_searchable(ok, tmp_path):
    db = tmp_path / "mentornet.db"
    shutil.copyfile(FIXTURES / "schema-v3.db", db)
    hits = ok("--db", str(db), "search", "resume", "--json").json()
    assert sorted((h["contact"], h["kind"]) for h in hits) == [("Dr. Ada Okafor", "contact"), ("Zoë Çelik", "meeting")]


# --- the layout: shards that double as the network grows, and a write that looks only at its own --


def shard_pages(db_path: Path) -> dict[str, list]:
    """Each shard's FTS5 segments, as stored."""
    conn = sqlite3.connect(db_path)
    try:
        return {table: conn.execute(f"SELECT id, block FROM {table}_data ORDER BY id").fetchall()
                for table in search.shards(conn)}
    finally:
        conn.close()


@pytest.mark.sqlite_file("FTS5's shards")
def test_the_shards_double_when_the_network_outgrows_them(ok, db_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_CONTACTS", 2)  # 16 shards hold 32 contacts
    for n in range(33):
        ok("add-contact", f"Person {n}", "--note", f"grant number{n}")
    assert len(shard_pages(db_path)) == 32 == search.wanted(33)
    assert len(find(ok, "grant", "--limit", "100")) == 33
    assert who(ok, "number32") == [("Person 32", "contact")]
    rows = index_rows(db_path)
    assert {(row[2], row[6]) for row in rows} == {(contact, contact % 32) for contact in range(1, 34)}
    assert_in_step(db_path)


@pytest.mark.sqlite_file("FTS5's shards and the file's bytes")
def test_an_edit_merges_only_its_contacts_shard_and_leaves_no_word(ok, db_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_CONTACTS", 2)
    for n in range(40):
        ok("add-contact", f"Person {n}", "--note", "grant aims")
    ok("meeting", "log", "Person 7", "--notes", f"the {WORD} feud")
    ok("meeting", "log", "Person 9", "--notes", "budget")
    before = shard_pages(db_path)
    assert len(before) == 32 and holding(files_beside(db_path), WORD_TAIL, folded=True)
    ok("contacts", "edit", "Person 7", "--note", "methods")  # contact 8: shard 8
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM meeting WHERE contact_id = 8")  # outside mentornet: the triggers note it
    conn.commit()
    conn.close()
    assert who(ok, WORD) == []  # caught up by `search`
    after = shard_pages(db_path)
    assert [table for table in before if before[table] != after[table]] == [search.table(8)]
    assert holding(files_beside(db_path), WORD_TAIL, folded=True) == [], "the old note's words are still in the file"
    assert who(ok, "budget") == [("Person 9", "meeting")]
    assert_in_step(db_path)


def test_wanted_shards_grow_by_doubling_and_stop():
    assert search.wanted(0) == search.wanted(search.BASE_SHARDS * search.SHARD_CONTACTS) == search.BASE_SHARDS
    assert search.wanted(search.BASE_SHARDS * search.SHARD_CONTACTS + 1) == 2 * search.BASE_SHARDS
    assert search.wanted(100_000) == 128
    assert search.wanted(10**9) == search.MAX_SHARDS



@pytest.mark.sqlite_file("FTS5's shards with foreign keys off")
def test_a_record_whose_contact_is_gone_is_indexed_by_a_rebuild_as_by_a_catch_up(ok, db_path):
    ok("add-contact", "Ada Okafor")
    ok("touch", "Ada", "--note", "orphaned words")
    conn = sqlite3.connect(db_path)  # foreign keys off: the touch's contact can be one that isn't there
    conn.execute("UPDATE touch SET contact_id = 99")
    conn.commit()
    conn.close()
    assert who(ok, "orphaned") == []  # indexed (under contact 99), shown under no contact
    assert [row[2] for row in index_rows(db_path) if row[1] == "touch"] == [99]
    assert_in_step(db_path)
