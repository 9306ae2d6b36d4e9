"""Talking to a `mkdocs serve` process: a free port, a page's text, waiting for a change to be served;
and the mkdocs.yml of a synthetic dossier's project.

Shared by benchmarks/serve_reload.py, benchmarks/mkdocs_run.py and tests/test_serve.py."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def write_config(config: Path, data_dir: Path, seeds_dir: Path, templates_dir: Path, more: str = "") -> Path:
    """An mkdocs.yml that builds the given data with this repository's site: its settings (INHERIT) and
    its plugins with their settings (a list, which INHERIT would not merge), the dossier's pointed at the data."""
    import yaml

    plugins = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    for plugin in plugins:
        if isinstance(plugin, dict) and "dossier" in plugin:
            plugin["dossier"] = {"data_dir": str(data_dir), "seeds_dir": str(seeds_dir),
                                 "templates_dir": str(templates_dir)}
    config.write_text(f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}\n"
                      f"docs_dir: {json.dumps(str(REPO / 'docs'))}\n"
                      f"plugins: {json.dumps(plugins)}\n{more}", encoding="utf-8")  # JSON is YAML
    return config


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
