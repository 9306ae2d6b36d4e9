"""Tradecraft the tool enforces: lines of reporting, footnotes at their sentences, grades, furniture, parties,
chronology, estimates and contested points. Each rule: one broken copy of the mini fixture, one message."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.validate.independence import Independence
from generator.validate.sentences import pieces, sentences

from conftest import at, build_pages, listing, mini_paths, only, problems_of, replace_line, valid


def _source(source_id: str, *origins: str) -> Any:
    return SimpleNamespace(id=source_id, derives_from=[SimpleNamespace(id=o) for o in origins])


def _cites(*source_ids: str, origin: str | None = None) -> Any:
    return [SimpleNamespace(source=s, origin=origin) for s in source_ids]


# ---------------------------------------------------------------- lines of reporting


def test_two_translations_of_one_wire_story_are_one_origin() -> None:
    independence = Independence([_source("fr", "afp-1"), _source("th", "afp-1"), _source("it", "ria")])
    assert independence.origins(_cites("fr", "th")) == 1
    assert independence.origins(_cites("fr", "th", "it")) == 2


def test_claims_are_one_line_only_where_they_may_share_an_origin() -> None:
    """a copies wire x, c copies wire y, b carries both: a's claim and c's come from different wires, but
    b's claim may come from either, so it is of one line with both; the three sources form one family."""
    independence = Independence([_source("a", "x"), _source("b", "x", "y"), _source("c", "y")])
    assert independence.origins(_cites("a", "c")) == 2
    assert independence.origins(_cites("a", "b", "c")) == 1
    assert independence.groups() == [["a", "b", "c"]]


def test_an_article_carrying_two_dispatches_is_independent_of_a_copy_of_the_other_for_a_tagged_claim() -> None:
    independence = Independence([_source("web", "wire-1", "wire-2"), _source("paper", "wire-1")])
    assert independence.origins(_cites("web", "paper")) == 1
    assert independence.origins([*_cites("web", origin="wire-2"), *_cites("paper")]) == 2


def test_a_source_deriving_from_another_source_of_the_dossier_is_one_line_with_it() -> None:
    independence = Independence([_source("river-news"), _source("river-digest", "river-news"), _source("other")])
    assert independence.origins(_cites("river-news", "river-digest")) == 1
    assert independence.groups() == [["other"], ["river-digest", "river-news"]]


def test_a_claim_repeated_from_one_origin_counts_once_whichever_articles_carry_it() -> None:
    independence = Independence([_source("a"), _source("b")])
    assert independence.origins(_cites("a", "b")) == 2
    assert independence.origins(_cites("a", "b", origin="one-estimate")) == 1


def test_a_copy_of_an_article_carries_the_claims_its_citations_name() -> None:
    """s2 copies s1, whose claim names an estimate: the copy's claim is of one line with it; two origins
    reported by one article are two lines."""
    tagged = SimpleNamespace(source="s1", origin="estimate")
    independence = Independence([_source("s1"), _source("s2", "s1")], [tagged])
    assert independence.origins([tagged, *_cites("s2")]) == 1
    other = SimpleNamespace(source="s1", origin="interview")
    assert Independence([_source("s1")], [tagged, other]).origins([tagged, other]) == 2


def test_a_source_with_no_declared_origin_is_its_own() -> None:
    independence = Independence([_source("a"), _source("b")])
    assert independence.origins(_cites("a", "b")) == 2


def _derive(root: Path, source: int, entry: str) -> None:
    """Add a derives_from entry to source number `source` (1 or 2) of the mini fixture."""
    path = root / "site_data" / "sources.yml"
    text = path.read_text(encoding="utf-8")
    if source == 1:
        text = text.replace("    furniture: {headline: [1], boilerplate: [4]}\n",
                            f"    furniture: {{headline: [1], boilerplate: [4]}}\n    derives_from:\n      - {entry}\n")
    else:
        text = text.replace("      - {id: wire-2023-03-07, kind: wire}\n",
                            f"      - {{id: wire-2023-03-07, kind: wire}}\n      - {entry}\n")
    path.write_text(text, encoding="utf-8")


def test_derivation_from_another_source_makes_the_two_one_line_everywhere(mini_copy: Path) -> None:
    """The wire copying the gazette: the gazette's words no longer contest the wire's, and the question they
    disagree on is no longer contested by independent lines."""
    _derive(mini_copy, 2, "{id: gazette}")
    problems = problems_of(mini_copy)
    at(problems, "site_data/dossier.yml", 31, 11, "a line of reporting does not contest itself")
    at(problems, "site_data/questions.yml", 5, 11, "marked contested, but no two positions")
    assert len(problems) == 2, listing(problems)


def test_a_source_deriving_from_itself_is_refused(mini_copy: Path) -> None:
    _derive(mini_copy, 2, "{id: wire}")
    only(problems_of(mini_copy), "site_data/sources.yml", 27, 14, "'wire' is said to derive from itself")


