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
