"""The typed, immutable data model of a dossier: one pydantic dataclass per YAML file and record kind.

Field descriptions are the YAML reference: they feed the JSON Schemas editors use and REFERENCE.md.
The loader hands us strings only (already trimmed); fields that want numbers or dates convert here,
nowhere else.

Records are slotted, frozen pydantic dataclasses rather than `BaseModel`s: they keep the loader's
strings as they are and hold no per-instance `__dict__`, which matters at hundreds of thousands of
citations (benchmarks/README.md).
"""

from __future__ import annotations

import operator
import re
import types
import typing
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints, TypeAdapter
from pydantic.config import JsonDict
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema

from generator.dates import FuzzyDate, parse_fuzzy_date

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
ACTOR_REF: JsonDict = {"x-refers-to": "actors"}  # read by generator.validate.walk
SOURCE_REF: JsonDict = {"x-refers-to": "sources"}
# The field of a record that its citations support, sentence by sentence (generator.validate.sentences).
CITED_TEXT: JsonDict = {"x-cited-text": True}


def _strict_bool(value: object) -> object:
    """YAML 1.1 reads yes/no/on/off as booleans; we accept only true/false so nothing is a surprise."""
    if isinstance(value, str):
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ValueError(f"'{value}' is not true or false; write true or false")
    return value


Flag = Annotated[bool, BeforeValidator(_strict_bool)]
# No strip_whitespace here: the loader trims every value (str.strip returns the very same string when
# there is nothing to trim), whereas pydantic would copy each string it strips.
Text = Annotated[str, StringConstraints(min_length=1)]


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s<>\"']+$", value):
        raise ValueError("only http:// or https:// addresses are accepted")
    return value


Url = Annotated[str, AfterValidator(_http_url)]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
DateText = Annotated[
    str,
    StringConstraints(pattern=r"^~?\d{4}(-\d{2}(-\d{2})?)?(\.\.\d{4}(-\d{2}(-\d{2})?)?)?$"),
    AfterValidator(lambda v: parse_fuzzy_date(v) and v),
]

Likelihood = Literal[
    "almost no chance", "very unlikely", "unlikely", "roughly even chance", "likely", "very likely", "almost certain"
]
LIKELIHOOD_SCALE: tuple[str, ...] = typing.get_args(Likelihood)


RECORD_CONFIG = ConfigDict(extra="forbid", defer_build=True)  # built on first use: quicker start-up
Confidence = Literal["low", "moderate", "high"]


def _none_is_empty(value: object) -> object:
    """`actors:` with nothing under it (as `init` writes it) is an empty list, not a missing one."""
    return [] if value is None else value


Records = BeforeValidator(_none_is_empty)


def record_fields(record_class: type[Any]) -> dict[str, FieldInfo]:
    """The fields a YAML record may hold, in declaration order (the YAML reference's order)."""
    return {name: info for name, info in record_class.__pydantic_fields__.items() if info.init is not False}


def unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the record or plain type inside, whether it is a list): list[X] | None -> (X, True)."""
    is_list = False
    for _ in range(6):
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, tuple):
            annotation, is_list = typing.get_args(annotation)[0], True
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            break
    return annotation, is_list


def is_record_class(value: object) -> bool:
    return isinstance(value, type) and "__pydantic_fields__" in vars(value)


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(record_class: type[Any]) -> TypeAdapter[Any]:
    """The validator of a record class, built once (building one compiles its whole schema)."""
    if record_class not in _ADAPTERS:
        _ADAPTERS[record_class] = TypeAdapter(record_class)
    return _ADAPTERS[record_class]


class Passage(NamedTuple):
    """Where a citation landed: paragraph number and [start, end) offsets in its original text."""

    source: str
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Citation:
    """A passage of a source that a statement rests on."""

    source: Id = Field(description="Id of the source (see sources.yml).", json_schema_extra=SOURCE_REF)
    quote: Text = Field(
        description="Words copied verbatim from the source. Matching ignores curly vs straight quotes, "
        "no-break spaces, dash variants and runs of whitespace. Must lie within one paragraph."
    )
    paragraph: int | None = Field(
        None, ge=1, description="Paragraph number, only needed when the quote occurs in several paragraphs."
    )
    occurrence: int | None = Field(
        None, ge=1, description="Which occurrence within the paragraph, when the quote repeats inside it."
    )
    note: Text | None = Field(None, description="Analyst's note on this passage (e.g. a translation error).")
    credibility: int | None = Field(
        None,
        ge=1,
        le=6,
        description="Admiralty credibility of the cited claim: 1 confirmed (by another independent origin), "
        "2 probably true, 3 possibly true, 4 doubtful, 5 improbable, 6 cannot be judged. The same passage "
        "cited twice gets the same grade.",
    )
    credibility_reason: Text | None = Field(None, description="Why this credibility was given.")
    origin: Id | None = Field(
        None,
        description="Id of the claim's original source when the article repeats it (one intelligence estimate, "
        "one interview, one wire dispatch): citations naming the same origin count as one line of evidence, "
        "whichever articles carry them. May be an id used in a source's `derives_from`.",
    )
    furniture_reason: Text | None = Field(
        None,
        description="Why a paragraph its source marks as furniture (headline, sub-heading, caption, boilerplate) "
        "is cited as evidence; required for such a paragraph, refused for any other.",
    )
    # Set once by validate, where the quote was found; never read from YAML, never exported.
    passage: SkipJsonSchema[Passage | None] = Field(None, init=False, exclude=True, repr=False)


Citations = Annotated[list[Citation], Field(min_length=1)]
MARKERS = ("Several sentences: mark each with the citations it rests on, '[1]' or '[1, 3]' (their numbers "
           "in `citations`).")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Claim:
    """A claim that conflicts with the statement it is attached to, with its own citations."""

    text: Text = Field(description=f"The conflicting claim, in the analyst's words. {MARKERS}",
                       json_schema_extra=CITED_TEXT)
    citations: Citations = Field(description="Passages that make this claim, from another line of reporting than "
                                 "the statement's.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Statement:
    """A cited statement: a fact about an actor."""

    text: Text = Field(description=f"The statement, in the analyst's words. {MARKERS}", json_schema_extra=CITED_TEXT)
    citations: Citations = Field(description="Passages the statement rests on.")
    key: Flag = Field(
        False, description="A central statement. Pages flag it if it rests on a single independent origin."
    )
    contested_by: list[Claim] = Field(
        default_factory=list, description="Claims from other sources that contradict this statement."
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Judgment:
    """A key judgment: an estimate (a likelihood over a time frame, with a confidence) or a judgment of fact."""

    text: Text = Field(description=f"The judgment, in the analyst's words. {MARKERS}", json_schema_extra=CITED_TEXT)
    kind: Literal["estimate", "fact"] = Field(
        "estimate", description="'estimate': a likelihood over a time frame; 'fact': a judgment of what is the case."
    )
    likelihood: Likelihood | None = Field(
        None, description="ICD 203 likelihood term; required for an estimate, refused for a judgment of fact."
    )
    time_frame: Text | None = Field(
        None, description="The period the likelihood covers (e.g. 'by the end of March'); required for an estimate."
    )
    confidence: Confidence = Field(description="Analytic confidence in the judgment, judged apart from likelihood.")
    confidence_basis: Text = Field(description="Why that confidence: the quality, independence and gaps of the "
                                   "sourcing.")
    citations: Citations = Field(description="Passages the judgment rests on.")
    contested_by: list[Claim] = Field(default_factory=list, description="Claims that contradict this judgment.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Dossier:
    """dossier.yml: what the whole dossier is about."""

    title: Text = Field(description="Title of the dossier; it also names the site.")
    as_of: DateText = Field(description="Date the dossier is current to (YYYY-MM-DD).")
    language: Language = Field("en", description="Language of the dossier's own text (BCP 47, e.g. 'en'); "
                               "also the site's language.")
    description: Text | None = Field(None, description="One line describing the dossier for search engines and "
                                     "link previews (the site's description); the bottom line when absent.")
    bottom_line: Text | None = Field(None, description="The dossier's conclusion in one sentence; opens the home "
                                     "page and the briefing book. Required once there are key judgments.")
    summary: Text | None = Field(None, description="A short paragraph saying what the dossier covers.")
    key_judgments: list[Judgment] = Field(
        default_factory=list, description="The dossier's key judgments, each an estimate or a judgment of fact."
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Translation:
    """Whether the text is a translation, and of what."""

    status: Literal["original", "human", "machine", "unknown"] = Field(
        description="'original' if the text is in its original language, else who translated it."
    )
    from_language: str | None = Field(None, description="Language translated from (e.g. 'fr').")
    evidence: Text | None = Field(None, description="What in the text shows this (e.g. garbled idioms).")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Published:
    """When the source was published, and how that is known."""

    date: DateText = Field(description="Publication date (YYYY-MM-DD, or YYYY-MM if only the month is known).")
    time: Annotated[str, StringConstraints(pattern=r"^\d{1,2}:\d{2}$")] | None = Field(
        None, description="Publication time as printed (HH:MM), when given."
    )
    established: Text = Field(description="How the date was established (dateline, content, file metadata…).")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Reliability:
    """Admiralty grade of the source as a whole (judged separately from each claim's credibility)."""

    grade: Literal["A", "B", "C", "D", "E", "F"] = Field(
        description="Admiralty source reliability: A completely reliable, B usually reliable, C fairly reliable, "
        "D not usually reliable, E unreliable, F cannot be judged."
    )
    reason: Text = Field(description="Why this grade.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Origin:
    """What a source copies or reports: another source of the dossier, or an outside origin (a wire dispatch)."""

    id: Id = Field(description="Id of another source of this dossier that this one derives from, or of an outside "
                   "origin shared by the sources copying it (e.g. 'wire-2031-03-02'). Either way the sources "
                   "count as one line of reporting.")
    kind: Literal["wire", "broadcast", "interview", "outlet", "statement", "document", "social", "other"] | None = \
        Field(None, description="What the outside origin is; required for an outside origin, not for a source of "
              "the dossier.")
    note: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Furniture:
    """Paragraphs of a source that are page furniture, not reporting: not evidence unless a citation says why."""

    headline: list[int] = Field(default_factory=list, description="Paragraph numbers of headlines.")
    subheading: list[int] = Field(default_factory=list, description="Paragraph numbers of sub-headings.")
    caption: list[int] = Field(default_factory=list, description="Paragraph numbers of photo captions and credits.")
    boilerplate: list[int] = Field(default_factory=list, description="Paragraph numbers of site furniture: "
                                   "navigation, 'see also' links, bylines, footers.")


FURNITURE_KINDS = ("headline", "subheading", "caption", "boilerplate")  # the fields of Furniture


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Source:
    """sources.yml: one entry per file under seeds/."""

    id: Id = Field(description="Short id used by citations.")
    file: Text = Field(description="File name under seeds/ (no folders, no '..').")
    title: Text = Field(description="Headline of the article as printed (translated if needed).")
    short_name: Text = Field(description="Short name shown in footnotes, e.g. 'Harbour Gazette'.")
    outlet: Text = Field(description="Publishing outlet, or a description when unknown.")
    url: Url | None = Field(None, description="Address of the original (http or https only).")
    archive_url: Url | None = Field(None, description="Address of an archived copy (e.g. in the Wayback Machine).")
    accessed: DateText | None = Field(None, description="When the original or the archived copy was read "
                                      "(YYYY-MM-DD).")
    author: Text | None = Field(None, description="Author when known.")
    language: Language = Field(description="Language of the text in the file (BCP 47, e.g. 'en').")
    original_language: Language = Field(description="Language the article was first written in (e.g. 'fr').")
    translation: Translation = Field(description="Whether and how the text was translated.")
    published: Published = Field(description="When the source was published and how that is known.")
    reliability: Reliability = Field(description="Admiralty reliability grade with its reason.")
    derives_from: list[Origin] = Field(
        default_factory=list,
        description="What the source copies or reports: another source of the dossier, or an outside origin (a "
        "wire story, an interview). Sources sharing an origin are one line of reporting, not independent.",
    )
    paragraphs: Literal["auto", "blank-line", "line"] = Field(
        "auto",
        description="How paragraphs are separated: 'blank-line', 'line' (every line is one), or 'auto' "
        "(blank lines if the file has any, else lines).",
    )
    furniture: Furniture = Field(default_factory=Furniture,
                                 description="Paragraphs that are headlines, sub-headings, captions or boilerplate.")
    notes: Text | None = Field(None, description="Anything else a reader should know about the source.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Actor:
    """actors.yml: people, organisations, states, groups and media."""

    id: Id
    name: Text = Field(description="Name as the dossier writes it.")
    kind: Literal["person", "organisation", "state", "group", "media"] = Field(
        description="'media' for an outlet or news agency: it reports, so it cannot hold a position, make or "
        "answer a demand."
    )
    role: Text = Field(description="Role in the events, in a phrase.")
    affiliation: Id | None = Field(
        None, description="Id of the actor this one belongs to or speaks for.", json_schema_extra=ACTOR_REF
    )
    aliases: list[Text] = Field(
        default_factory=list, description="Other spellings, exactly as they occur in the sources."
    )
    summary: Text = Field(description=f"Who the actor is and what they did. {MARKERS}", json_schema_extra=CITED_TEXT)
    citations: Citations = Field(description="Passages the summary rests on.")
    statements: list[Statement] = Field(default_factory=list, description="Further cited facts.")


Stance = Literal["accepts", "partially-accepts", "rejects", "counter-proposal", "non-committal", "defers"]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Response:
    """A response to a demand: who, when, with what stance."""

    by: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Actor ids who responded.", json_schema_extra=ACTOR_REF
    )
    date: DateText = Field(description="When (date grammar as for events); not before the demand's `since`.")
    stance: Stance
    summary: Text = Field(description=f"What the response says. {MARKERS}", json_schema_extra=CITED_TEXT)
    citations: Citations


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Demand:
    """demands.yml: who demands what of whom."""

    id: Id
    by: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Actor ids making the demand.", json_schema_extra=ACTOR_REF
    )
    of: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Actor ids the demand is made of.", json_schema_extra=ACTOR_REF
    )
    demand: Text = Field(description="What is demanded, in a sentence.", json_schema_extra=CITED_TEXT)
    since: DateText = Field(description="Since when it is made (date grammar as for events).")
    status: Literal["open", "rejected", "partially-met", "met", "withdrawn", "superseded"] = Field(
        description="Status as of the dossier date."
    )
    citations: Citations
    responses: list[Response] = Field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class DateBasis:
    """How a relative date in a source ("on Sunday") was turned into a calendar date."""

    expression: Text = Field(description="The relative expression as the source gives it.")
    source: Id = Field(description="Source whose publication date anchors it.", json_schema_extra=SOURCE_REF)
    reasoning: Text = Field(description="How the date follows, e.g. 'published Mon 6 Mar; Sunday = 5 Mar'.")
    time_zone: Text | None = Field(None, description="The time zone the expression is in when it is not the "
                                   "event's own, e.g. 'Bangkok time (UTC+7)': the local date may differ.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Event:
    """timeline.yml: dated events."""

    id: Id
    date: DateText = Field(
        description="YYYY-MM-DD (day), YYYY-MM (month), START..END (range), a leading '~' for approximate. "
        "An event after the dossier's as-of date is shown as expected or announced."
    )
    date_basis: DateBasis | None = Field(None, description="How a relative date was resolved.")
    title: Text
    actors: list[Id] = Field(default_factory=list, description="Actor ids involved.", json_schema_extra=ACTOR_REF)
    summary: Text = Field(description=f"What happened. {MARKERS}", json_schema_extra=CITED_TEXT)
    citations: Citations
    contested_by: list[Claim] = Field(default_factory=list, description="Conflicting accounts.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Position:
    """One of the competing positions on a question, with who holds it."""

    holders: Annotated[list[Id], Field(min_length=1)] = Field(
        description="Actor ids holding it: parties to the question, not the media reporting it.",
        json_schema_extra=ACTOR_REF,
    )
    position: Text = Field(description=f"The position, in the analyst's words. {MARKERS}",
                           json_schema_extra=CITED_TEXT)
    citations: Citations


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class Question:
    """questions.yml: open questions and points on which sources disagree."""

    id: Id
    question: Text = Field(description="One question, answerable yes or no within its time frame.")
    why_it_matters: Text
    kind: Literal["open", "contested"] = Field(
        "open", description="'contested' when positions from independent lines of reporting contradict each other."
    )
    status: Literal["open", "resolved", "moot"]
    positions: Annotated[list[Position], Field(min_length=1)]
    indicators: list[Text] = Field(default_factory=list, description="What to watch for.")
    likelihood: Likelihood | None = Field(None, description="ICD 203 likelihood term that the answer is 'yes'.")
    time_frame: Text | None = Field(None, description="The period the likelihood covers (e.g. 'by 1 March'); "
                                    "required with a likelihood.")
    confidence: Confidence | None = Field(None, description="Analytic confidence.")
    confidence_basis: Text | None = Field(None, description="Why that confidence.")


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class DossierFile:
    dossier: Dossier


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class SourcesFile:
    sources: Annotated[list[Source], Records]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class ActorsFile:
    actors: Annotated[list[Actor], Records]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class DemandsFile:
    demands: Annotated[list[Demand], Records]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class TimelineFile:
    events: Annotated[list[Event], Records]


@dataclass(frozen=True, slots=True, kw_only=True, config=RECORD_CONFIG)
class QuestionsFile:
    questions: Annotated[list[Question], Records]


def _quick_pickling(cls: type[Any]) -> None:
    """Pickle a record as the tuple of its fields in one C call: a save under `mkdocs serve` fingerprints
    every page's records, and the dataclass default looks its fields up again for each one."""
    names = list(cls.__dataclass_fields__)
    values = operator.attrgetter(*names)

    def state(self: Any) -> tuple[Any, ...]:
        found = values(self)
        return (found,) if len(names) == 1 else found

    cls.__getstate__ = state  # type: ignore[assignment]


RECORD_TYPES = frozenset((Citation, Claim, Statement, Judgment, Dossier, Translation, Published, Reliability,
                          Origin, Furniture, Source, Actor, Response, Demand, DateBasis, Event, Position, Question))
for _record in RECORD_TYPES:
    _quick_pickling(_record)

FILE_MODELS: dict[str, type[Any]] = {
    "dossier.yml": DossierFile,
    "sources.yml": SourcesFile,
    "actors.yml": ActorsFile,
    "demands.yml": DemandsFile,
    "timeline.yml": TimelineFile,
    "questions.yml": QuestionsFile,
}
# The key of each data file's list of records (dossier.yml holds one record, not a list).
RECORD_LISTS = {"sources.yml": "sources", "actors.yml": "actors", "demands.yml": "demands",
                "timeline.yml": "events", "questions.yml": "questions"}

__all__ = ["FILE_MODELS", "LIKELIHOOD_SCALE", "RECORD_LISTS", "RECORD_TYPES", "FuzzyDate"]
