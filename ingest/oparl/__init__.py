"""Import from council information systems over OParl 1.0/1.1 and keep the index in sync.

`client` talks HTTP (politeness, retries, the vendor quirks of the transport), `models`
normalizes the objects, `crawl` walks System → Body → the paginated lists, `state` keeps
what was seen per source, `mapping` turns meetings and papers into files with their
metadata, and `sync` ties them together for `ratsuche import-oparl`.
"""
