"""The OpenSearch store: the index behind an alias (`store`), its administration (`admin`)
and the query language the product speaks to it (`dsl`)."""
