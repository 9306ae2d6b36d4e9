"""Quote normalisation: the fast paths give exactly what the full, offset-keeping normalisation gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.load.text import split_paragraphs
from generator.model import Passage
from generator.validate.normalise import _ONE_TO_ONE, _translate, normalise, normalise_quote, normalise_simple
from generator.validate.quotes import SourceIndex

# Every character normalisation treats specially, mixed with plain letters and spaces.
SPECIAL = "‘’‚‛′‵`´“”„‟″‶«»‐‑‒–—―−﹘﹣－\u00a0\u2009\u202f\u3000\t\n\r\f\v\u00ad\u200b\u2060\ufeff\u202e\x01\x1f\x7f…"
TEXT = st.text(alphabet=st.sampled_from(SPECIAL + "ab '\"-."), max_size=40)


@given(TEXT)
def test_translate_by_regex_equals_str_translate(text: str) -> None:
    assert _translate(text) == text.translate(_ONE_TO_ONE)


@given(TEXT)
def test_quote_normalisation_equals_the_full_normalisation(text: str) -> None:
    assert normalise_quote(text) == normalise(text).text.strip()


@given(TEXT)
def test_fast_normalisation_equals_the_char_by_char_one(text: str) -> None:
    assert normalise(text).text == normalise_simple(text).text


def test_a_typed_quote_with_nothing_to_normalise_is_only_trimmed() -> None:
    assert normalise_quote("  We are not talking about tomorrow ") == "We are not talking about tomorrow"
    assert normalise_quote("it’s  “here”\u00a0now…") == "it's \"here\" now..."


def test_a_source_index_normalises_on_its_first_search_only() -> None:
    """Building the index of a source that is never cited costs nothing; the first search pays once."""
    paragraphs = split_paragraphs("First \u201cparagraph\u201d here.\n\nSecond\u00a0one, with a quote.", "auto")
    index = SourceIndex("s", paragraphs)
    assert "norms" not in vars(index) and "joined" not in vars(index)
    found = index.locate('with a quote', None, None)
    assert isinstance(found, Passage) and (found.paragraph, found.start, found.end) == (2, 12, 24)
    assert index.offsets == [0, len(index.norms[0].text) + 1]
    norms = index.norms
    assert isinstance(index.locate('"paragraph" here', None, None), Passage)
    assert index.norms is norms  # normalised once
