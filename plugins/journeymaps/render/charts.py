"""The interactive charts as plain data: a Plotly figure dict, a text summary and a data table each.

Figures are built as dicts and serialised with json.dumps (no go.Figure, no 7 KB template per
figure); the tests validate them with plotly's own go.Figure. Every customer or team string is
html-escaped before it goes into a figure, because plotly.js interprets a subset of HTML in
labels and decodes entities back to the literal text for the reader. The JSON is then made safe
for HTML (`< > & '` and U+2028/9 as \\u escapes) and placed in a data attribute, never in a
<script>. Colours for font and grid are not in the figure: the init script takes them from
Material's palette, so one figure serves light and dark.

Accessibility: every chart has a summary (what it shows and the key finding) and its data as a
table; state is told by marker shape, hover text and table text, never by colour alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from markupsafe import escape

from ..analysis import RankedImprovement, ScoreSource, SiteAnalysis, State, TouchpointState
from ..analysis.current import Measured
from ..model import ImprovementStatus, Journey, Persona, Phase, Touchpoint
from . import routes

STATE_ICONS = {
    "unaddressed": "!", "floor-breached": "▼", "improving": "↗", "accepted": "≈",
    "on-target": "✓", "no-target": "·", "no-score": "?",
}
# Shapes first: these are what tell states apart without colour. Estimates use the "-open" variant.
STATE_SYMBOLS = {
    "unaddressed": "x", "floor-breached": "triangle-down", "improving": "triangle-up", "accepted": "diamond",
    "on-target": "circle", "no-target": "square", "no-score": "square",
}
# Mid tones with at least 3:1 contrast on Material's white and slate backgrounds.
STATE_COLOURS = {
    "unaddressed": "#e03131", "floor-breached": "#e8590c", "improving": "#1c7ed6", "accepted": "#a67c00",
    "on-target": "#2f9e44", "no-target": "#868e96", "no-score": "#868e96",
}
PERSONA_COLOURS = ["#1098ad", "#7950f2", "#d6336c", "#f08c00", "#4263eb", "#5c940d", "#ae3ec9", "#0ca678"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
STATE_ORDER = [s.value for s in State]

CONFIG = {"displayModeBar": False, "responsive": True}
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})


class Hover(str):
    """A point's hover text: lines joined with plotly's `<br>`, already escaped. figure_json sends
    each distinct line of a figure's hover texts once (the same titles, personas, targets and states
    recur on every point)."""


HOVER_KEYS = ("text", "hovertext", "customdata")  # the trace attributes that may hold Hover texts


def shared_lines(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure with every Hover text in its traces replaced by `{"l": [i, j, ...]}`, indexes
    into `figure["jm_lines"]`, the distinct lines in order of first use. assets/journeymaps.js
    joins them back with `<br>` before plotly sees the figure. Other strings stay as they are."""
    lines: dict[str, int] = {}

    def share(value: Any) -> Any:
        if isinstance(value, Hover):
            return {"l": [lines.setdefault(line, len(lines)) for line in value.split("<br>")]}
        if isinstance(value, list):
            return [share(item) for item in value]
        return value

    data = [{key: share(value) if key in HOVER_KEYS else value for key, value in trace.items()}
            for trace in figure.get("data", [])]
    return {**figure, "data": data, "jm_lines": list(lines)} if lines else figure


def figure_json(figure: dict[str, Any]) -> str:
    """JSON that is safe inside HTML: no `<`, `>`, `&` or `'` left, so no tag or entity can start.

    json.dumps leaves `</script>` as it is; this does not. The result goes, unescaped, into a
    single-quoted attribute (templates/journeymaps/chart.html), where its double quotes are plain
    text: escaping each as &#34; made a third of a chart's bytes. Hover texts are sent as shared
    lines (shared_lines): a third of a phase page's heatmap, a sixth of a journey page."""
    return json.dumps(shared_lines(figure), ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).translate(_JSON_ESCAPES)


def esc(text: Any) -> str:
    """Customer or team text for a plotly label: entities, which plotly.js shows as the literal text."""
    return str(escape(str(text)))


@dataclass
class Table:
    """A chart's data for people who cannot see or hover it: a header row, then rows led by a th."""

    head: list[str]
    rows: list[tuple[str, list[str]]]