def test_a_derivation_loop_is_refused_naming_the_loop(mini_copy: Path) -> None:
    _derive(mini_copy, 1, "{id: wire}")
    _derive(mini_copy, 2, "{id: gazette}")
    found = only(problems_of(mini_copy), "site_data/sources.yml", 16, 14, "in a loop")
    assert "gazette → wire → gazette" in found.message


def test_an_outside_origin_says_what_it_is(mini_copy: Path) -> None:
    _derive(mini_copy, 2, "{id: harbour-radio}")
    only(problems_of(mini_copy), "site_data/sources.yml", 27, 9, "'harbour-radio' is not a source",
         "add kind: wire")


# ---------------------------------------------------------------- sentences and markers


def test_sentences_keep_their_markers_and_abbreviations() -> None:
    found = sentences('The U.S. said no [1]. Mr. Smith agreed on 5 Jan. 2022 [2, 3]. He said "no." [1] Then left.')
    assert [(s.text, s.markers) for s in found] == [
        ("The U.S. said no [1].", (1,)), ("Mr. Smith agreed on 5 Jan. 2022 [2, 3].", (2, 3)),
        ('He said "no." [1]', (1,)), ("Then left.", ())]
    assert [(p.text, p.markers) for p in pieces("A [1]. B [2,3].")] == [("A", (1,)), (". B", (2, 3)), (".", ())]


def test_footnotes_stand_at_the_sentences_they_support(mini_copy: Path) -> None:
    pages, _ = build_pages(mini_paths(mini_copy))
    assert "Chairs the council[^1]. She speaks for it on the fee cut and on the talks[^1][^2]." in \
        pages["actors/ruiz.md"]


def _text(root: Path, old: str, new: str) -> None:
    replace_line(root, "site_data/dossier.yml", 20, f"    - text: {old}", f"    - text: {new}")


KJ2 = "BlueLine will keep the night service running until the end of March [1]. Talks with the council continue [2]."


def test_a_sentence_without_a_marker_is_refused(mini_copy: Path) -> None:
    _text(mini_copy, KJ2, KJ2.replace(" [2].", ".").replace("[1].", "[1, 2]."))
    only(problems_of(mini_copy), "site_data/dossier.yml", 20, 13, "sentence 2 of 2 has no citation marker",
         "Talks with the council continue.")


def test_several_sentences_without_markers_are_refused(mini_copy: Path) -> None:
    _text(mini_copy, KJ2, KJ2.replace(" [1].", ".").replace(" [2].", "."))
    only(problems_of(mini_copy), "site_data/dossier.yml", 20, 13, "2 sentences but no citation markers")


def test_a_citation_no_sentence_uses_is_refused_at_its_line(mini_copy: Path) -> None:
    _text(mini_copy, KJ2, KJ2.replace("[2].", "[1]."))
    only(problems_of(mini_copy), "site_data/dossier.yml", 28, 11, "citation 2 supports no sentence")


def test_a_marker_naming_no_citation_is_refused(mini_copy: Path) -> None:
    _text(mini_copy, KJ2, KJ2.replace("[2].", "[2, 3]."))
    only(problems_of(mini_copy), "site_data/dossier.yml", 20, 13, "the marker [3] names no citation")


# ---------------------------------------------------------------- grades


