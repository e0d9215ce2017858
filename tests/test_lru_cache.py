"""The in-memory LRU that keeps query vectors (`ratsuche.vector_cache.LruCache`)."""

from ratsuche.vector_cache import LruCache


def test_forgets_the_least_recently_used_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_a_new_value_replaces_the_old() -> None:
    cache: LruCache[tuple[str, str], int] = LruCache(2)
    cache.put(("m", "q"), 1)
    cache.put(("m", "q"), 2)
    assert cache.get(("m", "q")) == 2


def test_size_zero_keeps_nothing() -> None:
    cache: LruCache[str, int] = LruCache(0)
    cache.put("a", 1)
    assert cache.get("a") is None
