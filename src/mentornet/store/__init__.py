"""Everything that touches the database, and nothing else.

`connection`, `reads`, `records` and `writes` use only the standard sqlite3 module, so the commands
people run many times a day never import SQLAlchemy; `schema` and `migrations` do, to create or
upgrade the file, and so do the imports and the JSON export (`io/tables.py`).
"""
