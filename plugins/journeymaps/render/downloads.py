"""The organisation's whole backlog and decision register as CSV files, for Excel.

/backlog/ and /decisions/ show summaries (render/organisation.py); these files hold every row
of every journey. They open with a double click in Excel in the site's language: UTF-8 with a
byte order mark; in Dutch `;` between fields and a decimal comma (Dutch Excel's list
separator), otherwise `,` and a decimal point. Dates are ISO (2026-05-01), which Excel reads in
every language.

Titles and names are written by anyone who can open a pull request: a text cell that starts
with = + - @ or a tab or carriage return would be run as a formula by Excel (CSV injection,
OWASP), so it gets a leading apostrophe, which Excel shows as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Callable, Optional

from ..analysis import RankedImprovement, SiteAnalysis, sort_backlog
from ..model import Journey
from . import routes

BACKLOG_CSV = routes.backlog_csv()
DECISIONS_CSV = routes.decisions_csv()
_FORMULA = ("=", "+", "-", "@", "\t", "\r")

Cell = Optional[Any]  # str, int, float, date or None


def downloads(analysis: SiteAnalysis, t: Callable[[str], str], language: str,
              rows_of: Callable[[Journey], list[dict[str, Any]]]) -> dict[str, str]:
    """Site path -> CSV text of each download. `t` gives a label, `rows_of` a journey's decision
    rows (render/pages.decision_rows)."""
    ranked = sort_backlog([r for j in analysis.site.journeys for r in analysis.backlog[j.id]])
    decisions = [row for j in analysis.site.journeys for row in rows_of(j)]
    return {
        BACKLOG_CSV: to_csv(backlog_table(ranked, t), language),
        DECISIONS_CSV: to_csv(decision_table(decisions, t), language),
    }


def backlog_table(ranked: list[RankedImprovement], t: Callable[[str], str]) -> list[list[Cell]]:
    """A header and one row per improvement, in backlog order."""
    rows: list[list[Cell]] = [[t("journey"), "id", t("improvement"), t("status"), t("touchpoints"), t("personas"),
                               t("owner"), t("closes_gap"), t("rice"), t("reach"), t("impact"), t("confidence"),
                               t("effort"), t("delivered"), t("before"), t("after"), t("change")]]
    for r in ranked:
        i, journey, result = r.improvement, r.journey, r.result
        rows.append([
            journey.title, i.id, i.title, t(f"status_{i.status.value}"), _touchpoints(journey, i.touchpoints),
            _personas(journey, i.personas), i.owner or None, r.gap, r.rice,
            r.reach, i.impact, i.confidence, i.effort, i.delivered,
            result.before if result else None, result.after if result else None,
            result.change if result else None,
        ])
    return rows


def decision_table(decisions: list[dict[str, Any]], t: Callable[[str], str]) -> list[list[Cell]]:
    """A header and one row per decision, journey by journey in register order."""
    rows: list[list[Cell]] = [[t("journey"), "id", t("decision"), t("status"), t("touchpoints"), t("personas"),
                               t("floor"), t("current"), t("decided"), t("decided_by"), t("review"),
                               t("review_overdue").capitalize(), t("superseded_by"), t("rationale"), t("trade_off")]]
    for row in decisions:
        d, journey = row["decision"], row["journey"]
        rows.append([
            journey.title, d.id, d.title, t(f"status_{d.status.value}"), _touchpoints(journey, d.touchpoints),
            _personas(journey, d.personas), d.floor, row["lowest"], d.decided, d.decided_by or None, d.review,
            t("review_overdue") if row["review_overdue"] else None,
            row["superseded_by"].title if row["superseded_by"] else None, d.rationale or None, d.trade_off or None,
        ])
    return rows


def to_csv(rows: list[list[Cell]], language: str) -> str:
    """The rows as CSV for Excel in `language` (see the module's docstring)."""
    dutch = language == "nl"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value, dutch) for value in row])
    return "\ufeff" + out.getvalue()


def _cell(value: Cell, dutch: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        text = str(int(value)) if value == int(value) else str(round(value, 2))
        return text.replace(".", ",") if dutch else text
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _touchpoints(journey: Journey, ids: list[str]) -> str:
    titles = {tp.id: tp.title for tp in journey.touchpoints}
    return ", ".join(titles.get(i, i) for i in ids or ())


def _personas(journey: Journey, ids: Optional[list[str]]) -> Optional[str]:
    names = {p.id: p.name for p in journey.all_personas}
    return ", ".join(names.get(i, i) for i in ids or ()) or None
