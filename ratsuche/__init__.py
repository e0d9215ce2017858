"""Ratsuche: search for German council protocols.

Shared core used by both `ingest` and `search_api`: settings, the engine client,
the citation normalizer and the embedding model.
"""

__version__ = "0.1.0"
