"""The domain core: the types every layer shares (pipeline records, stored records, queries,
filters, the field table, errors, text rules). It imports nothing of ours, so ingestion, the
stores and the API can all depend on it without depending on each other."""
