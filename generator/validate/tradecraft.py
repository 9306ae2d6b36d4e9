"""Tradecraft the tool enforces: each citation at the sentence it supports, grades checked against the
lines of reporting, furniture not taken for evidence, parties not media, chronology, estimates with their
likelihood, confidence and time frame, and conflicts only between independent lines."""

from __future__ import annotations

from typing import Any

from generator.dates import parse_fuzzy_date
from generator.model import FURNITURE_KINDS, Citation, Demand, Passage, Question
from generator.problems import did_you_mean
from generator.validate.run import Run
from generator.validate.sentences import sentences
from generator.validate.walk import Cited

FURNITURE_WORDS = {"headline": "a headline", "subheading": "a sub-heading", "caption": "a photo caption",
                   "boilerplate": "boilerplate"}


def check_tradecraft(run: Run) -> None:
    furniture = _furniture(run)
    # What the checks of one cited text read beyond it: a text kept from the last build (its record's) and
    # found sound in the same world is sound again.
    world = run.world("tradecraft", (run.independence.facts, furniture, run.indexes))
    for name, _, links in run.links:
        for cited in links.cited:
            if cited.checked is world:
                continue
            problems = len(run.problems)
            groups = cited.groups if cited.groups is not None else _sentence_groups(run, name, cited)
            _check_grade_one(run, name, cited, groups)
            _check_furniture(run, name, cited, furniture)
            _check_contested(run, name, cited)
            if run.keeping and len(run.problems) == problems:
                cited.checked = world
    _check_one_grade_per_passage(run)
    _check_claim_origins(run)
    _check_parties(run)
    _check_responses(run)
    _check_judgments(run)
    _check_questions(run)


def _sentence_groups(run: Run, name: str, cited: Cited) -> list[set[int]]:
    """The citation indexes (0-based) each sentence rests on; problems for markers that do not add up.
    Sound groups are kept on `cited` when the run keeps its work: its file's next build reuses them."""
    problems_before = len(run.problems)
    groups = _groups_of(run, name, cited)
    if run.keeping and len(run.problems) == problems_before:
        cited.groups = groups
    return groups


def _groups_of(run: Run, name: str, cited: Cited) -> list[set[int]]:
    text_path = (*cited.path, cited.text_field)
    parts = sentences(cited.text)
    count = len(cited.citations)
    everything = set(range(count))
    marked = [n for sentence in parts for n in sentence.markers]
    for number in sorted({n for n in marked if not 1 <= n <= count}):
        run.problem(name, text_path, f"the marker [{number}] names no citation: this text has {count}",
                    f"use the numbers 1 to {count}, the order of the citations below")
    if not marked:
        if len(parts) > 1:
            run.problem(name, text_path, f"this text has {len(parts)} sentences but no citation markers",
                        "mark each sentence with the citations it rests on, e.g. '… [1]. … [2, 3].'")
        return [everything]
    for number, sentence in enumerate(parts, 1):
        if not sentence.markers:
            run.problem(name, text_path, f"sentence {number} of {len(parts)} has no citation marker: "
                        f"“{_short(sentence.text)}”",
                        "end it with the numbers of the citations it rests on, e.g. [1]; a sentence no quote "
                        "supports does not belong in cited text")
    for index in sorted(everything - {n - 1 for n in marked}):
        run.problem(name, (*cited.path, "citations", index), f"citation {index + 1} supports no sentence: the text "
                    f"has no marker [{index + 1}]",
                    f"put [{index + 1}] after the sentence it supports, or remove the citation")
    return [{n - 1 for n in sentence.markers if 1 <= n <= count} for sentence in parts if sentence.markers]


def _check_grade_one(run: Run, name: str, cited: Cited, groups: list[set[int]]) -> None:
    """Credibility 1 ('confirmed') needs another independent line of reporting behind the same sentence."""
    citations = cited.citations
    independent = run.independence.independent
    for index, citation in enumerate(citations):
        if citation.credibility != 1:
            continue
        beside = {other for group in groups if index in group for other in group if other != index}
        if any(independent(citations[other], citation) for other in beside):
            continue
        why = ("no other citation supports the same sentence" if not beside else
               "the other citations of the same sentence come from the same line of reporting")
        run.problem(name, (*cited.path, "citations", index, "credibility"),
                    f"credibility 1 (confirmed) needs another independent origin: {why}",
                    "grade it 2 or lower, or cite an independent source for the same sentence")