@dataclass
class Chart:
    """One chart as a page shows it: a Plotly figure, with the title, summary and data table that
    say the same for a screen reader or without JavaScript; `height` in CSS pixels."""

    id: str  # stable: made from journey, persona, phase and kind, never random
    kind: str  # curve | gap | heatmap | trend
    title: str  # plain text, short: the aria-label and the table's caption
    summary: str  # plain text: what it shows and the key finding
    figure: dict[str, Any]
    table: Table
    height: int = 420

    @property
    def json(self) -> str:
        """The figure as JSON safe inside an HTML attribute or script (see figure_json)."""
        return figure_json(self.figure)


HOVER_CHARS = 34  # about 230 px of tooltip text at plotly's 13 px, beside a point on a 390 px screen


@functools.lru_cache(maxsize=8192)  # the same titles, scores and states recur on many pages
def _wrapped(text: str, markup: str = "{}") -> str:
    """One hover line: escaped, wrapped at HOVER_CHARS on word boundaries with plotly's <br>, each
    piece put into `markup` ('<b>{}</b>'); a word longer than the width stays whole."""
    pieces = textwrap.wrap(text, HOVER_CHARS, break_long_words=False, break_on_hyphens=False) or [text]
    return "<br>".join(markup.format(esc(piece)) for piece in pieces)


