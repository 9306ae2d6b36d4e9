"""How long `mkdocs serve` takes to show a saved YAML edit, and how much of that is the generator.

    .venv/bin/python benchmarks/serve_reload.py [--rounds 5]

Copies the project into a temporary folder, starts `mkdocs serve` there on a free loopback port,
then edits one actor's role in site_data/actors.yml several times. For each save it measures the
time until the actor's page is served with the new text (polling every 20 ms), and reads the
plugin's "dossier: generated N files in X s" log line for the generator's share.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = ["mkdocs.yml", "docs", "docs_templates", "site_data", "seeds"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait(url: str, needle: str, limit: float = 60.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if needle in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"{needle!r} did not appear at {url} within {limit:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in COPY:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
        port = _port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        generator_times: list[float] = []
        threading.Thread(target=_read_log, args=(server, generator_times), daemon=True).start()
        actors = project / "site_data" / "actors.yml"
        original = actors.read_text(encoding="utf-8")
        match = re.search(r"^  - id: (\S+)\n(?:    .*\n)*?    role: (.+)$", original, re.MULTILINE)
        if match is None:
            raise SystemExit("no actor with a role found in site_data/actors.yml")
        actor, role = match.group(1), match.group(2)
        page = f"http://127.0.0.1:{port}/actors/{actor}.html"
        try:
            _wait(page, "</html>", 120)
            rounds = []
            for number in range(1, args.rounds + 1):
                marker = f"edited-{number}-{time.time_ns()}"
                actors.write_text(original.replace(f"role: {role}", f"role: {role} {marker}", 1), encoding="utf-8")
                rounds.append(_wait(page, marker))
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"save -> page served with the edit, {len(rounds)} rounds: median {statistics.median(rounds):.2f} s, "
          f"max {max(rounds):.2f} s (includes the server's file-watching delay)")
    if generator_times[1:]:
        print(f"generator part (plugin log, rebuilds only): median {statistics.median(generator_times[1:]):.2f} s")
    return 0


def _read_log(server: subprocess.Popen[str], times: list[float]) -> None:
    assert server.stderr is not None
    for line in server.stderr:
        found = re.search(r"dossier: generated \d+ files in ([\d.]+) s", line)
        if found:
            times.append(float(found.group(1)))


if __name__ == "__main__":
    raise SystemExit(main())