def _furniture(run: Run) -> dict[tuple[str, int], str]:
    """(source id, paragraph) -> the kind of furniture it is."""
    found: dict[tuple[str, int], str] = {}
    for source in run.records("sources.yml"):
        for kind in FURNITURE_KINDS:
            for paragraph in getattr(source.furniture, kind):
                found[(source.id, paragraph)] = kind
    return found


def _check_furniture(run: Run, name: str, cited: Cited, furniture: dict[tuple[str, int], str]) -> None:
    for index, citation in enumerate(cited.citations):
        passage = citation.passage
        if passage is None:
            continue
        kind = furniture.get((passage.source, passage.paragraph))
        path = (*cited.path, "citations", index)
        if kind and not citation.furniture_reason:
            run.problem(name, path, f"paragraph {passage.paragraph} of '{passage.source}' is "
                        f"{FURNITURE_WORDS[kind]}, page furniture rather than reporting",
                        "cite the body text that says this, or add furniture_reason: why this paragraph is itself "
                        "evidence")
        elif citation.furniture_reason and not kind:
            run.problem(name, (*path, "furniture_reason"), f"furniture_reason is given, but paragraph "
                        f"{passage.paragraph} of '{passage.source}' is not furniture", "remove furniture_reason")


def _check_contested(run: Run, name: str, cited: Cited) -> None:
    """A claim contests a record only from a line of reporting other than the record's own."""
    claims = getattr(cited.record, "contested_by", None)
    if not claims:
        return
    independent = run.independence.independent
    for number, claim in enumerate(claims):
        if not any(all(independent(c, own) for own in cited.citations) for c in claim.citations):
            run.problem(name, (*cited.path, "contested_by", number), "this claim rests only on the lines of "
                        "reporting the statement itself rests on: a line of reporting does not contest itself",
                        "cite an independent source that makes the claim, or state the disagreement in the text")


def _check_one_grade_per_passage(run: Run) -> None:
    """The same passage is one claim: cited twice, it gets one credibility."""
    first: dict[Passage, tuple[int | None, str, tuple[Any, ...]]] = {}
    for name, _, links in run.links:
        for path, citation in links.citations:
            if citation.passage is None:
                continue
            known = first.setdefault(citation.passage, (citation.credibility, name, path))
            if known[0] != citation.credibility:
                run.problem(name, (*path, "credibility"), f"this passage has credibility {_grade(citation)} here "
                            f"and {_grade_of(known[0])} at {run.where(known[1], (*known[2], 'credibility'))}",
                            "give the same passage one credibility: it is one claim, however often it is cited")


def _check_claim_origins(run: Run) -> None:
    """A claim's `origin` joins the citations that repeat one origin: a name used by one citation alone, and
    declared nowhere, joins nothing and would make its claim look independent (a misspelling, most likely)."""
    sources = run.records("sources.yml")
    declared = {s.id for s in sources} | {o.id for s in sources for o in s.derives_from}
    uses: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    for name, _, links in run.links:
        for path, citation in links.citations:
            if citation.origin:
                uses.setdefault(citation.origin, []).append((name, path))
    for origin, places in uses.items():
        if len(places) == 1 and origin not in declared:
            name, path = places[0]
            known = sorted(declared | {o for o, p in uses.items() if len(p) > 1})
            run.problem(name, (*path, "origin"), f"the origin '{origin}' is named by this citation only",
                        f"name an origin other citations or sources share ({did_you_mean(origin, known, 'origin')}),"
                        " or remove it: the source's own line of reporting then applies")


