"""The journey domain: what teams write in journeys/*.yml, as typed, validated models.

The field descriptions here are the format reference: the docs page and the JSON Schema for
editors are generated from them. Models hold what was written plus what loading resolved
(the journey id from its folder, where each item was written); they compute nothing.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from .problems import Location

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Text = Annotated[str, Strict()]
"""Plain text. Strict: `version: 1.10` is a number to YAML and must be quoted, never guessed."""

Markdown = Annotated[str, Strict(), Field(json_schema_extra={"format": "markdown"})]
"""Text rendered as Markdown and sanitised: no raw HTML, no script links."""

Slug = Annotated[str, Strict(), StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""An id: lowercase letters, digits and single hyphens, such as `checkout` or `first-time-buyer`."""

Score = Annotated[float, Strict(), Field(ge=-1000, le=1000)]
Texts = list[Text]

TeamName = Annotated[str, Strict(), StringConstraints(max_length=150)]
"""A team's name: it becomes the URL of the team's page (/teams/<slug>/, render/routes.py; the model
cannot import render, so its texts name the address for readers), and a file name has at most 255
bytes, so a pasted paragraph is an error at its line instead of a crash mid-build."""


class Model(BaseModel):
    """Every journey file model: unknown fields are errors, and each knows where it was written."""

    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=False)

    _location: Optional[Location] = PrivateAttr(default=None)
    _field_locations: dict[Any, Location] = PrivateAttr(default_factory=dict)

    @property
    def _private(self) -> dict[str, Any]:
        """The private attributes, read from pydantic's documented store of them: reading
        `self._x` goes through BaseModel.__getattr__, which raises and catches an AttributeError
        on every read (about 2 µs). Journey.id alone is read some 100,000 times in a build of the
        benchmark site (benchmarks/site_bench.py); its pages took 6-9% less time to draw."""
        private = self.__pydantic_private__
        assert private is not None  # a model with private attributes always has the store
        return private

    @property
    def location(self) -> Optional[Location]:
        """Where this item was written (file, line, column), for messages and edit links."""
        return self._private["_location"]  # type: ignore[no-any-return]

    def field_location(self, name: str, index: Union[int, str, None] = None) -> Optional[Location]:
        """Where one field (or one element or key of it) was written; the item itself if unknown."""
        key = name if index is None else (name, index)
        private = self._private
        return private["_field_locations"].get(key) or private["_field_locations"].get(name) or private["_location"]  # type: ignore[no-any-return]


class Persona(Model):
    """Someone who makes the journey. Shared in personas.yml, or local to one journey."""

    id: Slug = Field(description="Unique id, used in URLs and references, e.g. `sanne`.")
    name: Text = Field(description="The persona's name as shown on pages, e.g. `Sanne, first-time buyer`.")
    description: Markdown = Field("", description="Who this is and what situation they are in (Markdown).")
    goals: Texts = Field(default_factory=list, description="What the persona wants to achieve.")
    frustrations: Texts = Field(default_factory=list, description="What gets in their way.")


class Phase(Model):
    """A stage of the journey (See-Think-Do-Care, AIDA or any model). Order is the order written."""

    id: Slug = Field(description="Unique id within the journey, e.g. `see`.")
    title: Text = Field(description="Shown as the column header of the map, e.g. `See`.")
    description: Markdown = Field("", description="What happens in this phase (Markdown).")


Estimate = Union[Score, dict[Slug, Score]]

MessageText = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1)]
"""A message as the customer should hear it: plain text, shown as written (never as Markdown)."""

Messages = Union[MessageText, dict[Slug, MessageText]]


