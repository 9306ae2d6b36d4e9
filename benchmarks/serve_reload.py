"""How long `mkdocs serve` takes to show a saved YAML edit, and how much of that is the generator.

    .venv/bin/python benchmarks/serve_reload.py [--rounds 5]

Copies the project into a temporary folder, starts `mkdocs serve` there on a free loopback port,
then edits one actor's role in site_data/actors.yml several times. For each save it measures the
time until the actor's page is served with the new text (polling every 20 ms), and reads the
plugin's "dossier: generated N files in X s" log line for the generator's share.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from serving import free_port, start_serve, wait_for

ROOT = Path(__file__).resolve().parent.parent
COPY = ["mkdocs.yml", "docs", "docs_templates", "site_data", "seeds"]


def _wait(url: str, needle: str, limit: float = 60.0) -> float:
    waited = wait_for(url, needle, limit, interval=0.02, timeout=2)  # a stuck request must not blur a figure
    if waited is None:
        raise SystemExit(f"{needle!r} did not appear at {url} within {limit:.0f} s")
    return waited


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for name in COPY:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
        actors = project / "site_data" / "actors.yml"
        original = actors.read_text(encoding="utf-8")
        match = re.search(r"^  - id: (\S+)\n(?:    .*\n)*?    role: (.+)$", original, re.MULTILINE)
        if match is None:
            raise SystemExit("no actor with a role found in site_data/actors.yml")
        actor, role = match.group(1), match.group(2)
        port = free_port()
        page = f"http://127.0.0.1:{port}/actors/{actor}.html"
        server = start_serve(project, port)
        generator_times: list[float] = []
        threading.Thread(target=_read_log, args=(server, generator_times), daemon=True).start()
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
