"""Counts read as people write them, in English and Dutch: '1 touchpoint', '2 contactmomenten'."""

from __future__ import annotations

import re

import pytest

from tests.helpers import JOURNEY, make_site, mkdocs

# JOURNEY has 2 phases and 2 touchpoints, one owned by Team Marketing and one by Team Payments;
# one improvement is added for Team Payments.
IMPROVEMENTS = "- id: faster\n  title: Faster\n  touchpoints: [checkout]\n  owner: Team Payments\n"
EXPECTED = {
    "en": ("2 phases, 2 touchpoints", "Team Marketing</a>: 1 touchpoint, 0 improvements",
           "Team Payments</a>: 1 touchpoint, 1 improvement"),
    "nl": ("2 fasen, 2 contactmomenten", "Team Marketing</a>: 1 contactmoment, 0 verbeteringen",
           "Team Payments</a>: 1 contactmoment, 1 verbetering"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_counts_use_the_plural_form_of_the_language(tmp_path, language):
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": JOURNEY,
                                "journeys/webshop/improvements.yml": IMPROVEMENTS}, language=language)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    text = lambda page: re.sub(r"\s+", " ", (root / "site" / page).read_text(encoding="utf-8"))  # noqa: E731
    phases, marketing, payments = EXPECTED[language]
    assert phases in text("journeys/index.html")
    teams = text("teams/index.html")
    assert marketing in teams and payments in teams


def test_quotes_have_a_heading_and_a_comment_written_twice_is_shown_once(tmp_path):
    rows = ["date,touchpoint,persona,score,comment"]
    rows += [f"2026-10-0{d},checkout,sanne,2,Het betalen liep vast" for d in range(1, 5)]  # the same comment 4x
    rows += ["2026-10-05,checkout,sanne,3,Te veel stappen", "2026-10-06,checkout,sanne,4,"]
    root = make_site(tmp_path, {"journeys/webshop/feedback/survey.csv": "\n".join(rows) + "\n"})
    result = mkdocs(root, "build")
    assert result.returncode == 0, result.stderr
    html = (root / "site/journeys/webshop/phases/do/index.html").read_text(encoding="utf-8")
    section = html[html.index('id="tp-checkout"'):]
    section = section[:section.index("</section>")]
    assert "<strong>What customers say</strong>" in section
    quotes = re.findall(r'<blockquote class="jm-quote">(.*?)</blockquote>', section, re.S)
    assert sorted(quotes) == ["Het betalen liep vast", "Te veel stappen"]


NO_TARGETS = JOURNEY.replace("    target: 3\n", "").replace("    target: 4\n", "")
NO_SCORES = JOURNEY.replace("    estimate: 4\n", "").replace("    estimate: 4.5\n", "")


@pytest.mark.parametrize("journey, says, language", [
    (NO_SCORES, "no touchpoint has a score yet", "en"),
    (NO_TARGETS, "No touchpoint has a target yet", "en"),
    (NO_SCORES, "nog geen contactmoment heeft een score", "nl"),
    (NO_TARGETS, "Nog geen contactmoment heeft een doel", "nl"),
])
def test_a_journey_without_scores_or_targets_says_so_and_what_to_add(tmp_path, journey, says, language):
    assert journey != JOURNEY
    root = make_site(tmp_path, {"journeys/webshop/journey.yml": journey}, language=language)
    result = mkdocs(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    for page in ("journeys/webshop/index.html", "journeys/webshop/personas/sanne/index.html"):
        html = (root / "site" / page).read_text(encoding="utf-8")
        gaps = html[html.index('id="gaps"'):]
        assert says in gaps and "journeys/webshop/journey.yml" in gaps, page
        assert "every scored touchpoint is on target" not in html and "haalt zijn doel" not in html
        if journey is NO_SCORES:
            assert "data-jm-figure" not in html[:html.index('id="gaps"')], "an empty chart is drawn"