class Touchpoint(Model):
    """A moment where the customer meets the organisation: the unit the map scores."""

    id: Slug = Field(description="Unique id within the journey, e.g. `checkout`.")
    phase: Slug = Field(description="Id of the phase this touchpoint belongs to.")
    title: Text = Field(description="Name of the touchpoint, e.g. `Afrekenen`.")
    channel: Text = Field("", description="Free text: web, app, phone, store, mail, ...")
    owner: TeamName = Field("", description="The team that owns this touchpoint; it gets a page under /teams/.")
    personas: Optional[list[Slug]] = Field(
        None, description="Ids of the personas who meet this touchpoint. Default: every persona of the journey."
    )
    description: Markdown = Field("", description="What happens here (Markdown).")
    expectation: Text = Field("", description="What the customer expects here, in their words.")
    target: Optional[Score] = Field(None, description="The score the organisation aims for, on the journey scale.")
    estimate: Optional[Estimate] = Field(
        None,
        description="Workshop estimate of the score: one number, or one per persona such as `{sanne: 2, ruud: 3}`.",
    )
    moment_of_truth: Annotated[bool, Strict()] = Field(
        False, description="True for a moment that makes or breaks the relationship."
    )
    messages: Optional[Messages] = Field(
        None,
        description="What we want the persona to hear at this moment, through this touchpoint's channel (plain "
        "text): one text for every persona, or one per persona such as `{sanne: Free returns in any store.}`.",
    )
    pain_points: Texts = Field(default_factory=list, description="What goes wrong here for customers.")
    opportunities: Texts = Field(default_factory=list, description="Ideas to make it better.")
    backstage: Texts = Field(default_factory=list, description="Service blueprint: what staff do out of sight.")
    support: Texts = Field(default_factory=list, description="Service blueprint: systems and processes behind it.")

    def estimate_for(self, persona_id: str) -> Optional[float]:
        """The workshop estimate for one persona: the per-persona value, or the single number."""
        if isinstance(self.estimate, dict):
            return self.estimate.get(persona_id)
        return self.estimate

    def message_for(self, persona_id: str) -> Optional[str]:
        """What this persona should hear here: the per-persona text, or the one text for everyone."""
        if isinstance(self.messages, dict):
            return self.messages.get(persona_id)
        return self.messages


class Metric(str, Enum):
    """What a feedback source's score column measures, and the figure shown for it.

    - CSAT, customer satisfaction: the mean answer, usually on 1..5, and the top-two-box share
      (answers in the top two points of the scale, 4-5 of 1..5), the usual way CSAT is reported.
    - NPS, Net Promoter Score (Reichheld 2003, "The One Number You Need to Grow", HBR): on 0..10,
      % promoters (9-10) minus % detractors (0-6), -100..+100.
    - CES, Customer Effort Score (Dixon, Freeman and Toman 2010, "Stop Trying to Delight Your
      Customers", HBR): the mean answer; with `higher_is_better: false` a low effort maps high.
    - score: any other numeric answer, as its mean.
    """

    CSAT = "csat"
    NPS = "nps"
    CES = "ces"
    SCORE = "score"


class FeedbackColumns(Model):
    """Which CSV header holds each standard column, for exports whose headers differ."""

    date: Optional[Text] = Field(None, description="Header of the response date column.")
    touchpoint: Optional[Text] = Field(None, description="Header of the touchpoint column.")
    persona: Optional[Text] = Field(None, description="Header of the persona column.")
    score: Optional[Text] = Field(None, description="Header of the score column.")
    comment: Optional[Text] = Field(None, description="Header of the free-text comment column.")
    channel: Optional[Text] = Field(None, description="Header of the channel column.")
    product: Optional[Text] = Field(None, description="Header of the product column.")


Scale = Annotated[list[Score], Field(min_length=2, max_length=2)]


def _or_off(schema: dict[str, Any]) -> None:
    """The JSON Schema of `themes:` also takes the word `off` (ThemeSettings reads it)."""
    ref = schema.pop("$ref", None) or schema.pop("allOf", None)
    if ref is not None:
        schema["anyOf"] = [{"$ref": ref} if isinstance(ref, str) else {"allOf": ref}, {"const": "off"}]


class ThemeSettings(Model):
    """How the comments of a feedback source are searched for themes (`themes: off` turns it off)."""

    language: Literal["auto", "nl", "en"] = Field(
        "auto", description="auto (per comment, Dutch or English) | nl | en: the language comments are lemmatised in.")
    stop_words: list[Text] = Field(
        default_factory=list, description="Words never to make a theme of, besides the packaged Dutch and English stop words "
        "(such as the organisation's own name).")
    off: Annotated[bool, Strict()] = Field(False, description="true: no themes from this source's comments.")

    @model_validator(mode="before")
    @classmethod
    def _off(cls, value: Any) -> Any:
        if value == "off":
            return {"off": True}
        if isinstance(value, str):
            raise ValueError(f"'{value}' is not a themes setting: write `themes: off`, or a mapping with language and stop_words")
        return value


