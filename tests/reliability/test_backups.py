"""Backups and restores lose nothing: written aside and renamed, never over a device or a folder,
pruned to the newest few, and a restore holds the write lock from its safety copy to the swap."""

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from mentornet.services.database import CACHES, writing
from mentornet.store import backup as store_backup
from mentornet.store import connection as store_connection
from tests.checks import assert_error

pytestmark = [pytest.mark.reliability, pytest.mark.sqlite_file("backups as copies of the file (test_pg checks backup as the JSON export)")]


def contacts(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return sorted(row[0] for row in conn.execute("SELECT name FROM contact"))
    finally:
        conn.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_backup_to_a_device_is_refused_and_the_device_is_untouched(ok, cli, tmp_path):
    ok("add-contact", "Ada Okafor")
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a copy of /dev/null, in a temp folder

    for command in (("backup", str(device)), ("export", "--output", str(device))):
        assert_error(cli(*command), 1, "not a regular file")
        assert stat.S_ISCHR(device.lstat().st_mode), command
    assert not list(tmp_path.glob("*journal*"))


@pytest.mark.parametrize("kind", ["fifo", "folder", "full file"])
def test_backup_never_replaces_what_is_not_a_new_path_or_an_empty_file(ok, cli, tmp_path, kind):
    ok("add-contact", "Ada Okafor")
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    else:
        target.write_text("my thesis")

    assert_error(cli("backup", str(target)), 1)

    assert (stat.S_ISFIFO(target.lstat().st_mode) if kind == "fifo" else target.is_dir() if kind == "folder"
            else target.read_text() == "my thesis")
    assert not [p for p in tmp_path.iterdir() if p != target and p.name != "data"]  # no journal, no partial


def test_a_copy_that_fails_leaves_nothing_under_its_name(ok, db_path, tmp_path, monkeypatch):
    ok("add-contact", "Ada Okafor")
    target = tmp_path / "out" / "copy.db"

    def dies_half_way(source, partial):
        partial.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # what a kill mid-copy leaves
        raise store_backup.StoreError("killed")

    monkeypatch.setattr(store_backup, "_vacuum_into", dies_half_way)
    with pytest.raises(store_backup.StoreError):
        store_backup.copy_database(db_path, target)

    assert list(target.parent.iterdir()) == []


def test_a_partial_copy_left_by_a_killed_process_is_removed_by_the_next_backup(ok, db_path):
    ok("add-contact", "Ada Okafor")
    backups = db_path.parent / "backups"
    backups.mkdir()
    dead = backups / f".mentornet-backup-x.db{store_backup.PARTIAL}999999999"
    dead.write_bytes(b"half a copy")

    ok("backup")

    assert not dead.exists()


def test_backups_are_pruned_to_the_newest_n(ok, db_path):
    ok("add-contact", "Ada Okafor")
    made = [ok("backup", "--keep", "3").stdout.strip() for _ in range(5)]

    left = sorted(str(p) for p in (db_path.parent / "backups").glob("*-backup-*.db"))

    assert left == sorted(made[-3:])
    for path in left:
        assert store_backup.copy_problem(Path(path)) is None


def test_an_empty_database_file_made_by_someone_else_becomes_private(ok, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.touch(mode=0o644)
    os.chmod(db_path, 0o644)

    ok("add-contact", "Ada Okafor")

    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_restore_holds_the_write_lock_from_its_safety_copy_to_the_swap(ok, cli, db_path, tmp_path, monkeypatch):
    """A write that commits is in the copy saved before the restore; the safety copy is taken with
    the lock held, so no write can slip in between it and the swap."""
    ok("add-contact", "Ada Okafor")
    backup = Path(ok("backup").stdout.strip())
    ok("add-contact", "Ben Liu")  # after the backup: only in the live file
    seen = {}
    real_copy = store_backup.copy_database

    def copy_and_try_to_write(source, destination):
        if "before-restore" in destination.name:  # a writer arrives just as the safety copy is made
            other = sqlite3.connect(db_path, timeout=0.1)
            try:
                other.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                seen["writer"] = str(exc)
            finally:
                other.close()
        return real_copy(source, destination)

    monkeypatch.setattr(store_backup, "copy_database", copy_and_try_to_write)
    done = cli("restore", str(backup), "--yes")

    assert done.exit_code == 0, done.stderr
    assert "locked" in seen["writer"]
    saved = next((db_path.parent / "backups").glob("*before-restore*"))
    assert contacts(saved) == ["Ada Okafor", "Ben Liu"]
    assert contacts(db_path) == ["Ada Okafor"]


def test_a_write_that_waited_through_a_restore_lands_in_the_restored_file(ok, db_path, monkeypatch):
    ok("add-contact", "Ada Okafor")
    backup = Path(ok("backup").stdout.strip())
    ok("add-contact", "Ben Liu")
    real_open = store_connection.open_current
    swapped = []

    def open_then_restore_completes(path, caches):
        conn = real_open(path, caches)
        if not swapped:  # as if a restore replaced the file while this writer waited for the lock
            swapped.append(True)
            replacement = path.with_name("replacement.db")
            replacement.write_bytes(backup.read_bytes())
            os.replace(replacement, path)
        return conn

    monkeypatch.setattr(store_connection, "open_current", open_then_restore_completes)
    with writing(db_path) as conn:
        conn.execute("INSERT INTO role (key, label, family, target, position) VALUES ('x', 'X', 'career', 0, 9)")

    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM role WHERE key = 'x'").fetchone()[0] == 1  # not in the unlinked file
    conn.close()
    assert contacts(db_path) == ["Ada Okafor"]


def test_restore_of_a_json_export_says_to_import_it(ok, cli, tmp_path):
    ok("add-contact", "Ada Okafor")
    export = tmp_path / "network.json"
    ok("export", "--output", str(export))

    assert_error(cli("restore", str(export), "--yes"), 1, "mentornet import")
    assert CACHES  # the database was left alone: still one contact
    assert len(ok("contacts", "list", "--json").json()) == 1
