"""The one place that owns the OpenSearch client: connection, health, index and alias.

The application only ever reads and writes the alias (`Settings.index_alias`); the physical
index behind it is named `<alias>-<version>` where the version fingerprints the definition in
`index_config/`. Creating the index is idempotent; a changed definition creates a new
physical index, copies the old documents over and moves the alias in one atomic step.
"""

import logging
import re
import time
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import ConnectionTimeout, TransportError

from index_config import definition_version, index_definition
from ratsuche.backends.base import Health
from ratsuche.settings import Settings

log = logging.getLogger(__name__)


def make_client(settings: Settings) -> OpenSearch:
    """A client for the configured cluster (basic auth and TLS verification from settings)."""
    auth = None
    if settings.opensearch_user:
        auth = (settings.opensearch_user, settings.opensearch_password or "")
    return OpenSearch(
        hosts=[settings.opensearch_url],
        http_auth=auth,
        verify_certs=settings.opensearch_verify_certs,
        ssl_show_warn=settings.opensearch_verify_certs,
        timeout=settings.opensearch_timeout,
        max_retries=2,
        retry_on_timeout=True,
        # Requests run side by side (the retrievers of one search, concurrent API requests);
        # urllib3 keeps one connection per host unless told otherwise.
        pool_maxsize=settings.opensearch_pool_size,
    )


def health(client: OpenSearch) -> Health:
    """Cluster status and version, never raising: an unreachable engine is a result too."""
    try:
        info = client.info()
        cluster = client.cluster.health()
    except (OSConnectionError, ConnectionTimeout) as exc:
        return Health(False, "unreachable", None, f"engine unreachable: {exc.__class__.__name__}")
    except TransportError as exc:
        return Health(False, "error", None, f"engine error: HTTP {exc.status_code}")
    return Health(True, str(cluster["status"]), str(info["version"]["number"]))


def physical_index_name(alias: str, definition: dict[str, Any]) -> str:
    """`<alias>-<fingerprint>`: the version of the definition is part of the name."""
    return f"{alias}-{definition_version(definition)}"


def alias_targets(client: OpenSearch, alias: str) -> list[str]:
    """The physical indices the alias points to now (empty if the alias does not exist)."""
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def ensure_index(
    client: OpenSearch,
    alias: str,
    vector_dimension: int,
    definition: dict[str, Any] | None = None,
) -> str:
    """Make `alias` point to the index of the current definition; returns its physical name.

    A second call with the same definition changes nothing. With a changed definition, a new
    physical index is created, the documents of the old one are reindexed into it, and the
    alias moves atomically; the old index is kept for rollback and reported in the log.
    """
    body = definition if definition is not None else index_definition(vector_dimension)
    name = physical_index_name(alias, body)
    current = alias_targets(client, alias)
    if current == [name]:
        return name
    if not client.indices.exists(index=name):
        client.indices.create(index=name, body=body)
        log.info("created index %s", name)
    for old in current:
        if old != name:
            _reindex(client, old, name)
            log.info("reindexed %s into %s; the old index is kept", old, name)
    actions: list[dict[str, Any]] = [
        {"remove": {"index": old, "alias": alias}} for old in current if old != name
    ]
    actions.append({"add": {"index": name, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(body={"actions": actions})
    return name


def _reindex(client: OpenSearch, source: str, dest: str) -> None:
    """Copy all documents server-side as a task and wait for it (a large index takes longer
    than any request timeout); raise if any document failed."""
    task = client.reindex(
        body={"source": {"index": source}, "dest": {"index": dest}},
        wait_for_completion=False,
        refresh=True,
    )["task"]
    while not (status := client.tasks.get(task_id=task))["completed"]:
        time.sleep(1)
    response = status.get("response") or {}
    failures = response.get("failures") or ([status["error"]] if "error" in status else [])
    if failures:
        raise RuntimeError(f"reindex {source} -> {dest} failed: {failures[:3]}")


def drop_index(client: OpenSearch, alias: str) -> None:
    """Delete the alias and every physical index of this alias family (tests, resets)."""
    family = re.compile(re.escape(alias) + r"-[0-9a-f]{10}")
    for name in client.indices.get(index=f"{alias}-*", ignore_unavailable=True):
        if family.fullmatch(name):
            client.indices.delete(index=name)
