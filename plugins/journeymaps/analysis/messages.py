"""What we tell whom, and when: each persona's messages phase by phase, and where one is missing.

A touchpoint's `messages:` says what the organisation wants a persona to hear there, through
the touchpoint's channel. Per persona and phase this module lists those messages and finds the
two kinds of silence the checks report and the pages mark: a phase where the persona meets us
but hears nothing (`message_missing`), and a moment of truth with nothing to say to them
(`moment_of_truth_without_message`).

Both only count once a journey uses messages at all: a journey without a single `messages:`
has not started its communication plan, and is not told about every phase of every persona.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Journey, Persona, Phase, Touchpoint


@dataclass(frozen=True)
class Message:
    """One thing we tell one persona at one touchpoint."""

    touchpoint: Touchpoint
    text: str


@dataclass
class PhaseMessages:
    """One persona in one phase: the touchpoints they meet there and what we tell them at each."""

    phase: Phase
    persona: Persona
    touchpoints: list[Touchpoint] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    silent_moments: list[Touchpoint] = field(default_factory=list)  # moments of truth without a message for them
    applies: bool = True  # False while the journey has no messages at all: nothing counts as missing yet

    @property
    def missing(self) -> bool:
        """They meet us in this phase and hear nothing: what the `message_missing` check reports."""
        return self.applies and bool(self.touchpoints) and not self.messages

    @property
    def lines(self) -> list[tuple[Touchpoint, Optional[str]]]:
        """In touchpoint order: each message, and each moment of truth left silent (text None)."""
        said = {m.touchpoint.id: m.text for m in self.messages}
        silent = {t.id for t in self.silent_moments}
        return [(tp, said.get(tp.id)) for tp in self.touchpoints if tp.id in said or tp.id in silent]


def uses_messages(journey: Journey) -> bool:
    """Whether any touchpoint of the journey has a message for anyone: the checks apply from then on."""
    return any(tp.messages for tp in journey.touchpoints)


def message_plan(journey: Journey, persona: Persona) -> list[PhaseMessages]:
    """A persona's communication plan: every phase of the journey, in order, with what we tell them."""
    applies = uses_messages(journey)
    plan = []
    for phase in journey.phases:
        row = PhaseMessages(phase, persona, applies=applies)
        for tp in journey.touchpoints_in(phase.id):
            if tp.personas is not None and persona.id not in tp.personas:
                continue
            row.touchpoints.append(tp)
            text = tp.message_for(persona.id)
            if text:
                row.messages.append(Message(tp, text))
            elif applies and tp.moment_of_truth:
                row.silent_moments.append(tp)
        plan.append(row)
    return plan


def message_grid(journey: Journey) -> list[list[PhaseMessages]]:
    """Persona x phase: one row per persona of the journey, one cell per phase."""
    return [message_plan(journey, persona) for persona in journey.all_personas]
