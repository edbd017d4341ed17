"""Everything that touches the database, and nothing else.

`connection` and `reads` use only the standard sqlite3 module, so the commands people run
many times a day never import SQLAlchemy; `schema`, `migrations` and `writes` do.
"""
