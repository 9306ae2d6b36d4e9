"""Never stale, as served: random sequences of an analyst's edits (tests/edits.py), each followed by
`mkdocs serve`'s quick rebuild, leave the served folder file for file as a new server's first build of the
same data makes it: pages, search index, sitemap, exports."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from edits import AnalystEdits
from hypothesis import HealthCheck, event, settings
from hypothesis.stateful import invariant
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import fresh_build, mini_config

pytestmark = pytest.mark.slow  # a minute or two: a fresh MkDocs build in a new process after every save

SERVE_URL = "http://127.0.0.1:8000/"  # written into the pages; nothing listens there
PROBLEMS = b"The dossier data has problems"


def _problems(page: bytes) -> bytes:
    """The table of problems on a page that lists them."""
    return page[page.index(PROBLEMS):].split(b"</table>")[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


class QuickRebuilds(AnalystEdits):
    """Served once (in this process, as `mkdocs serve` builds), then rebuilt by the server after every save."""

    def __init__(self) -> None:
        super().__init__()
        data, seeds = self.root / "site_data", self.root / "seeds"
        for folder in ("served", "fresh"):
            (self.root / folder).mkdir()
        self.fresh_config = mini_config(self.root / "fresh", data, seeds)
        config = load_config(str(mini_config(self.root / "served", data, seeds)), site_dir=str(self.root / "site"))
        self.plugin = config.plugins["dossier"]
        try:
            self.plugin.on_startup(command="serve", dirty=False)
            config.site_url, config.strict = SERVE_URL, False
            build(config, serve_url=SERVE_URL)
            self.rebuild = self.plugin.quick.builder(config)
        except BaseException:
            self.teardown()
            raise

    def teardown(self) -> None:
        self.plugin.on_shutdown()  # no collection left pending in this process
        gc.unfreeze()  # the server freezes what it keeps between saves
        super().teardown()

    @invariant()
    def the_served_folder_is_a_new_servers(self) -> None:
        self.rebuild()
        fresh = self.root / "fresh-site"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh_build(self.fresh_config, fresh, SERVE_URL, command="serve")
        served, expected = _tree(self.root / "site"), _tree(fresh)
        if PROBLEMS in expected["index.html"]:  # a server keeps its pages, each saying what to mend
            event("problems shown")
            assert _problems(served["index.html"]) == _problems(expected["index.html"])
            assert [name for name, text in served.items() if name.endswith(".html") and name != "404.html"
                    and PROBLEMS not in text] == []
            return
        event("pages compared")
        assert [name for name in sorted({*served, *expected}) if served.get(name) != expected.get(name)] == []


QuickRebuilds.TestCase.settings = settings(max_examples=4, stateful_step_count=6, deadline=None,
                                           suppress_health_check=[HealthCheck.too_slow])
test_random_edits_leave_no_stale_served_file = QuickRebuilds.TestCase
