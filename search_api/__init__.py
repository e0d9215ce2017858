"""The search API: HTTP layer, query building, retrieval and result shaping."""
