"""Everything that touches the database as a file, and nothing a mentor or mentee would call a rule:
connections, the schema and its migrations, the caches' mechanics, row writing, the search index.
The queries that read the domain live with their rules, in `services/`.

`connection`, `caches`, `rows`, `search` and `writes` use only the standard sqlite3 module, so the commands
people run many times a day never import SQLAlchemy; `schema` and `migrations` do, to create or
upgrade the file, and so do the imports and the JSON export (`io/tables.py`).
"""