@dataclass
class ChartMaker:
    """Builds the charts of one page: links are relative to that page, ids unique on it."""

    analysis: SiteAnalysis
    t: Callable[..., str]
    fmt: Callable[..., str]
    url: Callable[[str], str]  # a src_uri of routes.py, '#anchor' kept -> link relative to this page
    language: str = "en"
    used_ids: set[str] = field(default_factory=set)
    score: Optional[Callable[[Optional[float], Optional[float]], str]] = None  # digits that explain the state
    measured_details: Callable[[Measured], list[str]] = lambda measured: []  # period, 95% interval
    metric_figure: Callable[[Optional[Measured]], str] = lambda measured: ""  # 'NPS +14 (...)', 'CSAT 3.1 · 28% top-2'
    count: Callable[[str, int], str] = lambda key, n: str(n)  # '1 touchpoint', '3 contactmomenten'

    # -- helpers -------------------------------------------------------------------------------

    def _id(self, *parts: str) -> str:
        base = "jm-chart-" + "-".join(p for p in parts if p)
        chart_id, n = base, 1
        while chart_id in self.used_ids:
            n += 1
            chart_id = f"{base}-{n}"
        self.used_ids.add(chart_id)
        return chart_id

    def _layout(self, height: int, **extra: Any) -> dict[str, Any]:
        layout: dict[str, Any] = {
            "height": height,
            "autosize": True,
            "margin": {"l": 56, "r": 16, "t": 36, "b": 40},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "hovermode": "closest",
            "hoverlabel": {"align": "left"},
            "separators": ",." if self.language == "nl" else ".,",
        }
        layout.update(extra)
        return layout

    def _state_name(self, state: State) -> str:
        return self.t("state_" + state.value)

    def _score_text(self, s: TouchpointState) -> str:
        """'3.2 (measured, n=36, Sep – Nov 2026, 95%: 2.8–3.5)' or '3 (estimate)': as the tables say it."""
        if s.current is None:
            return self.t("no_score")
        shown = self.score(s.current, s.target) if self.score else self.fmt(s.current)
        if s.source is ScoreSource.MEASURED and s.measured is not None:  # measured is set when MEASURED
            details = ", ".join([f"n={s.responses}", *self.measured_details(s.measured)])
            return f"{shown} ({self.t('measured')}, {details})"
        more = f", n={s.responses}" if s.responses else ""
        return f"{shown} ({self.t('estimated')}{more})"

    def _decision_note(self, s: TouchpointState) -> str:
        if s.decision is None or s.state not in (State.ACCEPTED, State.FLOOR_BREACHED):
            return ""
        floor = f", {self.t('floor')} {self.fmt(s.decision.floor)}" if s.decision.floor is not None else ""
        label = self.t("lower_by_choice") if s.state is State.ACCEPTED else self.t("state_floor-breached")
        return f"{label}: {s.decision.title}{floor}"

    def _hover(self, s: TouchpointState, persona_name: Optional[str] = None) -> Hover:
        """Hover text: plain strings escaped here, joined with plotly's own <br>; every line wrapped
        at HOVER_CHARS on word boundaries so a tooltip stays inside a phone's screen (390 px)."""
        tp = s.touchpoint
        title = tp.title + (f" ★ {self.t('moment_of_truth')}" if tp.moment_of_truth else "")
        lines = [_wrapped(title, "<b>{}</b>")]
        if persona_name:
            lines.append(_wrapped(persona_name))
        if tp.channel:
            lines.append(_wrapped(f"{self.t('channel')}: {tp.channel}"))
        lines.append(_wrapped(f"{self.t('score')}: {self._score_text(s)}"))
        figure = self.metric_figure(s.measured) if s.source is ScoreSource.MEASURED else ""
        if figure:
            lines.append(_wrapped(figure))  # the metric's own figure beside the mapped score (feedback/metrics.py)
        lines.append(_wrapped(f"{self.t('target')}: {self.fmt(s.target)}"))
        lines.append(_wrapped(f"{self.t('state')}: {STATE_ICONS[s.state.value]} {self._state_name(s.state)}"))
        note = self._decision_note(s)
        if note:
            lines.append(_wrapped(note, "<i>{}</i>"))
        return Hover("<br>".join(lines))

    def _tp_url(self, journey: Journey, tp: Touchpoint) -> str:
        return self.url(routes.touchpoint(journey, tp))

    def _state_legend(self, states: Iterable[TouchpointState]) -> list[dict[str, Any]]:
        """Legend-only traces: one per state present, plus filled = measured and open = estimate."""
        present = {s.state.value for s in states if s.current is not None}
        traces = [
            {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": esc(self._state_name(State(v))),
             "legendgroup": "states", "hoverinfo": "skip",
             "marker": {"symbol": STATE_SYMBOLS[v], "color": STATE_COLOURS[v], "size": 10}}
            for v in STATE_ORDER if v in present
        ]
        for name, symbol in ((self.t("legend_measured"), "circle"), (self.t("legend_estimate"), "circle-open")):
            traces.append({"type": "scatter", "mode": "markers", "x": [None], "y": [None], "name": esc(name),
                           "legendgroup": "source", "hoverinfo": "skip", "meta": "jm-fg",
                           "marker": {"symbol": symbol, "color": "#888888", "size": 10}})
        return traces

    @staticmethod
    def _symbol(s: TouchpointState) -> str:
        symbol = STATE_SYMBOLS[s.state.value]
        return symbol if s.source is ScoreSource.MEASURED else symbol + "-open"

    def _finding(self, states: list[TouchpointState], with_persona: bool) -> str:
        scored = [s for s in states if s.gap is not None]
        below = [s for s in scored if s.gap is not None and s.gap > 0]
        if not scored:
            return ""
        counted = self.t("finding_on_target", on=len(scored) - len(below), n=self.count("n_scored_points", len(scored)))
        if not below:
            return f"{counted} {self.t('finding_all_on_target')}"
        worst = min(below, key=lambda s: (-(s.gap or 0), s.state.rank, s.touchpoint.id))
        who = f" ({worst.persona.name})" if with_persona and worst.persona else ""
        return counted + " " + self.t(
            "finding_lowest", touchpoint=worst.touchpoint.title + who, current=self.fmt(worst.current),
            target=self.fmt(worst.target), state=self._state_name(worst.state),
        )

    # -- the journey map: the score curve ------------------------------------------------------

    def curve(self, journey: Journey, persona: Optional[Persona] = None) -> Chart:
        """Score per touchpoint in journey order, one line per persona, phases as bands, target marks."""
        states = self.analysis.states[journey.id]
        personas = [persona] if persona else journey.all_personas
        if persona:
            order = journey.touchpoints_of(persona.id)
        else:
            phase_index = {p.id: i for i, p in enumerate(journey.phases)}
            order = sorted(journey.touchpoints, key=lambda t: phase_index.get(t.phase, 0))
        x_of = {tp.id: i for i, tp in enumerate(order)}
        traces: list[dict[str, Any]] = []
        rows: list[tuple[str, list[str]]] = []
        shown: list[TouchpointState] = []
        for n, p in enumerate(personas):
            path = [s for s in states.for_persona(p.id) if s.touchpoint.id in x_of and s.current is not None]
            shown.extend(path)
            colour = PERSONA_COLOURS[n % len(PERSONA_COLOURS)]
            if path:
                traces.append({
                    "type": "scatter", "mode": "lines+markers", "name": esc(p.name),
                    "x": [x_of[s.touchpoint.id] for s in path],
                    "y": [round(s.current, 2) for s in path if s.current is not None],  # all of path
                    "text": [self._hover(s, None if persona else p.name) for s in path],
                    "customdata": [self._tp_url(journey, s.touchpoint) for s in path],
                    "hovertemplate": "%{text}<extra></extra>",
                    "line": {"color": colour, "dash": DASHES[n % len(DASHES)], "width": 2.5},
                    "marker": {
                        "symbol": [self._symbol(s) for s in path],
                        "color": [STATE_COLOURS[s.state.value] for s in path],
                        "size": [15 if s.touchpoint.moment_of_truth else 11 for s in path],
                        "line": {"width": 2, "color": [STATE_COLOURS[s.state.value] for s in path]},
                    },
                })
            for s in path:
                rows.append((s.touchpoint.title, [
                    journey.phase(s.touchpoint.phase).title,
                    *([] if persona else [p.name]),
                    s.touchpoint.channel or "–", self._score_text(s), self.fmt(s.target),
                    f"{STATE_ICONS[s.state.value]} {self._state_name(s.state)}"
                    + (f" ({self._decision_note(s)})" if self._decision_note(s) else ""),
                ]))
        targets = [tp for tp in order if tp.target is not None]
        if targets:
            traces.insert(0, {
                "type": "scatter", "mode": "markers", "name": esc(self.t("target")), "meta": "jm-fg",
                "x": [x_of[tp.id] for tp in targets], "y": [tp.target for tp in targets],
                "text": [Hover(f"{esc(tp.title)}<br>{esc(self.t('target'))}: {esc(self.fmt(tp.target))}") for tp in targets],
                "customdata": [self._tp_url(journey, tp) for tp in targets],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {"symbol": "line-ew-open", "size": 26, "color": "#888888", "line": {"width": 3, "color": "#888888"}},
            })
        shapes, phase_annotations = self._phase_bands(journey, order)
        low, high = journey.scale
        pad = (high - low) * 0.08
        many = len(order) > 8
        height = 460 if many else 420
        layout = self._layout(
            height,
            margin={"l": 56, "r": 16, "t": 40, "b": 40},
            meta={"jm": "curve"},
            showlegend=True,
            legend={"x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top", "tracegroupgap": 12, "font": {"size": 11}},
            xaxis={
                "tickmode": "array", "tickvals": list(range(len(order))),
                "ticktext": [("★ " if tp.moment_of_truth else "") + esc(tp.title) for tp in order],
                "range": [-0.5, len(order) - 0.5], "showgrid": False, "zeroline": False,
                "tickangle": -35 if many else 0, "automargin": True, "fixedrange": True,
            },
            yaxis={"title": {"text": esc(self.t("score"))}, "range": [low - pad, high + pad],
                   "zeroline": False, "fixedrange": True, "dtick": 1 if high - low <= 10 else None},
            shapes=shapes,
            annotations=phase_annotations,
        )
        if layout["yaxis"]["dtick"] is None:
            del layout["yaxis"]["dtick"]
        figure = {"data": traces + self._state_legend(shown), "layout": layout, "config": CONFIG}
        who = persona.name if persona else self.t("curve_who_all", n=len(personas))
        summary = self.t("curve_summary", who=who, phases=self.count("n_phases", len(journey.phases))) + " " + self._finding(shown, not persona)
        head = [self.t("touchpoint"), self.t("phase"), *([] if persona else [self.t("persona")]),
                self.t("channel"), self.t("score"), self.t("target"), self.t("state")]
        return Chart(
            self._id(journey.id, persona.id if persona else "", "curve"), "curve",
            self.t("curve_label", journey=journey.title, who=who), summary.strip(), figure, Table(head, rows), height,
        )

    def _phase_bands(self, journey: Journey, order: list[Touchpoint]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        shapes: list[dict[str, Any]] = []
        annotations: list[dict[str, Any]] = []
        start = 0
        n = 0
        for phase in journey.phases:
            count = sum(1 for tp in order if tp.phase == phase.id)
            if not count:
                continue
            x0, x1 = start - 0.5, start + count - 0.5
            shapes.append({
                "type": "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1, "y0": 0, "y1": 1,
                "fillcolor": "rgba(128,128,128,0.12)" if n % 2 == 0 else "rgba(128,128,128,0.04)",
                "line": {"width": 0}, "layer": "below",
            })
            annotations.append({
                "x": (x0 + x1) / 2, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom",
                "text": f"<b>{esc(phase.title)}</b>", "showarrow": False, "name": "jm-phase",
                "hovertext": esc(phase.title),
            })
            start += count
            n += 1
        return shapes, annotations

    # -- target versus current, sorted by gap --------------------------------------------------

    def gap(self, states: list[TouchpointState], key: str, show_journey: bool = False) -> Optional[Chart]:
        """A dumbbell per touchpoint: current (shape and colour by state) to target, biggest gap on top."""
        scored = [s for s in states if s.current is not None and s.target is not None]
        if not scored:
            return None
        scored.sort(key=lambda s: (-(s.gap or 0), s.state.rank, s.journey.id, s.touchpoint.id))
        labels = [
            esc(s.touchpoint.title + (f" ({s.journey.title})" if show_journey else ""))
            + (" ★" if s.touchpoint.moment_of_truth else "")
            for s in scored
        ]
        ys = list(range(len(scored)))
        connector_x: list[Optional[float]] = []
        connector_y: list[Optional[int]] = []
        for y, s in zip(ys, scored):
            connector_x += [round(s.current, 2) if s.current is not None else None, s.target, None]  # scored: never None
            connector_y += [y, y, None]
        traces = [
            {"type": "scatter", "mode": "lines", "x": connector_x, "y": connector_y, "hoverinfo": "skip",
             "showlegend": False, "meta": "jm-fg", "line": {"color": "#888888", "width": 2}},
            {"type": "scatter", "mode": "markers", "name": esc(self.t("target")), "meta": "jm-fg",
             "x": [s.target for s in scored], "y": ys,
             "text": [Hover(f"{esc(s.touchpoint.title)}<br>{esc(self.t('target'))}: {esc(self.fmt(s.target))}") for s in scored],
             "customdata": [self._tp_url(s.journey, s.touchpoint) for s in scored],
             "hovertemplate": "%{text}<extra></extra>",
             "marker": {"symbol": "line-ns-open", "size": 18, "color": "#888888", "line": {"width": 3, "color": "#888888"}}},
            {"type": "scatter", "mode": "markers", "name": esc(self.t("current")), "showlegend": False,
             "x": [round(s.current, 2) for s in scored if s.current is not None], "y": ys,  # all of scored
             "text": [self._hover(s) for s in scored],
             "customdata": [self._tp_url(s.journey, s.touchpoint) for s in scored],
             "hovertemplate": "%{text}<extra></extra>",
             "marker": {"symbol": [self._symbol(s) for s in scored], "size": 13,
                        "color": [STATE_COLOURS[s.state.value] for s in scored],
                        "line": {"width": 2, "color": [STATE_COLOURS[s.state.value] for s in scored]}}},
        ]
        journeys = {s.journey.id: s.journey for s in scored}
        low = min(j.scale[0] for j in journeys.values())
        high = max(j.scale[1] for j in journeys.values())
        pad = (high - low) * 0.05
        height = max(220, 90 + 30 * len(scored))
        layout = self._layout(
            height,
            margin={"l": 16, "r": 16, "t": 16, "b": 40},
            meta={"jm": "gap"},
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
            xaxis={"title": {"text": esc(self.t("score"))}, "range": [low - pad, high + pad], "fixedrange": True,
                   "zeroline": False},
            yaxis={"tickmode": "array", "tickvals": ys, "ticktext": labels, "autorange": "reversed",
                   "automargin": True, "fixedrange": True, "showgrid": False, "zeroline": False},
        )
        figure = {"data": traces + self._state_legend(scored), "layout": layout, "config": CONFIG}
        rows = [
            (s.touchpoint.title + (f" ({s.journey.title})" if show_journey else ""), [
                self._score_text(s), self.fmt(s.target),
                self.fmt(s.gap) if s.gap is not None and s.gap > 0 else "–",
                f"{STATE_ICONS[s.state.value]} {self._state_name(s.state)}",
            ])
            for s in scored
        ]
        summary = self.t("gap_summary", n=self.count("n_touchpoints", len(scored))) + " " + self._finding(scored, False)
        head = [self.t("touchpoint"), self.t("current"), self.t("target"), self.t("gap"), self.t("state")]
        return Chart(self._id(key, "gap"), "gap", self.t("chart_target_vs_current"), summary.strip(), figure,
                     Table(head, rows), height)

    # -- persona x touchpoint heatmap of the gap -----------------------------------------------

    def heatmap(self, journey: Journey, phase: Optional[Phase] = None) -> Optional[Chart]:
        """Score minus target per persona (rows) and touchpoint (columns); the state icon in each
        cell. None when no cell has both a score and a target."""
        states = self.analysis.states[journey.id]
        touchpoints = journey.touchpoints_in(phase.id) if phase else list(journey.touchpoints)
        personas = [p for p in journey.all_personas if any(p in journey.personas_at(t) for t in touchpoints)]
        if not touchpoints or not personas:
            return None
        z, text, hover, links, rows = [], [], [], [], []
        worst: Optional[TouchpointState] = None
        for p in personas:
            z_row: list[Optional[float]]
            z_row, t_row, h_row, l_row, cells = [], [], [], [], []
            for tp in touchpoints:
                s = states.of(tp.id, p.id)
                link = self._tp_url(journey, tp)
                if s is None or s.current is None:
                    z_row.append(None)
                    t_row.append("–")
                    h_row.append(Hover(f"<b>{esc(tp.title)}</b><br>{esc(p.name)}<br>–"))
                    cells.append("–")
                else:
                    # the colour may be rounded; the text is formatted once from the exact difference,
                    # as the summary's "furthest below" is (rounding -1.545 to -1.55 first read -1.6)
                    diff = None if s.target is None else s.current - s.target
                    z_row.append(None if diff is None else round(diff, 2))
                    icon = STATE_ICONS[s.state.value]
                    t_row.append(f"{icon} {self._signed(diff)}" if diff is not None else f"{icon} {esc(self.fmt(s.current))}")
                    h_row.append(Hover(self._hover(s, p.name) + (f"<br>{esc(self.t('score_minus_target'))}: {esc(self._signed(diff))}" if diff is not None else "")))
                    cells.append(f"{self._score_text(s)}; {self.t('target')} {self.fmt(s.target)}; "
                                 f"{self._signed(diff) if diff is not None else '–'}; {icon} {self._state_name(s.state)}")
                    if diff is not None and diff < 0 and (worst is None or (worst.gap or 0) < -diff):
                        worst = s
                l_row.append(link)
            z.append(z_row)
            text.append(t_row)
            hover.append(h_row)
            links.append(l_row)
            rows.append((p.name, cells))
        if all(v is None for row in z for v in row):
            return None  # no touchpoint here has both a score and a target: an empty grid says nothing
        spread = max([abs(v) for row in z for v in row if v is not None] or [1]) or 1
        trace = {
            "type": "heatmap", "x": list(range(len(touchpoints))), "y": list(range(len(personas))), "z": z,
            "text": text, "texttemplate": "%{text}", "customdata": [
                [[links[r][c], hover[r][c]] for c in range(len(touchpoints))] for r in range(len(personas))
            ],
            "hovertemplate": "%{customdata[1]}<extra></extra>", "xgap": 3, "ygap": 3,
            "zmin": -spread, "zmax": spread, "zmid": 0,
            "colorscale": [[0, "#c92a2a"], [0.5, "#f1f3f5"], [1, "#2b8a3e"]],
            "colorbar": {"title": {"text": esc(self.t("score_minus_target")), "side": "right"}, "thickness": 12},
            "textfont": {"size": 13},
        }
        height = max(200, 110 + 48 * len(personas))
        layout = self._layout(
            height,
            margin={"l": 16, "r": 16, "t": 16, "b": 40},
            meta={"jm": "heatmap"},
            xaxis={"tickmode": "array", "tickvals": list(range(len(touchpoints))),
                   "ticktext": [("★ " if tp.moment_of_truth else "") + esc(tp.title) for tp in touchpoints],
                   "automargin": True, "fixedrange": True, "showgrid": False, "zeroline": False, "side": "top"},
            yaxis={"tickmode": "array", "tickvals": list(range(len(personas))),
                   "ticktext": [esc(p.name) for p in personas], "autorange": "reversed",
                   "automargin": True, "fixedrange": True, "showgrid": False, "zeroline": False},
        )
        figure = {"data": [trace], "layout": layout, "config": CONFIG}
        where = phase.title if phase else journey.title
        finding = (
            self.t("heatmap_worst", persona=worst.persona.name if worst.persona else "",
                   touchpoint=worst.touchpoint.title, diff=self._signed(-(worst.gap or 0)),
                   state=self._state_name(worst.state))
            if worst else self.t("finding_all_on_target")
        )
        summary = self.t("heatmap_summary", personas=self.count("n_personas", len(personas)),
                         touchpoints=self.count("n_touchpoints", len(touchpoints)), where=where)
        return Chart(
            self._id(journey.id, phase.id if phase else "", "heatmap"), "heatmap", self.t("chart_heatmap"),
            f"{summary} {finding}", figure, Table([self.t("persona")] + [tp.title for tp in touchpoints], rows),
            height,
        )

    def _signed(self, value: Optional[float]) -> str:
        if value is None:
            return "–"
        if abs(value) < 0.05:
            return self.fmt(0.0)
        return ("+" if value > 0 else "−") + self.fmt(abs(value))

    # -- trend: score per month, with delivered improvements -----------------------------------

    def trend(self, journey: Journey, touchpoints: list[Touchpoint], key: str,
              improvements: Optional[list[RankedImprovement]] = None) -> Optional[Chart]:
        """Monthly mean per touchpoint; each delivered improvement on them as a line at its date,
        with the measured before/after change written beside it."""
        feedback = self.analysis.feedback.get(journey.id)
        if feedback is None:
            return None
        series = []
        for tp in touchpoints:
            cell = feedback.cell(tp.id)
            monthly = sorted(getattr(cell, "monthly", None) or [], key=lambda m: m.month)
            if monthly:
                series.append((tp, monthly))
        if not series:
            return None
        wanted = {tp.id for tp, _ in series}
        if improvements is None:
            improvements = self.analysis.backlog.get(journey.id, [])
        delivered = sorted(
            (r for r in improvements
             if r.improvement.status is ImprovementStatus.DONE and r.improvement.delivered
             and wanted & set(r.improvement.touchpoints)),
            key=lambda r: (r.improvement.delivered, r.improvement.id),
        )
        traces, shapes, annotations = [], [], []
        for n, (tp, monthly) in enumerate(series):
            traces.append({
                "type": "scatter", "mode": "lines+markers", "name": esc(tp.title),
                "x": [m.month for m in monthly], "y": [round(m.mean, 2) for m in monthly],
                "text": [Hover(f"<b>{esc(tp.title)}</b><br>{m.month}<br>{esc(self.t('score'))}: {esc(self.fmt(m.mean, 2))} (n={m.count})")
                         for m in monthly],
                "customdata": [self._tp_url(journey, tp)] * len(monthly),
                "hovertemplate": "%{text}<extra></extra>",
                "line": {"color": PERSONA_COLOURS[n % len(PERSONA_COLOURS)], "dash": DASHES[n % len(DASHES)], "width": 2},
                "marker": {"size": 7},
            })
        if len(series) == 1 and series[0][0].target is not None:
            tp = series[0][0]
            shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": tp.target,
                           "y1": tp.target, "line": {"dash": "dot", "width": 1.5, "color": "rgba(128,128,128,0.9)"}})
            annotations.append({"xref": "paper", "x": 1, "yref": "y", "y": tp.target, "xanchor": "right",
                                "yanchor": "bottom", "showarrow": False,
                                "text": f"{esc(self.t('target'))} {esc(self.fmt(tp.target))}"})
        notes = []
        for k, r in enumerate(delivered):
            if r.improvement.delivered is None:  # never: `delivered` keeps only dated improvements
                continue
            when = r.improvement.delivered.isoformat()
            shapes.append({"type": "line", "xref": "x", "x0": when, "x1": when, "yref": "paper", "y0": 0, "y1": 1,
                           "line": {"dash": "dash", "width": 2, "color": "rgba(128,128,128,0.9)"}})
            change = self._change_text(r)
            annotations.append({
                "x": when, "xref": "x", "y": 1 - 0.14 * (k % 4), "yref": "paper", "xanchor": "left", "yanchor": "top",
                "xshift": 4, "showarrow": False, "align": "left", "name": "jm-note", "borderpad": 2,
                "text": f"<b>{esc(r.improvement.title)}</b><br>{esc(change)}",
            })
            notes.append(self.t("trend_change", improvement=r.improvement.title,
                                date=self._date(r.improvement.delivered), change=change))
        months = sorted({m.month for _, monthly in series for m in monthly})
        low, high = journey.scale
        pad = (high - low) * 0.05
        height = 380
        layout = self._layout(
            height,
            margin={"l": 56, "r": 16, "t": 16, "b": 40},
            meta={"jm": "trend"},
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
            xaxis={"type": "date", "tickformat": "%Y-%m", "fixedrange": True, "automargin": True},
            yaxis={"title": {"text": esc(self.t("score"))}, "range": [low - pad, high + pad], "fixedrange": True,
                   "zeroline": False},
            shapes=shapes, annotations=annotations,
        )
        figure = {"data": traces, "layout": layout, "config": CONFIG}
        by_month = [{m.month: m for m in monthly} for _, monthly in series]
        rows = [
            (month, [f"{self.fmt(b[month].mean, 2)} (n={b[month].count})" if month in b else "–" for b in by_month])
            for month in months
        ]
        named = ", ".join(tp.title for tp, _ in series)
        summary = (self.t("trend_summary_one", month=months[0], touchpoints=named) if len(months) == 1 else
                   self.t("trend_summary", first=months[0], last=months[-1], touchpoints=named))
        if notes:
            summary += " " + " ".join(notes)
        return Chart(self._id(journey.id, key, "trend"), "trend", self.t("chart_trend"), summary, figure,
                     Table([self.t("month")] + [tp.title for tp, _ in series], rows), height)

    def _change_text(self, r: RankedImprovement) -> str:
        result = r.result
        if result is None or result.change is None:
            return self.t("trend_no_data")
        change = result.change
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        noise = ""
        if result.p_value is not None:
            noise = f"; {self.t('beyond_noise' if result.beyond_noise else 'within_noise')}"
        return (f"{self.fmt(result.before, 2)} → {self.fmt(result.after, 2)} "
                f"({sign}{self.fmt(abs(change), 2)}; {self.t('responses_before_after')} "
                f"{result.before_n}/{result.after_n}{noise})")

    def _date(self, value: dt.date) -> str:
        return value.isoformat()

    # -- what the page templates ask for -------------------------------------------------------

    def delivered_trend(self, journey: Journey) -> Optional[Chart]:
        """The journey page's 'did it work?': touchpoints of delivered improvements, before and after."""
        items = [r for r in self.analysis.backlog.get(journey.id, [])
                 if r.improvement.status is ImprovementStatus.DONE and r.improvement.delivered]
        ids = {t for r in items for t in r.improvement.touchpoints}
        touchpoints = [tp for tp in journey.touchpoints if tp.id in ids]
        return self.trend(journey, touchpoints, "delivered", items) if touchpoints else None

    def phase_trend(self, journey: Journey, phase: Phase) -> Optional[Chart]:
        """The monthly trend of a phase's touchpoints (see trend); None without monthly feedback."""
        return self.trend(journey, journey.touchpoints_in(phase.id), phase.id)

    def journey_gap(self, journey: Journey) -> Optional[Chart]:
        """The gap chart of every touchpoint for all personas together; None when none is scored."""
        states = self.analysis.states[journey.id]
        return self.gap([s for tp in journey.touchpoints if (s := states.of(tp.id))], journey.id)

    def persona_gap(self, journey: Journey, persona: Persona) -> Optional[Chart]:
        """The gap chart of one persona's touchpoints; None when none is scored."""
        states = self.analysis.states[journey.id]
        return self.gap(states.for_persona(persona.id), f"{journey.id}-{persona.id}")

    def team_gap(self, slug: str, states: list[TouchpointState]) -> Optional[Chart]:
        """The gap chart of the touchpoints a team owns (`slug`: its page name), naming the journey
        of each when they span several; None when none is scored."""
        key = slug if slug.startswith("team-") else f"team-{slug}"
        return self.gap(states, key, show_journey=len({s.journey.id for s in states}) > 1)
