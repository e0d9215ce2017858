"""The embedded store: one SQLite file per index (`store`), the translation of queries and
filters into FTS5 and SQL (`sql`), and snippet highlighting (`highlight`)."""
