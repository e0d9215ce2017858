"""CORS origins come from settings: the served app lets the configured origin read its
answers and no other (checked on a real server process, as a browser would see it)."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.net import free_port

ALLOWED = "https://rat.example.de"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "CORS_ORIGINS": f'["{ALLOWED}"]'}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                httpx.get(f"{url}/openapi.json", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_configured_origin_may_read(server: str) -> None:
    response = httpx.get(f"{server}/openapi.json", headers={"Origin": ALLOWED})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED
    preflight = httpx.options(f"{server}/search", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200


def test_other_origins_may_not(server: str) -> None:
    response = httpx.get(f"{server}/openapi.json", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = httpx.options(f"{server}/documents/x", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "DELETE"})
    assert preflight.status_code == 400  # only reading is allowed cross-origin
