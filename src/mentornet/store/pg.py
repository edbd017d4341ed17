"""PostgreSQL as a second store (issue 19, prototype): a connection that the services use as they
use an sqlite3 one.

The boundary is one class, `PgConnection`, with the part of sqlite3's connection and cursor the
code uses (`execute`, `executemany`, `cursor`, `commit`, `rollback`, `in_transaction`,
`row_factory`, `lastrowid`, `rowcount`), over psycopg 3, which is imported only here, when a
postgresql:// URL is opened. Three things keep each rule defined once, in the SQL the services
already hold:

- **The same values.** Tables are compiled from the SQLModel classes (the schema of record) with
  the representation the SQLite file has: calendar dates as ISO text, booleans as 0/1, text in
  the "C" collation (SQLite's BINARY order). So a date compares, sorts and round-trips as on
  SQLite, and what a query returns is what the sqlite3 module would return (booleans that PostgreSQL
  computes come back as 0/1, numerics as floats).
- **SQLite's functions, defined in PostgreSQL** (`COMPAT`): `date(text, text)` for '+N days',
  scalar `max`/`min` with SQLite's NULL rule (any NULL argument: NULL), `group_concat`,
  `json_group_array`, `instr`, `nocase` (SQLite's NOCASE: ASCII letters folded, then bytes).
- **A small, mechanical translation of the statement text** (`translate`, cached): `?` and
  `:name` parameters, `INSERT OR IGNORE` as `ON CONFLICT DO NOTHING`, `x COLLATE NOCASE` as
  `nocase(x)`, `IS NOT ?` as `IS DISTINCT FROM`, the SQLite-only hint `INDEXED BY` dropped, and
  a cache queue's `IN (SELECT key FROM x_pending)` as an array (the planner can't count a queue).
  Anything else SQLite-specific is an error here, not a silent difference.

Transactions: the connection is in autocommit mode, like the sqlite3 ones (isolation_level=None);
`BEGIN IMMEDIATE` becomes BEGIN plus a transaction-scoped advisory lock (one per schema), so
writers queue one behind the other as on SQLite, and readers never wait (MVCC).
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mentornet.errors import StoreError
from mentornet.paths import masked

META_TABLE = "mentornet_meta"  # application and schema version: PostgreSQL has no user_version
APPLICATION = "mentornet"
WRITE_LOCK = 0x4D4E4554  # pg_advisory_xact_lock key: "MNET", as the SQLite header's application_id
# BEGIN IMMEDIATE's, and a writer's opening's: one lock per schema, where mentornet's tables are, so
# networks kept in schemas of one database don't queue behind each other
TAKE_WRITE_LOCK = f"SELECT pg_advisory_xact_lock({WRITE_LOCK}, hashtext(current_schema()))"
LOCK_TIMEOUT_MS = 10_000  # as SQLite's busy_timeout
SERVER_FUNCTIONS = frozenset({"fold"})  # what services give SQLite with create_function, defined in COMPAT


# --- SQLite's functions, in PostgreSQL: the compatibility layer every mentornet database gets ---

def _aggregate(name: str, arguments: int, definition: str) -> str:
    """CREATE AGGREGATE, unless the current schema has it (there is no CREATE OR REPLACE AGGREGATE
    before PostgreSQL 16, and a DROP ... IF EXISTS would find another schema's on the search path)."""
    return f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE p.proname = '{name}' AND p.pronargs = {arguments} AND n.nspname = current_schema()) THEN
        CREATE AGGREGATE {definition};
      END IF; END $$"""


_ASCII_UPPER, _ASCII_LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"

COMPAT = [
    # date(day, '+N days'|'+N months'|'+N years'), SQLite's way: a month or year moves that field
    # and keeps the day of the month, overflowing into the next month (2024-02-29 + 1 year is
    # 2025-03-01, where PostgreSQL's interval would say 02-28); NULL outside years 1-9999
    r"""CREATE OR REPLACE FUNCTION date(day text, modifier text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT
       PARALLEL SAFE AS $$
       DECLARE parts text[]; base date; moved date; months int;
       BEGIN
         parts := regexp_match(modifier, '^\s*([+-]?\d+)\s+(day|month|year)s?\s*$');
         IF parts IS NULL THEN RAISE EXCEPTION 'date(): the modifier % is not one mentornet uses', modifier; END IF;
         base := day::date;
         IF parts[2] = 'day' THEN
           moved := base + parts[1]::int;
         ELSE
           months := extract(year FROM base)::int * 12 + extract(month FROM base)::int - 1
                     + parts[1]::int * CASE parts[2] WHEN 'year' THEN 12 ELSE 1 END;
           IF months < 12 OR months >= 120000 THEN RETURN NULL; END IF;
           moved := make_date(months / 12, months % 12 + 1, 1) + (extract(day FROM base)::int - 1);
         END IF;
         IF moved > DATE '9999-12-31' OR moved < DATE '0001-01-01' THEN RETURN NULL; END IF;
         RETURN to_char(moved, 'YYYY-MM-DD');
       END $$""",
    """CREATE OR REPLACE FUNCTION date(day text, first text, second text) RETURNS text LANGUAGE sql IMMUTABLE
       STRICT PARALLEL SAFE AS $$ SELECT date(date(day, first), second) $$""",
    """CREATE OR REPLACE FUNCTION date(day text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
       SELECT to_char(day::date, 'YYYY-MM-DD') $$""",
    # julianday(day) of a calendar day: SQLite counts from noon, so midnight is the day number - 0.5
    """CREATE OR REPLACE FUNCTION julianday(day text) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
       PARALLEL SAFE AS $$ SELECT to_char(day::date, 'J')::double precision - 0.5 $$""",
    # scalar max/min of 2 to 4 arguments: STRICT gives SQLite's rule (a NULL argument, a NULL result)
    *(f"""CREATE OR REPLACE FUNCTION {name}({", ".join([kind] * n)}) RETURNS {kind} LANGUAGE sql IMMUTABLE STRICT
          PARALLEL SAFE AS $$ SELECT {pick}({", ".join(f"${i + 1}" for i in range(n))}) $$"""
      for name, pick in (("max", "greatest"), ("min", "least")) for kind in ("text", "bigint") for n in (2, 3, 4)),
    # instr(haystack, needle)
    """CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
       SELECT strpos($1, $2) $$""",
    # SQLite's NOCASE: ASCII letters folded, compared as bytes
    f"""CREATE OR REPLACE FUNCTION nocase(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
       SELECT translate($1, '{_ASCII_UPPER}', '{_ASCII_LOWER}') COLLATE "C" $$""",
    # group_concat(x [, separator]): SQLite's default separator is ','
    """CREATE OR REPLACE FUNCTION mentornet_concat(state text, value text, separator text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT CASE WHEN value IS NULL THEN state WHEN state IS NULL THEN value ELSE state || separator || value END $$""",
    """CREATE OR REPLACE FUNCTION mentornet_concat(state text, value text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT mentornet_concat(state, value, ',') $$""",
    _aggregate("group_concat", 2, "group_concat(text, text) (SFUNC = mentornet_concat, STYPE = text)"),
    _aggregate("group_concat", 1, "group_concat(text) (SFUNC = mentornet_concat, STYPE = text)"),
    # fold(a, b, ...): text.search_key of the non-empty arguments joined by a space (the Python
    # function services/contacts.py gives SQLite). unaccent + lower is search_key's NFKD + casefold
    # for Latin text; they part on rarer letters (casefold's Greek final sigma, compatibility forms)
    # unaccent is called in the schema it was made in, which is another network's when one
    # database keeps several (an extension exists once a database)
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN EXECUTE format($made$
       CREATE OR REPLACE FUNCTION fold(VARIADIC text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $fold$
       SELECT btrim(regexp_replace(lower(%I.unaccent(array_to_string($1, ' '))), '\\s+', ' ', 'g')) $fold$
       $made$, (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                        WHERE e.extname = 'unaccent')); END $$""",
    # json_group_array(x): a JSON array as text, '[]' over no rows
    """CREATE OR REPLACE FUNCTION mentornet_json_array(anycompatiblearray) RETURNS text LANGUAGE sql IMMUTABLE
       PARALLEL SAFE AS $$ SELECT array_to_json($1)::text $$""",
    _aggregate("json_group_array", 1, """json_group_array(anycompatible) (SFUNC = array_append,
       STYPE = anycompatiblearray, FINALFUNC = mentornet_json_array, INITCOND = '{}')"""),
]


# --- The statement text: SQLite's spellings as PostgreSQL's ---

_LITERAL = re.compile(r"('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\")")
# (text every match contains, lower case; the pattern; its replacement): a statement without the
# text skips the pattern, so a long statement isn't scanned ten times (the due rules took 3 ms)
_REWRITES = [
    ("indexed by", re.compile(r"\bINDEXED BY \w+\s*", re.I), ""),
    (" collate nocase", re.compile(r"\b((?:\w+\.)?\w+) COLLATE NOCASE\b", re.I), r"nocase(\1)"),
    ("is not ?", re.compile(r"\bIS NOT \?", re.I), "IS DISTINCT FROM ?"),
    ("char(", re.compile(r"\bchar\((\d+)\)", re.I), r"chr(\1)"),
    ("begin immediate", re.compile(r"\bBEGIN IMMEDIATE\b", re.I), "BEGIN"),
    # JSON: SQLite's json_each over a parameter, json_array (PostgreSQL 15 has no JSON_ARRAY())
    ("json_each(?)", re.compile(r"\bjson_each\(\?\)", re.I), "json_array_elements_text(CAST(? AS json))"),
    ("json_array(", re.compile(r"\bjson_array\(", re.I), "json_build_array("),
    ("json_object(", re.compile(r"\bjson_object\(", re.I), "json_build_object("),
    # `ORDER BY +x`: SQLite's way to keep the planner off an index; PostgreSQL has no unary + for text
    ("+", re.compile(r"(\bBY\s+|,\s*)\+(?=[A-Za-z_])"), r"\1"),
    # a cache's queue of changed keys (due_pending): PostgreSQL has no statistics on a table that
    # every command empties, guesses hundreds of keys and hashes whole tables for one key (the due
    # catch-up of an add-contact on 10,000 contacts: 20 to 30 ms); as an array, each key is looked
    # up by index (2 ms executing), and 10,000 keys go faster too
    ("_pending)", re.compile(r"\bNOT IN \(SELECT (\w+) FROM (\w+_pending)\)", re.I), r"<> ALL(ARRAY(SELECT \1 FROM \2))"),
    ("_pending)", re.compile(r"\bIN \(SELECT (\w+) FROM (\w+_pending)\)", re.I), r"= ANY(ARRAY(SELECT \1 FROM \2))"),
]
_JSON_LITERAL = re.compile(r"\bjson\(('(?:true|false)')\)", re.I)
_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO\b", re.I)
_PARAMS = re.compile(r"%|\?|(?<![:\w]):([A-Za-z_]\w*)")
_INSERT_INTO = re.compile(r"^\s*INSERT INTO \"?(\w+)\"?", re.I)


@functools.lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """SQLite's statement text as PostgreSQL's (see the module's docstring); parameters in psycopg's
    %s / %(name)s style, and every literal % doubled."""
    lowered = sql.lower()
    if "json('" in lowered:
        sql = _JSON_LITERAL.sub(r"CAST(\1 AS json)", sql)  # spans a literal: before the split
    rewrites = [(pattern, replacement) for needle, pattern, replacement in _REWRITES if needle in lowered]
    ignore = bool(_OR_IGNORE.match(sql))
    if ignore:
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1)
    parts = _LITERAL.split(sql)
    for index in range(0, len(parts), 2):  # outside literals
        part = parts[index]
        for pattern, replacement in rewrites:
            part = pattern.sub(replacement, part)
        parts[index] = _PARAMS.sub(_param, part)
    for index in range(1, len(parts), 2):  # inside literals: only % needs escaping
        parts[index] = parts[index].replace("%", "%%")
    text = "".join(parts)
    if ignore:
        text = text.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    return text


def _param(match: re.Match) -> str:
    if match.group(0) == "%":
        return "%%"
    if match.group(0) == "?":
        return "%s"
    return f"%({match.group(1)})s"


# --- Rows as sqlite3.Row: by index, by name, dict(row) ---

class Row(tuple):
    """A row as sqlite3.Row reads: by index, by name, dict(row). One subclass per statement's
    columns carries the names, so making a row is only making a tuple (it was the hot spot of
    `contacts list` on 10,000 contacts when each row carried its own)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = tuple(column.name for column in cursor.description or ())
    return type("Row", (Row,), {"__slots__": (), "_names": names,
                                "_index": {name: position for position, name in enumerate(names)}})


def _tuple_factory(cursor: Any) -> Any:
    return tuple


# --- Errors: sqlite3's classes, so the services' `except sqlite3.X` hold on both stores ---

class PgIntegrityError(sqlite3.IntegrityError):
    sqlstate: str | None = None


class PgOperationalError(sqlite3.OperationalError):
    sqlstate: str | None = None


# What a server says that is not a bug: one line for the user, as `outside_problem` gives for SQLite
RETRIED = frozenset({"40001", "40P01"})  # serialization failure, deadlock: the same work again may pass


def _problem(sqlstate: str | None) -> str | None:
    if sqlstate == "55P03":
        return ("is in use by another mentornet command or another program (waited "
                f"{LOCK_TIMEOUT_MS // 1000} s for the write lock); nothing was changed. Try again when it has finished")
    if sqlstate in RETRIED:
        return "kept conflicting with another command writing at the same moment; nothing was changed. Run it again"
    if sqlstate == "22003":
        return "can't hold a number this large (PostgreSQL's integers are 64-bit); nothing was changed"
    if sqlstate == "42501":
        return ("refused this role a privilege mentornet needs; nothing was changed. Grant it as the README's "
                "\"Using PostgreSQL\" shows")
    if sqlstate in ("53100", "53200"):
        return "is out of disk or memory; nothing was changed. Free some space on the server and try again"
    if sqlstate is not None and sqlstate.startswith(("08", "57P")):
        return "closed the connection; nothing was changed. Check that the server is running and try again"
    return None


class ServerProblem(StoreError):
    """A server's refusal that is not a bug, as one line; `sqlstate` says which."""

    # sqlstate may be left out: cli/_unsaved.py remakes an error from its message alone
    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _translated(exc: Exception, url: str) -> Exception:
    import psycopg

    from mentornet.errors import BadInput

    if isinstance(exc, psycopg.DataError) and "NUL (0x00)" in str(exc):  # found by psycopg before sending
        return BadInput("PostgreSQL can't store the character NUL (\\x00) in text; take it out and try again")
    sqlstate = getattr(exc, "sqlstate", None)
    if (problem := _problem(sqlstate)) is not None:
        return ServerProblem(f"{masked(url)} {problem} ({str(exc).strip().splitlines()[0]})", sqlstate)
    if isinstance(exc, psycopg.OperationalError) and sqlstate is None:  # no answer at all: the connection broke
        return ServerProblem(f"lost the connection to {masked(url)} ({str(exc).strip().splitlines()[0]}); "
                             "nothing was changed. Check that the server is running and try again", None)
    kind = PgIntegrityError if isinstance(exc, psycopg.errors.IntegrityError) else PgOperationalError
    made = kind(str(exc).strip())
    made.sqlstate = sqlstate
    return made


class PgCursor:
    """The part of sqlite3.Cursor the code uses."""

    def __init__(self, connection: PgConnection, row_factory: Any) -> None:
        self._connection = connection
        self._cursor = connection.raw.cursor()
        self.row_factory = row_factory
        self.lastrowid: int | None = None

    @property
    def row_factory(self) -> Any:
        return self._factory

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._factory = factory
        self._cursor.row_factory = _row_factory if factory is not None else _tuple_factory

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        returning = self._connection.returning_id(sql)
        text = translate(sql) + (" RETURNING id" if returning else "")
        try:
            self._cursor.execute(text, params if isinstance(params, dict) else list(params))
        except Exception as exc:
            if _is_driver_error(exc):
                raise _translated(exc, self._connection.url) from exc
            raise
        if returning:
            found = self._cursor.fetchone()
            self.lastrowid = found[0] if found else None
        elif _INSERT_INTO.match(sql):
            self.lastrowid = 0  # a table without an id (a link table): PostgreSQL has no rowid to give
        return self

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        try:
            self._cursor.executemany(translate(sql), [list(params) for params in seq])
        except Exception as exc:
            if _is_driver_error(exc):
                raise _translated(exc, self._connection.url) from exc
            raise
        return self

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description

    def close(self) -> None:
        self._cursor.close()


def _is_driver_error(exc: Exception) -> bool:
    import psycopg

    return isinstance(exc, psycopg.Error)


class PgConnection:
    """The part of sqlite3.Connection the code uses, over one psycopg connection in autocommit."""

    on_server = True  # what the few rules that differ by store (search) ask

    def __init__(self, raw: Any, url: str) -> None:
        self.raw = raw
        self.url = url
        self.row_factory: Any = sqlite3.Row  # any non-None value: rows by name as well as index
        self._id_tables: frozenset[str] | None = None

    # -- statements
    def cursor(self) -> PgCursor:
        return PgCursor(self, self.row_factory)

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> PgCursor:
        if sql.strip().upper() == "BEGIN IMMEDIATE":
            return self.begin_immediate()
        return self.cursor().execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        return self.cursor().executemany(sql, seq)

    def ddl(self, statement: str) -> None:
        """A statement as written for PostgreSQL (a definition: no translation, no parameters)."""
        try:
            self.raw.execute(statement)
        except Exception as exc:
            if _is_driver_error(exc):
                raise _translated(exc, self.url) from exc
            raise

    def begin_immediate(self) -> PgCursor:
        """SQLite's BEGIN IMMEDIATE: a transaction holding the one write lock (writers queue)."""
        cursor = self.cursor()
        cursor.execute("BEGIN")
        cursor.execute(TAKE_WRITE_LOCK)
        return cursor

    def returning_id(self, sql: str) -> bool:
        """An INSERT into a table with an `id`, without OR IGNORE: its id is wanted (lastrowid)."""
        found = _INSERT_INTO.match(sql)
        if not found or "RETURNING" in sql.upper():
            return False
        if self._id_tables is None:
            self._id_tables = frozenset(name for (name,) in self.raw.execute(ID_TABLES).fetchall())
        return found.group(1) in self._id_tables and "VALUES" in sql.upper()

    def create_function(self, name: str, narg: int, func: Any, *, deterministic: bool = False) -> None:
        """SQLite's functions defined in Python exist in the database here (COMPAT)."""
        if name in SERVER_FUNCTIONS:
            return
        raise PgOperationalError(f"function {name} is defined in Python; on PostgreSQL it needs an SQL definition")

    # -- transactions
    @property
    def in_transaction(self) -> bool:
        from psycopg import pq

        return bool(self.raw.pgconn.transaction_status != pq.TransactionStatus.IDLE)

    def commit(self) -> None:
        if self.in_transaction:
            try:
                self.raw.execute("COMMIT")
            except Exception as exc:
                if _is_driver_error(exc):
                    raise _translated(exc, self.url) from exc
                raise

    def rollback(self) -> None:
        """Undo the open transaction, if the connection still has one: on a broken connection the
        server has rolled back already, and the error that broke it is the one to report."""
        if self.raw.closed or self.raw.broken or not self.in_transaction:
            return
        try:
            self.raw.execute("ROLLBACK")
        except Exception as exc:
            if not _is_driver_error(exc):
                raise

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        """As sqlite3's: commit what the block began, or roll it back; the connection stays open."""
        if kind is None:
            self.commit()
        else:
            self.rollback()


def connect_raw(url: str) -> Any:
    """A psycopg connection in autocommit, with SQLite's values: 0/1 for booleans, floats for numerics."""
    try:
        import psycopg
        from psycopg.types.numeric import FloatLoader, IntDumper
        from psycopg.types.string import TextLoader
    except ImportError:
        raise StoreError("PostgreSQL needs the driver: pip install 'mentornet[postgres]'") from None
    try:
        given = psycopg.conninfo.conninfo_to_dict(url).get("options") or ""  # the URL's own options come last
        options = f"-c lock_timeout={LOCK_TIMEOUT_MS} -c DateStyle=ISO -c TimeZone=UTC -c client_encoding=UTF8 {given}"
        raw = psycopg.connect(url, autocommit=True, options=options.strip())
    except psycopg.ProgrammingError:  # libpq couldn't read the URL: its message may quote the password
        raise StoreError(f"{masked(url)} can't be read as a PostgreSQL URL (postgresql://USER@HOST[:PORT]/DBNAME); "
                         "check it") from None
    except psycopg.Error as exc:
        raise StoreError(f"can't connect to {masked(url)}: {str(exc).strip().splitlines()[0]}; check the URL and "
                         "that the server is running") from None

    class BoolAsInt(IntDumper):  # booleans stored as SQLite stores them
        pass

    raw.adapters.register_dumper(bool, BoolAsInt)

    class BoolLoader(psycopg.adapt.Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    raw.adapters.register_loader("bool", BoolLoader)
    raw.adapters.register_loader("numeric", FloatLoader)
    raw.adapters.register_loader("json", TextLoader)  # JSON as SQLite gives it: text, parsed by whoever wants it
    return raw


def connect(url: str) -> PgConnection:
    return PgConnection(connect_raw(url), url)


# --- Schema: the SQLModel tables compiled with SQLite's representations ---

def _dialect() -> Any:
    from sqlalchemy.dialects.postgresql.base import PGDialect, PGTypeCompiler

    def text(self: Any, type_: Any, **kw: Any) -> str:  # dates and strings: SQLite's text, bytewise order
        return 'TEXT COLLATE "C"'

    def small(self: Any, type_: Any, **kw: Any) -> str:  # booleans: SQLite's 0 and 1
        return "SMALLINT"

    def big(self: Any, type_: Any, **kw: Any) -> str:  # integers and ids: SQLite's are 64-bit
        return "BIGINT"

    Compiler: Any = type("Compiler", (PGTypeCompiler,), {
        **{f"visit_{name}": text for name in ("date", "DATE", "string", "VARCHAR", "AutoString")},
        **{f"visit_{name}": small for name in ("boolean", "BOOLEAN")},
        **{f"visit_{name}": big for name in ("integer", "INTEGER")}})

    class Dialect(PGDialect):
        type_compiler_cls = Compiler
        type_compiler = Compiler  # SQLAlchemy < 2.0 spelling

    return Dialect()


# SQLite gives a new row max(id) + 1 (INTEGER PRIMARY KEY without AUTOINCREMENT); so does this,
# so the same commands give the same ids on both stores (ids are in the output).
NEXT_ID = """CREATE OR REPLACE FUNCTION mentornet_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.id IS NULL THEN
    EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
  END IF;
  RETURN NEW;
END $$"""

DERIVED_TABLES = [
    """CREATE TABLE due_item (kind TEXT COLLATE "C" NOT NULL, contact_id BIGINT NOT NULL,
    contact TEXT COLLATE "C" NOT NULL, due TEXT COLLATE "C" NOT NULL, ref_id BIGINT, on_date TEXT COLLATE "C",
    text TEXT COLLATE "C", ask TEXT COLLATE "C", number BIGINT)""",
    "CREATE INDEX ix_due_item_due ON due_item (due, nocase(contact), kind)",
    "CREATE INDEX ix_due_item_contact ON due_item (contact_id, due)",
    "CREATE TABLE due_pending (contact_id BIGINT PRIMARY KEY)",
    """CREATE TABLE cache_version (name TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL, PRIMARY KEY (name))""",
]


def schema_statements() -> list[str]:
    """The DDL of a new mentornet database on PostgreSQL, in order."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    from mentornet.store import schema

    dialect = _dialect()
    made = [f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)", *COMPAT, NEXT_ID]
    for table in schema.tables():
        ddl = str(CreateTable(table).compile(dialect=dialect))
        made.append(ddl.replace(" BIGSERIAL NOT NULL", " BIGINT NOT NULL").replace(" SERIAL NOT NULL", " BIGINT NOT NULL"))  # ids: max + 1, as SQLite
        for index in sorted(table.indexes, key=lambda index: index.name or ""):
            made.append(_partial_index(str(CreateIndex(index).compile(dialect=dialect)), index))
        if "id" in table.columns and table.columns["id"].primary_key:
            made.append(f"CREATE TRIGGER {table.name}_next_id BEFORE INSERT ON {table.name} FOR EACH ROW "
                        "EXECUTE FUNCTION mentornet_next_id()")
    made.extend(DERIVED_TABLES)
    return made


def _partial_index(ddl: str, index: Any) -> str:
    """The SQLite partial indexes (sqlite_where) are partial on PostgreSQL too."""
    where = index.dialect_options["sqlite"].get("where")
    return f"{ddl} WHERE {where}" if where is not None else ddl


# --- Caches: the same declarations, as plpgsql triggers ---

def cache_triggers(cache: Any) -> list[str]:
    """The triggers of `cache` (store/caches.Cache) for PostgreSQL: one function per source and
    event, whose body is the statement the SQLite trigger runs."""
    made = []
    for number, source in enumerate(cache.sources):
        for event in source.events:
            keys, when = source.event(event)
            name = source.trigger_name(cache.name, number, event)
            body = translate(cache.apply(keys)).replace("%%", "%")
            made.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        f"BEGIN {body}; RETURN NULL; END $$")
            made.append(f"CREATE TRIGGER {name} AFTER {when} ON {source.table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return made


def install_caches(conn: PgConnection, caches: Sequence[Any]) -> list[str]:
    """As store/caches.install, on PostgreSQL: every cache trigger made again, stale caches recomputed."""
    found = conn.execute("""SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                            JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE NOT t.tgisinternal AND n.nspname = current_schema()
                              AND t.tgname NOT LIKE '%_next_id'""").fetchall()
    for name, table in found:
        conn.execute(f'DROP TRIGGER "{name}" ON "{table}"')
        conn.execute(f'DROP FUNCTION IF EXISTS "{name}"()')
    for cache in caches:
        for statement in cache_triggers(cache):
            conn.ddl(statement)
    stored = dict(conn.execute("SELECT name, version FROM cache_version").fetchall())
    stale = [cache for cache in caches if stored.get(cache.name) != cache.version]
    for cache in stale:
        cache.rebuild(conn)
    conn.execute("DELETE FROM cache_version")
    conn.executemany("INSERT INTO cache_version (name, version) VALUES (?, ?)",
                     [(cache.name, cache.version) for cache in caches])
    return [cache.name for cache in stale]


# --- Opening: create, refuse, or use ---

def database_version(conn: PgConnection) -> int | None:
    """The schema version of the mentornet database behind `conn`; None for an empty database.
    Refuses a database that holds other tables (not mentornet's) or a newer schema."""
    from mentornet.store.connection import SCHEMA_VERSION

    # the catalog, not information_schema: its views cost tens of milliseconds, every command
    has_meta, has_tables = conn.execute(
        f"""SELECT to_regclass('{META_TABLE}') IS NOT NULL, EXISTS (SELECT 1 FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))""").fetchone()
    if not has_tables:
        return None
    where = masked(conn.url)
    if not has_meta:
        raise StoreError(f"{where} holds tables that are not a mentornet database's; choose another database")
    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    if meta.get("application") != APPLICATION or not str(meta.get("schema_version", "")).isdigit():
        raise StoreError(f"{where} is not a mentornet database; choose another database")
    version = int(meta["schema_version"])
    if version > SCHEMA_VERSION:
        raise StoreError(f"{where} was written by a newer mentornet (schema {version}, this one reads "
                         f"{SCHEMA_VERSION}); upgrade mentornet")
    return version


def create(conn: PgConnection, caches: Sequence[Any]) -> None:
    """A new mentornet database in the empty one behind `conn`: one transaction (transactional DDL)."""
    from mentornet.store import rows, schema
    from mentornet.store.connection import SCHEMA_VERSION

    conn.begin_immediate()
    try:
        if database_version(conn) is not None:  # another process made it while we waited
            conn.rollback()
            return
        for statement in schema_statements():
            conn.ddl(statement)
        for position, (key, label, description, family, target, cadence) in enumerate(schema.DEFAULT_ROLES):
            rows.insert(conn, "role", {"key": key, "label": label, "description": description,  # type: ignore[arg-type]
                                       "family": family, "target": target, "cadence_days": cadence,
                                       "position": position})
        install_caches(conn, caches)
        conn.executemany(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)",
                         [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


# What every command's open asks, in one round trip: mentornet's version and the caches' (the
# careful way, database_version then in_step, took three, and a writer's BEGIN and lock two more)
_OPENING = f"""SELECT (SELECT array_agg(ARRAY[key, value]) FROM {META_TABLE}),
                      (SELECT array_agg(ARRAY[name, version::text]) FROM cache_version),
                      (SELECT relnamespace FROM pg_class WHERE oid = to_regclass('{META_TABLE}'))
                        = to_regnamespace(current_schema())"""  # not another schema's on the search_path
# the tables with an id, for lastrowid (PgConnection.returning_id)
ID_TABLES = """SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attname = 'id' AND NOT a.attisdropped"""


def _current(conn: PgConnection, caches: Sequence[Any], *, writing: bool) -> bool:
    """Is the database behind `conn` a current mentornet one with its caches in step? One round
    trip (statements without parameters go as one message). For a writer it also begins the
    transaction, takes the write lock (BEGIN IMMEDIATE) and learns the tables with ids. False
    (and no transaction) for anything else, which the careful way then creates, installs or refuses."""
    import psycopg

    from mentornet.store.connection import SCHEMA_VERSION

    begin = f"BEGIN; {TAKE_WRITE_LOCK}; " if writing else ""
    try:
        cursor = conn.raw.execute(f"{begin}{_OPENING}" + (f", ARRAY({ID_TABLES})" if writing else ""))
        while cursor.nextset():  # the SELECT's result comes last
            pass
        meta, versions, here, *id_tables = cursor.fetchone()
    except psycopg.errors.UndefinedTable:  # not (yet) a mentornet database
        conn.rollback()
        return False
    except psycopg.Error as exc:
        raise _translated(exc, conn.url) from exc
    meta = dict(meta or ())
    if (not here or meta.get("application") != APPLICATION or meta.get("schema_version") != str(SCHEMA_VERSION)
            or dict(versions or ()) != {cache.name: str(cache.version) for cache in caches}):
        conn.rollback()
        return False
    if id_tables:
        conn._id_tables = frozenset(id_tables[0])
    return True


def _make_current(conn: PgConnection, caches: Sequence[Any]) -> None:
    """The careful way: the database's tables created when it is empty, its caches installed when
    they are not in step, a database that isn't a current mentornet one refused."""
    from mentornet.store.caches import in_step
    from mentornet.store.connection import SCHEMA_VERSION

    version = database_version(conn)
    if version is None:
        create(conn, caches)
    elif version < SCHEMA_VERSION:
        raise StoreError(f"{masked(conn.url)} has schema {version}; upgrading on PostgreSQL is not built yet")
    if not in_step(conn, caches):  # type: ignore[arg-type]
        conn.begin_immediate()
        if not in_step(conn, caches):  # type: ignore[arg-type]
            install_caches(conn, caches)
        conn.commit()


def open_current(url: str, caches: Sequence[Any]) -> PgConnection:
    """Open for reading, creating the database's tables first when it is empty, or installing the caches."""
    conn = connect(url)
    try:
        if not _current(conn, caches, writing=False):
            _make_current(conn, caches)
    except BaseException:
        conn.rollback()
        conn.close()
        raise
    return conn


def begin_writing(url: str, caches: Sequence[Any], attempts: int = 3) -> PgConnection:
    """A connection holding the write lock, its transaction begun. Writers queue on the lock, so
    two mentornet commands never conflict inside their transactions; what can conflict is making
    or upgrading the database at the same moment as another program, and that is tried again."""
    import random
    import time

    for attempt in range(attempts):
        conn = None
        try:
            conn = connect(url)
            if not _current(conn, caches, writing=True):
                _make_current(conn, caches)
                conn.begin_immediate()
            return conn
        except BaseException as exc:
            if conn is not None:
                conn.rollback()
                conn.close()
            if not isinstance(exc, ServerProblem) or exc.sqlstate not in RETRIED or attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))
    raise AssertionError("unreachable")


MINIMUM_SERVER = 150000  # server_version_num of PostgreSQL 15: the oldest the issue promises
EXCESS = {"rolsuper": "do anything (superuser)", "rolcreaterole": "create roles", "rolcreatedb": "create databases",
          "rolreplication": "replicate the server", "rolbypassrls": "bypass row-level security"}


@dataclass(frozen=True)
class ServerFacts:
    version: str
    version_num: int
    ssl: str | None  # the TLS version and cipher, when the connection is encrypted
    socket: bool  # a unix socket: nothing crosses a network
    local: bool  # this machine, by socket or loopback
    schema: int | None  # mentornet's schema version, None for an empty database
    role: str
    excess: list[str]  # what the role may do beyond what mentornet needs


def server_facts(url: str) -> ServerFacts:
    """What `doctor` reports about a PostgreSQL database: read only, nothing created."""
    conn = connect(url)
    try:
        version, number, role, ssl, address = conn.execute(
            """SELECT current_setting('server_version'), current_setting('server_version_num')::int, current_user,
                      (SELECT version || ' ' || cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl),
                      inet_server_addr()::text""").fetchone()
        attributes = conn.execute(f"SELECT {', '.join(EXCESS)} FROM pg_roles WHERE rolname = current_user").fetchone()
        excess = [what for what, has in zip(EXCESS.values(), attributes, strict=True) if has]
        schema = database_version(conn)
    finally:
        conn.close()
    socket = address is None
    local = socket or address.split("/")[0] in ("127.0.0.1", "::1")
    return ServerFacts(version.split()[0], number, ssl, socket, local, schema, role, excess)


# --- Moving a whole network: table by table with COPY (the benchmark's way in; `import` of the
# JSON export is the user's) ---

def copy_from_sqlite(conn: PgConnection, source: Any, caches: Sequence[Any]) -> dict[str, int]:
    """Into the empty database behind `conn`, every row of the SQLite connection `source` (a
    current mentornet file), ids and all, in one transaction; then the caches recomputed from
    nothing. Returns the rows copied per table."""
    from mentornet.store import schema
    from mentornet.store.connection import SCHEMA_VERSION

    copied = {}
    conn.begin_immediate()
    try:
        if database_version(conn) is not None:
            raise StoreError(f"{masked(conn.url)} already holds a network; copy into an empty database")
        for statement in schema_statements():
            conn.ddl(statement)
        for table in schema.tables():
            names = [column.name for column in table.columns]
            listed = ", ".join(f'"{name}"' for name in names)
            count = 0
            with conn.raw.cursor().copy(f'COPY "{table.name}" ({listed}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {listed} FROM "{table.name}"'):
                    copy.write_row(tuple(row))
                    count += 1
            copied[table.name] = count
        install_caches(conn, caches)
        conn.executemany(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)",
                         [("application", APPLICATION), ("schema_version", str(SCHEMA_VERSION))])
        conn.execute("ANALYZE")
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return copied
