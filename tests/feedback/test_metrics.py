"""Each metric against hand-computed values, scale mapping, combining sources, breakdowns."""

from __future__ import annotations

import pytest

from journeymaps.model import Metric


def rows(*scores, persona="sanne", tp="checkout"):
    return "touchpoint,persona,score\n" + "".join(f"{tp},{persona},{s}\n" for s in scores)


def test_csat_mean_and_top_two_box(site):
    site.csv("csat.csv", rows(5, 4, 4, 3, 1))
    cell = site.read("  - metric: csat\n").cell("checkout", "sanne")
    assert cell.metric is Metric.CSAT
    assert cell.metric_value == pytest.approx((5 + 4 + 4 + 3 + 1) / 5)  # 3.4
    assert cell.top2box == pytest.approx(3 / 5)  # 5, 4, 4 are the top two points of 1..5
    assert cell.mean == pytest.approx(3.4)  # survey 1..5 = journey 1..5


def test_nps_is_promoters_minus_detractors_and_the_curve_is_the_mapped_mean(site):
    site.csv("nps.csv", rows(10, 9, 9, 8, 7, 6, 0, 3, 10, 5))
    cell = site.read("  - metric: nps\n").cell("checkout", "sanne")
    # promoters 10, 9, 9, 10 = 4; detractors 6, 0, 3, 5 = 4; NPS = (4 - 4) / 10 * 100 = 0
    assert cell.metric_value == 0.0
    assert cell.top2box is None
    # mean answer 67 / 10 = 6.7 on 0..10 -> journey 1..5: 1 + 6.7 / 10 * 4 = 3.68
    assert cell.mean == pytest.approx(3.68)


def test_nps_positive(site):
    site.csv("nps.csv", rows(10, 10, 9, 7, 2))
    cell = site.read("  - metric: nps\n").cell("checkout", "sanne")
    assert cell.metric_value == 40.0  # (3 - 1) / 5 * 100


def test_ces_lower_is_better_is_reversed_on_the_map(site):
    site.csv("ces.csv", rows(1, 2, 2, 7))
    cell = site.read("  - metric: ces\n    scale: [1, 7]\n    higher_is_better: false\n").cell("checkout", "sanne")
    assert cell.metric_value == pytest.approx(3.0)  # (1 + 2 + 2 + 7) / 4, on the survey scale
    # reversed: 5 - (3 - 1) / 6 * 4 = 3.6667 (little effort = high on the map)
    assert cell.mean == pytest.approx(5 - 2 / 6 * 4)


def test_score_on_a_journey_scale_of_1_to_10(site):
    site.scale = "[1, 10]"
    site.csv("s.csv", rows(1, 5))
    cell = site.read().cell("checkout", "sanne")
    assert cell.metric is Metric.SCORE and cell.metric_value == 3.0
    assert cell.mean == pytest.approx(1 + (3 - 1) / 4 * 9)  # 5.5


def test_rows_without_persona_count_only_toward_the_whole(site):
    site.csv("p.csv", "touchpoint,persona,score\ncheckout,sanne,5\ncheckout,,1\ncheckout,Vaste Klant,3\n")
    fb = site.read()
    assert fb.cell("checkout").count == 3 and fb.cell("checkout").mean == 3.0
    assert fb.cell("checkout", "sanne").count == 1
    assert fb.cell("checkout", "vaste-klant").mean == 3.0
    assert fb.cell("checkout", None) is fb.cells[("checkout", None)]
    assert fb.cell("delivery") is None
    assert fb.total_responses == 3


def test_persona_map_and_case_insensitive_touchpoint_ids(site):
    site.csv("p.csv", "touchpoint,persona,score\nCHECKOUT,Nieuwe klant,4\nCheckOut,nieuwe KLANT,2\n")
    fb = site.read("  - personas: {Nieuwe klant: sanne}\n")
    assert fb.problems == []
    assert fb.cell("checkout", "sanne").count == 2


def test_two_sources_combine_on_the_journey_scale(site):
    (site.dir / "feedback" / "csat").mkdir()
    (site.dir / "feedback" / "nps").mkdir()
    site.csv("csat/a.csv", rows(5, 3))             # mean 4 on 1..5 -> 4 on the journey
    site.csv("nps/b.csv", rows(10, 10, 0))         # mean 6.67 on 0..10 -> 1 + 0.667 * 4 = 3.667
    fb = site.read("  - path: feedback/csat/*.csv\n    metric: csat\n  - path: feedback/nps/*.csv\n    metric: nps\n")
    cell = fb.cell("checkout", "sanne")
    assert cell.count == 5
    # mapped sum: csat 5 + 3 = 8; nps (1 + 4) + (1 + 4) + 1 = 11; (8 + 11) / 5 = 3.8
    assert cell.mean == pytest.approx(3.8)
    assert cell.metric is Metric.NPS  # the source with the most responses in this cell
    assert cell.metric_value == pytest.approx(100 * (2 - 1) / 3, abs=0.05)
    assert cell.top2box is None


def test_monthly_channels_products_newest(site):
    site.csv(
        "m.csv",
        "date,touchpoint,score,channel,product\n"
        "2026-01-05,checkout,2,web,boek\n"
        "2026-01-20,checkout,4,app,boek\n"
        "2026-03-01,checkout,5,web,\n",
    )
    cell = site.read().cell("checkout")
    assert [(m.month, m.count, m.mean) for m in cell.monthly] == [("2026-01", 2, 3.0), ("2026-03", 1, 5.0)]
    assert cell.channels == {"app": (1, 4.0), "web": (2, 3.5)}
    assert cell.products == {"boek": (2, 3.0)}  # an empty product is not a product
    assert str(cell.newest) == "2026-03-01"


def test_quotes_newest_first_at_most_five_with_lines(site):
    body = "date,touchpoint,score,comment\n" + "".join(
        f"2026-03-{d:02d},checkout,4,opmerking {d}\n" for d in (3, 9, 1, 7, 5, 2, 8)
    ) + "2026-03-10,checkout,4,\n"
    site.csv("q.csv", body)
    quotes = site.read().cell("checkout").quotes
    assert [q.text for q in quotes] == [f"opmerking {d}" for d in (9, 8, 7, 5, 3)]
    assert [q.line for q in quotes] == [3, 8, 5, 6, 2]
    assert quotes[0].persona is None and quotes[0].file == "journeys/webshop/feedback/q.csv"
