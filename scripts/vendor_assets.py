"""Copy the front-end assets the site needs at read time from node_modules/ into docs/assets/vendor/.

Run after changing package.json (`npm install && python scripts/vendor_assets.py`). The copies are
committed so that `mkdocs build` works from a fresh clone with no npm step and the built site loads
nothing from a third-party host (it must work from file:// with no network).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "docs" / "assets" / "vendor"
FILES = {
    "tablesort/dist/tablesort.min.js": "tablesort.min.js",
    "tablesort/dist/sorts/tablesort.number.min.js": "tablesort.number.min.js",
    "tablesort/LICENCE": "tablesort.LICENSE",
    "iframe-worker/shim/index.js": "iframe-worker/shim.js",
    "iframe-worker/LICENSE": "iframe-worker/LICENSE",
}


def main() -> None:
    for source, target in FILES.items():
        destination = VENDOR / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "node_modules" / source, destination)
        print(f"{source} -> {destination.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
