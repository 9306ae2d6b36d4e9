"""Compiled Jinja templates, kept so that a run need not compile them again.

Compiling the templates is most of the generator's time on a small dossier (about 90 ms of a 150 ms
run for the example), and they rarely change. Jinja's own bytecode cache checks each entry against
the template's current source, so an edited template is simply compiled again.

- in memory, for the runs of one process (`mkdocs serve` rebuilds);
- on disk, when given a folder (the project's `.cache/dossier/templates`), for the next process.
  Written atomically by Jinja; an unusable folder only means no disk cache.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.BytecodeCache):
    def __init__(self, folder: Path | None = None) -> None:
        self._memory: dict[str, bytes] = {}
        self._disk: jinja2.FileSystemBytecodeCache | None = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self._disk = jinja2.FileSystemBytecodeCache(str(folder))
            except OSError:  # read-only checkout, odd permissions: work without it
                self._disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._memory.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)
            return
        if self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except Exception:  # a damaged entry fails in pickle or marshal, in many ways: compile again
                bucket.reset()
            if bucket.code is not None:
                self._memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._memory[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            with contextlib.suppress(OSError):  # a full or read-only disk costs a compile next time, nothing more
                self._disk.dump_bytecode(bucket)
