"""Reads that meet a node shutting down are asked again (the function with the
client's own error class, and reads by id on a real node; the rolling restart itself is
`tests/test_cluster.py`)."""

from collections.abc import Callable

import pytest
from opensearchpy import OpenSearch
from opensearchpy.exceptions import NotFoundError, TransportError

from ratsuche.backends.opensearch.admin import READ_ATTEMPTS, asked_again, ensure_index
from ratsuche.backends.opensearch.store import OpenSearchBackend, _product_errors
from ratsuche.core.errors import NotFound, StoreUnavailable
from ratsuche.core.stored import RecordType


def reads(*outcomes: object) -> tuple[list[int], Callable[[], object]]:
    """A read that fails or answers as `outcomes` say, one per call, and its call count."""
    calls: list[int] = []

    def read() -> object:
        calls.append(1)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return calls, read


@pytest.mark.parametrize("error", [
    NotFoundError(404, "index_not_found_exception", {}),
    TransportError(500, "search_phase_execution_exception", {}),
    NotFoundError(404, "search_phase_execution_exception", {}),
], ids=["index unknown to the node", "copy left between phases", "shard closed by the node"])
def test_a_passing_failure_is_asked_again(error: TransportError) -> None:
    calls, read = reads(error, {"count": 234})
    assert asked_again(read) == {"count": 234}
    assert len(calls) == 2
    calls, read = reads(*[error] * (READ_ATTEMPTS - 1), {"count": 234})
    assert asked_again(read) == {"count": 234}
    assert len(calls) == READ_ATTEMPTS


def test_other_failures_and_a_lasting_failure_are_not_hidden() -> None:
    refused = TransportError(400, "parsing_exception", {})
    calls, read = reads(refused)
    with pytest.raises(TransportError, match="parsing_exception"):
        asked_again(read)
    assert len(calls) == 1
    gone = NotFoundError(404, "index_not_found_exception", {})
    calls, read = reads(*[gone] * READ_ATTEMPTS)
    with pytest.raises(NotFoundError):
        asked_again(read)
    assert len(calls) == READ_ATTEMPTS


@pytest.mark.parametrize("error, product_error", [
    (NotFoundError(404, "index_not_found_exception", {}), NotFound),
    (NotFoundError(404, "search_phase_execution_exception", {}), StoreUnavailable),
    (TransportError(503, "no_shard_available_action_exception", {}), StoreUnavailable),
], ids=["index missing", "shards lost (seen in a rolling restart)", "no copy"])
def test_only_a_missing_index_is_no_index_yet(
    error: TransportError, product_error: type[Exception],
) -> None:
    """A search that lost its shards answers 404 as well; the user is told the engine could
    not answer (503), not that there is no index."""
    @_product_errors
    def read() -> None:
        raise error

    with pytest.raises(product_error):
        read()


def test_a_missing_record_is_none_and_a_missing_index_is_no_index_yet(
    client: OpenSearch, fresh_alias: str,
) -> None:
    """By id: a record the index lacks is absent; an index the node does not know (none
    yet, or a node shutting down, asked again) is the product's NotFound."""
    backend = OpenSearchBackend(client, fresh_alias)
    with pytest.raises(NotFound, match="no index yet"):
        backend.get_record("e62b4690f94509ac92be7724f0efcb11-u0001", RecordType.unit)
    with pytest.raises(NotFound, match="no index yet"):
        backend.document_status("e62b4690f94509ac92be7724f0efcb11")
    ensure_index(client, fresh_alias, 384)
    assert backend.get_record("e62b4690f94509ac92be7724f0efcb11-u0001", RecordType.unit) is None
    assert backend.document_status("e62b4690f94509ac92be7724f0efcb11") == "absent"