class FeedbackSource(Model):
    """A set of survey exports and how to read them."""

    path: Text = Field("feedback/*.csv", description="Glob of CSV files, relative to the journey folder.")
    metric: Metric = Field(Metric.SCORE, description="csat | nps | ces | score.")
    higher_is_better: Annotated[bool, Strict()] = Field(
        True, description="False for questions where a high answer is bad, such as CES 'how much effort'."
    )
    scale: Optional[Scale] = Field(
        None, description="The survey's scale, mapped linearly onto the journey scale. Default: by metric."
    )
    columns: FeedbackColumns = Field(
        default_factory=FeedbackColumns,
        description="Header names, if not standard; matched ignoring case and runs of whitespace, line breaks too.",
    )
    touchpoints: dict[Text, Slug] = Field(default_factory=dict, description="Survey labels -> touchpoint ids.")
    personas: dict[Text, Slug] = Field(default_factory=dict, description="Survey labels -> persona ids.")
    score_labels: dict[Text, Score] = Field(
        default_factory=dict,
        description="Answer labels -> scores, for tools that write only labels, such as "
        "`{\"Zeer tevreden\": 5, \"Tevreden\": 4}`; matched ignoring case and spacing. "
        "A cell such as `5 - Zeer tevreden` reads as 5 without it.",
    )
    date_format: Text = Field("auto", description=(
        "auto (2026-03-01 or 01-03-2026; with '/', the order a date such as 25/03/2026 or the file's "
        "dash dates prove) or a strptime format."))
    delimiter: Literal["auto", ",", ";", "\t", "|"] = Field("auto", description='auto | "," | ";" | "\\t" | "|".')
    decimal: Literal["auto", ".", ","] = Field("auto", description=(
        'auto | "." | ",". auto: the mark the scores use; with both, one used three times as often as '
        'the other (scores with the other are skipped, by line).'))
    encoding: Text = Field("auto", description="auto (UTF-8 with or without BOM, else cp1252) or a codec name.")
    header_rows: Annotated[int, Strict(), Field(ge=1, le=10)] = Field(
        1, description="Header lines before the data; the column names are on the first (Qualtrics: 3)."
    )
    themes: ThemeSettings = Field(
        default_factory=ThemeSettings,
        description="Comment themes: `off`, or language (auto | nl | en) and extra stop_words.",
        json_schema_extra=_or_off,
    )

    @model_validator(mode="after")
    def _nps_is_zero_to_ten(self) -> "FeedbackSource":
        if self.metric is Metric.NPS:
            if self.scale is not None and list(self.scale) != [0, 10]:
                raise ValueError("NPS is asked on a 0..10 scale: remove scale, or use metric: score")
            if not self.higher_is_better:
                raise ValueError("NPS is always higher-is-better: remove higher_is_better")
        if self.scale is not None and self.scale[0] >= self.scale[1]:
            raise ValueError("scale must be [lowest, highest] with lowest < highest")
        return self

    @field_validator("score_labels")
    @classmethod
    def _score_labels_on_the_scale(cls, labels: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        """Each label names one score inside the survey scale; a label is not itself a number."""
        low, high = _survey_scale(info.data.get("metric", Metric.SCORE), info.data.get("scale"))
        seen: dict[str, tuple[str, float]] = {}
        for label, score in labels.items():
            key = " ".join(label.split()).casefold()
            if not key:
                raise ValueError("an empty label cannot name a score")
            if _NUMBER.fullmatch(key):
                raise ValueError(f"'{label}' is a number and is read as one: remove it from score_labels")
            if not low <= score <= high:
                raise ValueError(f"'{label}' is {score:g}, outside the survey scale {low:g}..{high:g}")
            if key in seen and seen[key][1] != score:
                other, value = seen[key]
                raise ValueError(f"'{other}' ({value:g}) and '{label}' ({score:g}) are the same label written twice")
            seen[key] = (label, score)
        return labels

    @field_validator("touchpoints", "personas")
    @classmethod
    def _one_meaning_per_label(cls, labels: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        """Labels are matched ignoring case and spacing, so 'Chat' and 'chat' must name one id."""
        seen: dict[str, tuple[str, str]] = {}
        for label, target in labels.items():
            key = " ".join(label.split()).casefold()
            if key in seen and seen[key][1] != target:
                other, first = seen[key]
                raise ValueError(f"'{other}' -> {first} and '{label}' -> {target}: labels are matched ignoring "
                                 "case and spacing, so one label cannot name two ids")
            seen.setdefault(key, (label, target))
        return labels

    @field_validator("encoding")
    @classmethod
    def _text_encoding(cls, name: str) -> str:
        """'auto' or the name of a text encoding (utf-8, cp1252, latin-1, utf-16); not rot13 or zlib."""
        if name == "auto":
            return name
        try:
            info = codecs.lookup(name)
        except LookupError:
            raise ValueError(f"'{name}' is not an encoding; use auto, utf-8, cp1252 or latin-1") from None
        if not getattr(info, "_is_text_encoding", True):
            raise ValueError(f"'{name}' is not a text encoding; use auto, utf-8, cp1252 or latin-1")
        return name

    @property
    def survey_scale(self) -> tuple[float, float]:
        """(lowest, highest) answer in survey points: `scale` if written, else 0..10 for NPS, else 1..5."""
        return _survey_scale(self.metric, self.scale)


_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def _survey_scale(metric: Any, scale: Optional[list[float]]) -> tuple[float, float]:
    """(lowest, highest) answer of a survey: the written scale, else 0..10 for NPS, else 1..5."""
    if scale is not None:
        return (scale[0], scale[1])
    return (0.0, 10.0) if metric is Metric.NPS else (1.0, 5.0)


class ImprovementStatus(str, Enum):
    """Where an improvement stands: idea -> planned -> in-progress -> done, or dropped."""

    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        """Still to do (idea, planned, in progress): it belongs on the backlog."""
        return self in (ImprovementStatus.IDEA, ImprovementStatus.PLANNED, ImprovementStatus.IN_PROGRESS)


# RICE impact (Intercom's scale): 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal. pydantic
# validates a Literal of floats, but PEP 586 allows no floats in Literal, so type checkers see float.
if TYPE_CHECKING:
    RiceImpact = float
else:
    RiceImpact = Literal[0.25, 0.5, 1, 2, 3]


class Improvement(Model):
    """An item of the improvement backlog: work that should close a gap at some touchpoints."""

    id: Slug = Field(description="Unique id within the journey.")
    title: Text = Field(description="What will be done.")
    touchpoints: list[Slug] = Field(min_length=1, description="Ids of the touchpoints it improves.")
    personas: Optional[list[Slug]] = Field(
        None, description="Ids of the personas it helps. Default: all personas of those touchpoints."
    )
    status: ImprovementStatus = Field(
        ImprovementStatus.IDEA, description="idea | planned | in-progress | done | dropped."
    )
    owner: TeamName = Field("", description="The team doing the work.")
    description: Markdown = Field("", description="More detail (Markdown).")
    reach: Optional[Annotated[float, Strict(), Field(ge=0)]] = Field(
        None, description=("Customers reached per quarter. Default: the survey responses per quarter on its "
                           "touchpoints (its personas' when it names any), ranked after written reaches.")
    )
    impact: Optional[RiceImpact] = Field(None, description="RICE impact: 0.25 | 0.5 | 1 | 2 | 3.")
    confidence: Optional[Annotated[float, Strict(), Field(ge=0, le=1)]] = Field(
        None, description="RICE confidence, 0..1."
    )
    effort: Optional[Annotated[float, Strict(), Field(ge=0.1)]] = Field(
        None, description="Person-weeks of work, at least 0.1 (half a day): RICE divides by it."
    )
    delivered: Optional[dt.date] = Field(None, description="When it was delivered; the site compares before/after.")
    link: Optional[Annotated[str, Strict(), StringConstraints(pattern=r"^https?://")]] = Field(
        None, description="Link to the issue tracker (http or https)."
    )


class DecisionStatus(str, Enum):
    """A decision record's life: proposed, accepted (its floor applies), superseded by a newer
    decision, or retired."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


class Decision(Model):
    """A recorded trade-off: why a touchpoint may score below target, and the lowest score we accept."""

    id: Slug = Field(description="Unique id within the journey; its page URL is stable for memos.")
    title: Text = Field(description="The decision in one line.")
    touchpoints: list[Slug] = Field(min_length=1, description="Ids of the touchpoints it covers.")
    personas: Optional[list[Slug]] = Field(None, description="Ids of the personas it covers. Default: all.")
    status: DecisionStatus = Field(
        DecisionStatus.PROPOSED, description="proposed | accepted | superseded | retired."
    )
    floor: Optional[Score] = Field(None, description="The lowest score accepted here, on the journey scale.")
    decided: Optional[dt.date] = Field(None, description="When it was decided.")
    decided_by: Text = Field("", description="Who decided.")
    review: Optional[dt.date] = Field(None, description="When to look at it again.")
    rationale: Markdown = Field("", description="Why lower here is right (Markdown).")
    trade_off: Markdown = Field("", description="What the money or time goes to instead (Markdown).")
    alternatives: Texts = Field(default_factory=list, description="Options considered and not chosen.")
    supersedes: Optional[Slug] = Field(None, description="Id of the decision this one replaces.")


class Journey(Model):
    """One customer journey: phases, touchpoints, personas, feedback, backlog and decisions."""

    title: Text = Field(description="The journey's name. Its id is the folder name.")
    description: Markdown = Field("", description="What the journey covers (Markdown).")
    owner: TeamName = Field("", description="The team that owns the journey as a whole.")
    group: Text = Field(
        "",
        description="Where the journey is listed in the navigation of a site with many journeys "
        "(more than 12), such as a business unit. Default: its owner.",
    )
    scale: Scale = Field(default_factory=lambda: [1.0, 5.0], description="Score scale of targets and estimates.")
    phases: list[Phase] = Field(min_length=1, description="The stages, in order.")
    personas: list[Union[Slug, Persona]] = Field(
        default_factory=list,
        description="Personas of this journey: ids from personas.yml and/or local personas. Default: all of personas.yml.",
    )
    touchpoints: list[Touchpoint] = Field(default_factory=list, description="Touchpoints, in order within each phase.")
    feedback: Optional[list[FeedbackSource]] = Field(
        None, description="Survey exports. Default: feedback/*.csv with the standard columns."
    )
    improvements: list[Improvement] = Field(default_factory=list, description="The backlog, or in improvements.yml.")
    decisions: list[Decision] = Field(default_factory=list, description="Decision records, or in decisions.yml.")

    # Resolved by the loader, not written by users.
    _id: str = PrivateAttr(default="")
    _persona_list: list[Persona] = PrivateAttr(default_factory=list)
    _files: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _scale_is_increasing(self) -> "Journey":
        if self.scale[0] >= self.scale[1]:
            raise ValueError("scale must be [lowest, highest] with lowest < highest")
        return self

    @property
    def id(self) -> str:
        """The journey's id: the name of its folder under journeys/, and its URL."""
        return self._private["_id"]  # type: ignore[no-any-return]

    @property
    def all_personas(self) -> list[Persona]:
        """The personas this journey is for, resolved against personas.yml."""
        return self._private["_persona_list"]  # type: ignore[no-any-return]

    @property
    def files(self) -> dict[str, str]:
        """Which file each part came from: 'journey', 'improvements', 'decisions' -> site-relative path."""
        return self._private["_files"]  # type: ignore[no-any-return]

    def phase(self, phase_id: str) -> Phase:
        """The phase with this id; StopIteration if the journey has none (ids are checked on load)."""
        return next(p for p in self.phases if p.id == phase_id)

    def touchpoints_in(self, phase_id: str) -> list[Touchpoint]:
        """The touchpoints of one phase, in the order written."""
        return [t for t in self.touchpoints if t.phase == phase_id]

    def personas_at(self, touchpoint: Touchpoint) -> list[Persona]:
        """The personas who meet a touchpoint, in the journey's persona order."""
        if touchpoint.personas is None:
            return list(self._persona_list)
        wanted = set(touchpoint.personas)
        return [p for p in self._persona_list if p.id in wanted]

    def touchpoints_of(self, persona_id: str) -> list[Touchpoint]:
        """A persona's journey: the touchpoints they meet, in phase order."""
        order = {p.id: i for i, p in enumerate(self.phases)}
        mine = [t for t in self.touchpoints if t.personas is None or persona_id in t.personas]
        return sorted(mine, key=lambda t: order.get(t.phase, 0))  # stable: keeps order within a phase


class Site(BaseModel):
    """Everything under journeys/: the organisation's personas and its journeys, ordered by id."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    personas: list[Persona] = Field(default_factory=list)
    journeys: list[Journey] = Field(default_factory=list)
    personas_file: Optional[str] = None

    def journey(self, journey_id: str) -> Journey:
        """The journey with this id; StopIteration if there is none."""
        return next(j for j in self.journeys if j.id == journey_id)


PersonasFile = list[Persona]
ImprovementsFile = list[Improvement]
DecisionsFile = list[Decision]