def _check_parties(run: Run) -> None:
    """Positions, demands and responses belong to parties; the media report them."""
    media = {a.id for a in run.records("actors.yml") if a.kind == "media"}
    if not media:
        return

    def check(name: str, path: tuple[Any, ...], actor_ids: list[str], role: str) -> None:
        for number, actor_id in enumerate(actor_ids):
            if actor_id in media:
                run.problem(name, (*path, number), f"'{actor_id}' is media: it reports, it does not {role}",
                            "name the party the source reports, and cite the outlet as a source instead")

    for q, question in enumerate(run.records("questions.yml")):
        for p, position in enumerate(question.positions):
            check("questions.yml", ("questions", q, "positions", p, "holders"), position.holders, "hold a position")
    for d, demand in enumerate(run.records("demands.yml")):
        check("demands.yml", ("demands", d, "by"), demand.by, "make a demand")
        check("demands.yml", ("demands", d, "of"), demand.of, "receive a demand")
        for r, response in enumerate(demand.responses):
            check("demands.yml", ("demands", d, "responses", r, "by"), response.by, "answer a demand")


def _check_responses(run: Run) -> None:
    for d, demand in enumerate(run.records("demands.yml")):
        assert isinstance(demand, Demand)
        since = parse_fuzzy_date(demand.since)
        for r, response in enumerate(demand.responses):
            answered = parse_fuzzy_date(response.date)
            if (answered.end or answered.start).last < since.start.first:
                run.problem("demands.yml", ("demands", d, "responses", r, "date"),
                            f"this response ({answered.label()}) is dated before the demand it answers "
                            f"(since {since.label()})",
                            "correct the date, or the demand's 'since', or record it as an earlier demand's response")


def _check_judgments(run: Run) -> None:
    model = run.models.get("dossier.yml")
    if model is None:
        return
    dossier = model.dossier
    if dossier.key_judgments and not dossier.bottom_line:
        run.problem("dossier.yml", ("dossier", "key_judgments"), "key judgments need a bottom line",
                    "add bottom_line: the dossier's conclusion in one sentence", prefer_key=True)
    if dossier.bottom_line and len(sentences(dossier.bottom_line)) > 1:
        run.problem("dossier.yml", ("dossier", "bottom_line"),
                    f"the bottom line has {len(sentences(dossier.bottom_line))} sentences",
                    "say it in one sentence; the key judgments carry the rest")
    for number, judgment in enumerate(dossier.key_judgments):
        path = ("dossier", "key_judgments", number)
        missing = [f for f in ("likelihood", "time_frame") if getattr(judgment, f) is None]
        if judgment.kind == "estimate" and missing:
            run.problem("dossier.yml", path, f"an estimate needs {' and '.join(missing)}",
                        "give its ICD 203 likelihood and the time frame it covers, or mark it kind: fact")
        if judgment.kind == "fact":
            for field in ("likelihood", "time_frame"):
                if getattr(judgment, field) is not None:
                    run.problem("dossier.yml", (*path, field), f"a judgment of fact has no {field.replace('_', ' ')}",
                                "remove it, or make the judgment an estimate (kind: estimate)")


def _check_questions(run: Run) -> None:
    independent = run.independence.independent
    for q, question in enumerate(run.records("questions.yml")):
        assert isinstance(question, Question)
        path = ("questions", q)
        if question.likelihood and not question.time_frame:
            run.problem("questions.yml", (*path, "likelihood"), "a likelihood needs a time frame",
                        "add time_frame: the period the likelihood covers, e.g. 'by 1 March'")
        if question.confidence and not question.confidence_basis:
            run.problem("questions.yml", (*path, "confidence"), "a confidence needs its basis",
                        "add confidence_basis: why that confidence")
        if question.kind == "contested":
            positions = question.positions
            if not any(independent(a, b) for i, x in enumerate(positions) for y in positions[i + 1:]
                       for a in x.citations for b in y.citations):
                run.problem("questions.yml", (*path, "kind"), "marked contested, but no two positions rest on "
                            "different lines of reporting", "cite the independent source that disagrees, or mark "
                            "the question kind: open")


def _grade(citation: Citation) -> str:
    return _grade_of(citation.credibility)


def _grade_of(credibility: int | None) -> str:
    return "none" if credibility is None else str(credibility)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
