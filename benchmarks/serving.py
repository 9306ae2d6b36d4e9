"""Talking to a `mkdocs serve` process: a free port, a page's text, waiting for a change to be served.

Shared by benchmarks/serve_reload.py and tests/test_serve.py."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str:
    """The page's text, or '' while the server is not answering (starting, rebuilding, cut off)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except (OSError, http.client.HTTPException):  # URLError, refused, reset, timed out; a cut-off reply
        return ""


def wait_for(url: str, needle: str, limit: float, interval: float = 0.1, timeout: float = 5) -> float | None:
    """Seconds until the page at `url` contains `needle`, checked every `interval` (each request given
    `timeout`); None after `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if needle in fetch(url, timeout):
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def start_serve(folder: Path, port: int, config: Path | None = None) -> subprocess.Popen[str]:
    """`mkdocs serve` in `folder` on 127.0.0.1:`port`, its log (stderr) readable as text."""
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if config is not None:
        command += ["-f", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
