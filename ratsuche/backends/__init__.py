"""The store behind ingestion and search, chosen by settings (`BACKEND`, `OPENSEARCH_URL`)."""

from functools import lru_cache

from ratsuche.backends.base import Backend
from ratsuche.settings import Settings, get_settings


def make_backend(settings: Settings) -> Backend:
    """The backend the settings ask for, on the index named by `index_alias`."""
    if settings.backend_engine == "opensearch":
        from ratsuche.backends.opensearch.admin import Layout, make_client
        from ratsuche.backends.opensearch.store import OpenSearchBackend

        return OpenSearchBackend(make_client(settings), settings.index_alias,
                                 Layout.of(settings))
    from ratsuche.backends.embedded.store import EmbeddedBackend

    return EmbeddedBackend(settings.embedded_dir, settings.index_alias)


@lru_cache(maxsize=1)
def get_backend() -> Backend:
    """The process-wide backend of the configured settings."""
    return make_backend(get_settings())