def test_the_same_passage_gets_one_credibility(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/timeline.yml", 14, "        credibility: 2", "        credibility: 3")
    only(problems_of(mini_copy), "site_data/timeline.yml", 14, 22, "credibility 3 here and 2 at "
         "site_data/dossier.yml:18")


def test_credibility_one_needs_an_independent_origin_for_the_same_sentence(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 18, "          credibility: 2", "          credibility: 1")
    replace_line(mini_copy, "site_data/timeline.yml", 14, "        credibility: 2", "        credibility: 1")
    problems = problems_of(mini_copy)
    at(problems, "site_data/dossier.yml", 18, 24, "credibility 1 (confirmed) needs another independent origin",
       "no other citation supports the same sentence")
    at(problems, "site_data/timeline.yml", 14, 22, "credibility 1 (confirmed)")
    assert len(problems) == 2, listing(problems)


# ---------------------------------------------------------------- furniture and parties


def test_a_headline_is_not_evidence_without_a_reason(mini_copy: Path) -> None:
    path = mini_copy / "site_data" / "sources.yml"
    path.write_text(path.read_text().replace("furniture: {headline: [1], boilerplate: [4]}",
                                             "furniture: {headline: [1], caption: [3], boilerplate: [4]}"))
    problems = problems_of(mini_copy)
    found = at(problems, "site_data/actors.yml", 31, 13, "paragraph 3 of 'gazette' is a photo caption")
    assert "furniture_reason" in found.hint
    assert {(p.file, p.line) for p in problems} == {("site_data/actors.yml", 31), ("site_data/dossier.yml", 33),
                                                    ("site_data/questions.yml", 11)}


def test_media_hold_no_positions(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/actors.yml", 35, "    kind: organisation", "    kind: media")
    problems = problems_of(mini_copy)
    at(problems, "site_data/questions.yml", 8, 19, "'blueline' is media: it reports, it does not hold a position")
    at(problems, "site_data/demands.yml", 3, 10, "'blueline' is media", "make a demand")


# ---------------------------------------------------------------- chronology, estimates, contested


def test_a_response_dated_before_its_demand_is_refused(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/demands.yml", 6, "    since: 2023-02", "    since: 2023-03-01")
    only(problems_of(mini_copy), "site_data/demands.yml", 13, 15, "dated before the demand it answers",
         "since 1 Mar 2023")


def test_events_after_the_as_of_date_are_expected_not_latest(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 4, "  as_of: 2023-03-07", "  as_of: 2023-02-28")
    pages, problems = build_pages(mini_paths(mini_copy))
    assert problems == [], listing(problems)
    home = pages["index.md"]
    latest, expected = home.split("## Latest events")[1].split("## Under way, expected or announced")
    assert "Council rejects the fee cut" in latest and "Night service runs" not in latest
    assert "Night service runs until at least March" in expected.split("## Downloads")[0]


def test_an_estimate_needs_a_likelihood_and_a_time_frame(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 22, "      time_frame: until 31 March 2023", "")
    only(problems_of(mini_copy), "site_data/dossier.yml", 20, 7, "an estimate needs time_frame", "kind: fact")


def test_a_judgment_of_fact_has_no_likelihood(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 12, "      kind: fact",
                 "      kind: fact\n      likelihood: likely")
    only(problems_of(mini_copy), "site_data/dossier.yml", 13, 19, "a judgment of fact has no likelihood")


def test_key_judgments_need_a_one_sentence_bottom_line(mini_copy: Path) -> None:
    line = ("  bottom_line: The council has refused the fee cut, and whether BlueLine keeps its night ferry beyond "
            "March is still open.")
    replace_line(mini_copy, "site_data/dossier.yml", 5, line, "")
    only(problems_of(mini_copy), "site_data/dossier.yml", 10, 3, "key judgments need a bottom line")
    replace_line(mini_copy, "site_data/dossier.yml", 5, "", "  bottom_line: It is refused. Talks go on.")
    only(problems_of(mini_copy), "site_data/dossier.yml", 5, 16, "the bottom line has 2 sentences")


def test_a_likelihood_needs_a_time_frame(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/questions.yml", 21, "    time_frame: by the end of March 2023", "")
    only(problems_of(mini_copy), "site_data/questions.yml", 20, 17, "a likelihood needs a time frame")


def test_a_claim_from_the_statements_own_line_does_not_contest_it(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 33, "            - source: gazette", "            - source: wire")
    replace_line(mini_copy, "site_data/dossier.yml", 34, "              quote: may suspend the night service",
                 "              quote: talks with the council will continue")
    only(problems_of(mini_copy), "site_data/dossier.yml", 31, 11, "a line of reporting does not contest itself")


def test_a_contested_question_needs_positions_from_two_lines(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/questions.yml", 11, "          - source: gazette", "          - source: wire")
    replace_line(mini_copy, "site_data/questions.yml", 12, "            quote: may suspend the night service",
                 "            quote: talks with the council will continue")
    only(problems_of(mini_copy), "site_data/questions.yml", 5, 11, "marked contested, but no two positions")


def test_the_mini_fixture_is_valid_under_every_rule(mini_copy: Path) -> None:
    assert valid(mini_copy).citation_count == 17


def test_an_origin_named_by_one_citation_alone_is_refused(mini_copy: Path) -> None:
    replace_line(mini_copy, "site_data/dossier.yml", 17, "          quote: The harbour council on Tuesday rejected "
                 "the ferry operator's demand", "          quote: The harbour council on Tuesday rejected the ferry "
                 "operator's demand\n          origin: council-minutes")
    only(problems_of(mini_copy), "site_data/dossier.yml", 18, 19, "the origin 'council-minutes' is named by this "
         "citation only")


def test_an_origin_two_citations_share_joins_them(mini_copy: Path) -> None:
    path = mini_copy / "site_data" / "dossier.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("          quote: the night service would run until at least March\n",
                        "          quote: the night service would run until at least March\n"
                        "          origin: berg-briefing\n")
    path.write_text(text, encoding="utf-8")
    path = mini_copy / "site_data" / "timeline.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        quote: the night service would run until at least March\n",
                                 "        quote: the night service would run until at least March\n"
                                 "        origin: berg-briefing\n"), encoding="utf-8")
    valid(mini_copy)
