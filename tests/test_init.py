"""Anyone's dossier: `init` starts one that builds at once, the README's walk-through works as written, the
site's identity comes from dossier.yml, and nothing of another dossier leaks into a site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.authoring.init import init
from generator.build import check
from generator.load import ProjectPaths

from conftest import MINI, REPO, built_site, example_words, mini_paths, mkdocs_build

WALKTHROUGH = re.compile(r"## Start your own dossier\n\n```sh\n(.+?)```\n\n(.+?)```yaml\n(.+?)```", re.S)


def test_init_makes_an_empty_dossier_that_passes_check(tmp_path: Path) -> None:
    project = tmp_path / "new"
    assert init(ProjectPaths(project), "Canal levy", "2031-05-01", force=False) == 0
    checked = check(ProjectPaths(project))
    assert checked.problems == [] and checked.dossier is not None
    assert checked.dossier.dossier.title == "Canal levy" and checked.dossier.dossier.as_of == "2031-05-01"
    for data_file in (project / "site_data").glob("*.yml"):
        first = data_file.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{data_file.stem}.schema.json"
    assert (project / "site_data" / "schema" / "actors.schema.json").is_file()
    assert (project / "mkdocs.yml").is_file() and (project / "docs_templates" / "home.md.jinja").is_file()


def test_init_refuses_to_replace_a_dossier_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "example"
    shutil.copytree(MINI, project)
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    assert init(ProjectPaths(project), "Other", None, force=False) == 1
    said = capsys.readouterr().err
    assert "already holds a dossier" in said and "2 source file(s)" in said and "--force" in said
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert init(ProjectPaths(project), "Other", None, force=True) == 0
    assert [p.name for p in (project / "seeds").iterdir()] == [".gitkeep"]
    checked = check(ProjectPaths(project))
    assert checked.dossier is not None and checked.dossier.dossier.title == "Other" and not checked.dossier.sources


@pytest.mark.slow
def test_a_new_dossier_builds_at_once(tmp_path: Path) -> None:
    project = tmp_path / "new"
    assert init(ProjectPaths(project), "Canal levy", "2031-05-01", force=False) == 0
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<title>Canal levy</title>" in (project / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_readme_walkthrough_works_as_written(tmp_path: Path) -> None:
    """The commands run verbatim (from a copy of this checkout); the stub is then filled in as the README says,
    and the README's first citation appended as it stands: check passes and the site builds."""
    commands, _, first_record = WALKTHROUGH.search((REPO / "README.md").read_text(encoding="utf-8")).groups()
    home = tmp_path / "home"
    (home / "articles").mkdir(parents=True)
    shutil.copyfile(MINI / "seeds" / "a.txt", home / "articles" / "gazette.txt")
    checkout = tmp_path / "main"
    checkout.mkdir()
    (checkout / ".venv").symlink_to(REPO / ".venv")
    env = {**os.environ, "HOME": str(home), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run(["bash", "-c", commands], cwd=checkout, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr  # check lists the stub's empty fields
    assert "site_data/sources.yml" in run.stderr and "'title' is empty" in run.stderr
    project = tmp_path / "harbour"
    sources = project / "site_data" / "sources.yml"
    sources.write_text(_filled(sources.read_text(encoding="utf-8")), encoding="utf-8")
    with (project / "site_data" / "actors.yml").open("a", encoding="utf-8") as actors:
        actors.write(first_record)
    done = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OK: 1 sources, 1 actors")
    result = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (project / "site" / "actors" / "harbour-council.html").is_file()


def _filled(stub: str) -> str:
    """The stub as an analyst fills it in: each empty field given a value."""
    values = {"title": "Harbour council rejects ferry operator's demand", "short_name": "Gazette",
              "outlet": "Portville Gazette", "original_language": "en", "date": "2023-03-01",
              "established": "dateline", "reason": "Local paper of record."}
    for field, value in values.items():
        stub = re.sub(rf"^(\s*){field}:\s*$", rf'\g<1>{field}: "{value}"', stub, count=1, flags=re.M)
    return stub


@pytest.mark.slow
def test_the_site_takes_its_identity_from_the_dossier_and_refuses_another(tmp_path: Path) -> None:
    project = tmp_path / "new"
    init(ProjectPaths(project), "Canal levy", "2031-05-01", force=False)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('site_name: ""', 'site_name: "Old topic"'),
                      encoding="utf-8")
    result = mkdocs_build(config, project / "site")
    assert result.returncode == 1
    assert "mkdocs.yml:3:1: site_name is 'Old topic', but the dossier's title is 'Canal levy'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_no_word_of_the_example_leaks_into_another_dossiers_site(tmp_path: Path) -> None:
    site = built_site(tmp_path, MINI)
    words = example_words()
    pattern = re.compile("|".join(rf"\b{re.escape(w)}\b" for w in words))
    checked = 0
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".json", ".js", ".csv", ".xml") or "assets" in path.parts:
            continue  # the theme's own scripts and styles are the same for every dossier
        found = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        assert found is None, f"{path.relative_to(site)} mentions {found.group(0)!r}"
        checked += 1
    assert checked > 20 and (site / "search" / "search_index.json").is_file()


@pytest.mark.parametrize(("copyright", "line"), [
    (None, "Edition of 7 Mar 2023"),
    ("Harbour desk", "Harbour desk · Edition of 7 Mar 2023"),
    ("Harbour desk · Edition of 7 Mar 2023", "Harbour desk · Edition of 7 Mar 2023"),  # said once, on a rebuild
])
def test_every_footer_names_the_edition_after_the_copyright(copyright: str | None, line: str) -> None:
    from generator.mkdocs.identity import edition_line

    dossier = check(mini_paths()).dossier
    assert dossier is not None
    assert edition_line(copyright, dossier.dossier) == line
