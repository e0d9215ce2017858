"""The one place that owns the OpenSearch client: connection, health, index and alias.

The application only ever reads and writes the alias (`Settings.index_alias`); the physical
index behind it is named `<alias>-<version>` where the version fingerprints the definition in
`index_config/` with the shard count of the settings. Creating the index is idempotent; a
changed definition creates a new physical index, copies the old documents over and moves the
alias in one atomic step. Replicas and write shards are applied to the index in place.
"""

import copy
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from opensearchpy import OpenSearch
from opensearchpy.exceptions import (
    AuthenticationException,
    AuthorizationException,
    ConnectionTimeout,
    SSLError,
    TransportError,
)
from opensearchpy.exceptions import ConnectionError as OSConnectionError

from index_config import definition_version, index_definition
from ratsuche.backends.base import Health
from ratsuche.settings import Settings

# Failures of a node that is shutting down (a rolling restart): the index unknown to the node
# (404), or shards that failed in a search phase. The engine gives the latter the status of
# a shard's failure: 500 for a copy that left between the query and the fetch phase, 404 for
# a search context the closing node freed before the fetch (search_context_missing_exception;
# such a 404, not asked again and read as "no index yet", most likely reached 1 of 752 users
# of a rolling restart in CI). A read that meets one is asked again, of the next node.
MISSING_INDEX = "index_not_found_exception"
FAILED_SHARDS = "search_phase_execution_exception"


def passing_read_error(exc: TransportError) -> bool:
    """Whether a read's failure may pass when asked again (see above)."""
    return exc.error == FAILED_SHARDS or (exc.status_code, exc.error) == (404, MISSING_INDEX)


# Asked at most this often, the pause doubling from the first: requests running side by
# side share the client's round robin, so an ask can meet the same node again (one retry let
# 2 of 1,092 requests fail in a rolling restart once hybrid made four engine requests per
# search, four asks 1 of 882, six asks over 0.8 s 1 of 928). Eight asks spread over 3.2 s
# outlast a node's shutdown; an index that is really missing answers after 3.2 s.
READ_ATTEMPTS = 8
READ_PAUSE_SECONDS = 0.025
R = TypeVar("R")
log = logging.getLogger(__name__)


def asked_again(read: Callable[[], R]) -> R:
    """The read, asked again while it meets a node shutting down (`passing_read_error`:
    searches, counts and the alias lookup all meet them in a rolling restart), at most
    `READ_ATTEMPTS` times; any other failure, or the last one, is raised."""
    for attempt in range(1, READ_ATTEMPTS):
        try:
            return read()
        except TransportError as exc:
            if not passing_read_error(exc):
                raise
            log.warning("read asked again (attempt %d) after HTTP %s %s", attempt,
                        exc.status_code, exc.error)
        time.sleep(READ_PAUSE_SECONDS * 2 ** (attempt - 1))
    return read()


@dataclass(frozen=True)
class Layout:
    """How an index is spread over the cluster (`Settings.opensearch_shards` and friends)."""

    shards: int = 1
    replicas: int = 0
    write_shards: str = "1"  # index.write.wait_for_active_shards

    @classmethod
    def of(cls, settings: Settings) -> "Layout":
        return cls(settings.opensearch_shards, settings.opensearch_replicas,
                   settings.opensearch_write_shards)

    def dynamic_settings(self) -> dict[str, str]:
        """The settings an existing index takes in place (as the engine reports them)."""
        return {"number_of_replicas": str(self.replicas),
                "write.wait_for_active_shards": self.write_shards}


def make_client(settings: Settings) -> OpenSearch:
    """A client for the configured nodes (basic auth and TLS verification from settings).

    With several nodes a request that fails to connect, times out or meets a 502/503/504 is
    sent to the next node, up to once per node; a node that failed is left out for a while.
    No sniffing: the nodes given are the nodes used (they may publish addresses that the
    application cannot reach).
    """
    auth = None
    if settings.opensearch_user:
        auth = (settings.opensearch_user, settings.opensearch_password or "")
    hosts = settings.opensearch_hosts
    return OpenSearch(
        hosts=hosts,
        http_auth=auth,
        verify_certs=settings.opensearch_verify_certs,
        ssl_show_warn=settings.opensearch_verify_certs,
        ca_certs=str(settings.opensearch_ca_certs) if settings.opensearch_ca_certs else None,
        timeout=settings.opensearch_timeout,
        max_retries=max(2, len(hosts)),
        retry_on_timeout=True,
        retry_on_status=(502, 503, 504),
        # Requests run side by side (the retrievers of one search, concurrent API requests);
        # urllib3 keeps one connection per host unless told otherwise.
        pool_maxsize=settings.opensearch_pool_size,
    )


