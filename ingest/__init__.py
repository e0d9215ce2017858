"""Ingestion: extract -> clean -> segment -> enrich -> chunk -> embed -> index."""
