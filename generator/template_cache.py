"""Compiled Jinja templates, kept so that a run need not compile them again.

Compiling the templates is most of the generator's time on a small dossier (about 90 ms of a 150 ms
run for the example), and they rarely change. Jinja checks each entry against the template's current
source, so an edited template is simply compiled again. Compiled code also depends on the environment
(trim_blocks, finalize, …), on Jinja's and Python's versions: entries are filed under a fingerprint of
those, so a change to any of them never reuses code compiled before it.

- in memory, for the runs of one process (`mkdocs serve` rebuilds);
- on disk, when given a folder (the project's `.cache/dossier/templates`), for the next process.
  Written atomically by Jinja; an unusable folder only means no disk cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


def environment_fingerprint(environment: jinja2.Environment) -> str:
    """What compiled template code depends on besides the template's own source."""

    def named(value: object) -> str:
        return getattr(value, "__qualname__", None) or repr(value)

    parts = [jinja2.__version__, sys.version, environment.block_start_string, environment.block_end_string,
             environment.variable_start_string, environment.variable_end_string, environment.comment_start_string,
             environment.comment_end_string, str(environment.line_statement_prefix),
             str(environment.line_comment_prefix), str(environment.trim_blocks), str(environment.lstrip_blocks),
             environment.newline_sequence, str(environment.keep_trailing_newline), named(environment.autoescape),
             named(environment.finalize), named(environment.undefined), str(environment.optimized),
             *sorted(environment.extensions)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:16]


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

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        """Jinja's own `get_bucket`, with the environment's fingerprint in the key."""
        key = self.get_cache_key(f"{environment_fingerprint(environment)}/{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

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