def health(client: OpenSearch) -> Health:
    """Cluster status and version, never raising: an unreachable engine is a result too."""
    try:
        info = client.info()
        cluster = client.cluster.health()
    except AuthenticationException:
        return Health(False, "unauthorized", None, "the engine refused the login (HTTP 401): "
                      "check OPENSEARCH_USER and OPENSEARCH_PASSWORD")
    except AuthorizationException:
        return Health(False, "forbidden", None, "the engine refused access (HTTP 403): the "
                      "user OPENSEARCH_USER lacks the permissions for the cluster and index")
    except SSLError as exc:
        return Health(False, "unreachable", None, "TLS with the engine failed (certificate "
                      f"not trusted? set OPENSEARCH_CA_CERTS): {exc.__class__.__name__}")
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
    return sorted(asked_again(lambda: client.indices.get_alias(name=alias)).keys())


def ensure_index(
    client: OpenSearch,
    alias: str,
    vector_dimension: int,
    definition: dict[str, Any] | None = None,
    layout: Layout | None = None,
) -> str:
    """Make `alias` point to the index of the current definition; returns its physical name.

    A second call with the same definition changes nothing but replicas and write shards.
    With a changed definition (or shard count), a new physical index is created, the
    documents of the old one are reindexed into it, and the alias moves atomically; the old
    index is kept for rollback (`drop_previous` removes it) and reported in the log.
    """
    layout = layout or Layout()
    body = copy.deepcopy(definition if definition is not None
                         else index_definition(vector_dimension))
    index_settings = body["settings"].setdefault("index", {})
    index_settings["number_of_shards"] = layout.shards
    name = physical_index_name(alias, body)
    current = alias_targets(client, alias)
    if not client.indices.exists(index=name):
        index_settings["number_of_replicas"] = layout.replicas
        index_settings["write.wait_for_active_shards"] = layout.write_shards
        client.indices.create(index=name, body=body)
        log.info("created index %s (%d shards, %d replicas)", name, layout.shards,
                 layout.replicas)
    else:
        _apply_dynamic(client, name, layout)
    if current == [name]:
        return name
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


def _apply_dynamic(client: OpenSearch, name: str, layout: Layout) -> None:
    """Replicas and write shards of an existing index as the layout says."""
    now = client.indices.get_settings(index=name)[name]["settings"]["index"]
    wanted = layout.dynamic_settings()
    have = {"number_of_replicas": now.get("number_of_replicas"),
            "write.wait_for_active_shards": now.get("write", {}).get(
                "wait_for_active_shards", "1")}
    if have != wanted:
        client.indices.put_settings(index=name, body={"index": wanted})
        log.info("index %s: %s (was %s)", name, wanted, have)


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


def _family(client: OpenSearch, alias: str) -> list[str]:
    """Every physical index of this alias, in use or kept for rollback."""
    family = re.compile(re.escape(alias) + r"-[0-9a-f]{10}")
    return sorted(name for name in client.indices.get(index=f"{alias}-*", ignore_unavailable=True)
                  if family.fullmatch(name))


def drop_index(client: OpenSearch, alias: str) -> None:
    """Delete the alias and every physical index of this alias family (tests, resets)."""
    for name in _family(client, alias):
        client.indices.delete(index=name)


def drop_previous(client: OpenSearch, alias: str) -> list[str]:
    """Delete the indices of this alias family that the alias no longer points to (kept
    for rollback by `ensure_index`); their names. Every request resolves the alias anew, so
    only a search under way on the old index at the very moment could notice (the cluster
    tests' rollouts under load saw none)."""
    current = set(alias_targets(client, alias))
    previous = [name for name in _family(client, alias) if name not in current]
    for name in previous:
        client.indices.delete(index=name)
        log.info("deleted the previous index %s", name)
    return previous
