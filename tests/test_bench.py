"""The arithmetic of the load benchmark (bench/query_load.py)."""

from bench.query_load import Run, against_parts


def run(latencies: list[float], api_cpu: float, engine_cpu: float) -> Run:
    return Run(latencies_ms=latencies, api_cpu=api_cpu, engine_cpu=engine_cpu)


def test_cpu_per_request_splits_api_and_engine() -> None:
    assert run([10.0] * 4, api_cpu=0.2, engine_cpu=0.04).cpu_ms() == (50.0, 10.0)


def test_whole_against_the_sum_of_its_parts() -> None:
    whole = run([100.0] * 10, api_cpu=0.5, engine_cpu=0.1)  # 60 ms CPU per request
    encode = run([20.0] * 10, api_cpu=0.2, engine_cpu=0.0)  # 20 ms
    bm25 = run([5.0] * 10, api_cpu=0.0, engine_cpu=0.05)  # 5 ms
    knn = run([25.0] * 10, api_cpu=0.0, engine_cpu=0.05)  # 5 ms
    cpu, p95 = against_parts(whole, [encode, bm25, knn])
    assert cpu == 2.0
    assert p95 == 2.0


def test_no_parts_give_no_ratio() -> None:
    assert against_parts(run([1.0], 0.1, 0.0), []) == (0.0, 0.0)
