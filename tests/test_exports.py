"""Machine-readable exports: generated from the model, valid against their schema, safe in spreadsheets."""

from __future__ import annotations

import csv
import io
import json

import pytest

from generator.render.exports import DossierExport

from conftest import build_pages, mini_paths


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    built, problems = build_pages(mini_paths())
    assert problems == []
    return built


def test_dossier_json_round_trips_through_its_model_and_places_every_quote(pages: dict[str, str]) -> None:
    exported = DossierExport.model_validate_json(pages["exports/dossier.json"])
    assert [a.id for a in exported.actors] == ["council", "ruiz", "blueline", "berg"]
    passage = next(p for p in exported.passages if p.quote == "We cannot fund this")
    assert (passage.source, passage.paragraph, passage.text) == ("gazette", 3, "We cannot fund this")
    schema = json.loads(pages["exports/dossier.schema.json"])
    assert set(schema["required"]) == {"dossier", "sources", "actors", "demands", "events", "questions", "passages"}


def test_dossier_json_validates_against_the_published_schema(pages: dict[str, str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(json.loads(pages["exports/dossier.json"]), json.loads(pages["exports/dossier.schema.json"]))


def test_timeline_csv_has_one_row_per_event_with_precision(pages: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(pages["exports/timeline.csv"])))
    assert [(r["id"], r["precision"], r["earliest"], r["latest"]) for r in rows] == [
        ("council-rejects", "day", "2023-02-28", "2023-02-28"),
        ("night-service", "approximate", "2023-03-01", "2023-04-30"),
    ]
    assert rows[0]["date_basis"].startswith("on Tuesday (gazette)")


def test_timelinejs_json_follows_the_format(pages: dict[str, str]) -> None:
    data = json.loads(pages["exports/timeline.timelinejs.json"])
    first, second = data["events"]
    assert first["start_date"] == {"year": 2023, "month": 2, "day": 28, "display_date": "28 Feb 2023"}
    assert second["end_date"] == {"year": 2023, "month": 4} and second["group"] == "approximate dates"
    assert data["title"]["text"]["headline"] == "Harbour ferry dispute"


def test_actors_csv_defuses_spreadsheet_formulas() -> None:
    from generator.render.exports import _safe_cell

    assert _safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _safe_cell("-1") == "'-1" and _safe_cell("Ruiz") == "Ruiz"


def test_actors_csv_rows(pages: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(pages["exports/actors.csv"])))
    ruiz = next(r for r in rows if r["id"] == "ruiz")
    assert (ruiz["affiliation"], ruiz["aliases"], ruiz["events"]) == ("council", "Ruiz", "1")
