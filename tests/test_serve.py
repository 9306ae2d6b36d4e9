"""`mkdocs serve`: edits show up, a data mistake shows the problems on the page, a fix brings it back."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import MINI, REPO

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait_for(url: str, needle: str, seconds: float = 30) -> float:
    """Seconds until the page at `url` contains `needle` (bounded), or fail."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if needle in _get(url):
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{needle!r} did not appear at {url} within {seconds}s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    data = tmp_path / "site_data"
    shutil.copytree(MINI / "site_data", data)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'mkdocs.yml'}\nsite_name: Mini\ndocs_dir: {REPO / 'docs'}\n"
        f"plugins:\n  - search\n  - dossier:\n      data_dir: {data}\n      seeds_dir: {MINI / 'seeds'}\n"
        f"      templates_dir: {REPO / 'docs_templates'}\n", encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
                              cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", "Harbour ferry dispute", 60)
        yield f"http://127.0.0.1:{port}", data
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_edit_broken_save_and_fix(served: tuple[str, Path]) -> None:
    base, data = served
    actors = data / "actors.yml"
    good = actors.read_text(encoding="utf-8")
    actors.write_text(good.replace("role: Council chair", "role: Chair of the council"), encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "Chair of the council")

    actors.write_text(good.replace("affiliation: council", "affiliation: councl"), encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "The dossier data has problems")
    page = _get(f"{base}/actors/ruiz.html")
    assert "unknown actor" in page and "councl" in page and "did you mean" in page
    assert "actors.yml:" in page
    assert "The dossier data has problems" in _get(f"{base}/timeline/index.html")  # every page says so

    actors.write_text(good, encoding="utf-8")
    _wait_for(f"{base}/actors/ruiz.html", "Council chair")
    assert "The dossier data has problems" not in _get(f"{base}/actors/ruiz.html")
