"""Generate the example survey exports under journeys/*/feedback/ (fixed seed, reproducible).

    python tools/make_example_feedback.py           # write the CSVs
    python tools/make_example_feedback.py --check   # also print the state of every touchpoint x persona

The data is made up, but shaped like the real thing:

* webshop: a survey-tool export with the standard columns (date,touchpoint,persona,score,comment,
  channel), comma, UTF-8, ISO dates, CSAT 1-5. It contains multi-line quoted comments, comments with
  personal data (to show redaction) and a handful of bad rows (empty score, score 9, unknown
  touchpoint) that the site must reject and report. Five touchpoints have 80 to 170 comments each
  (MORE_COMMENTS), so the site's comment themes have something to find.
* energie-overstappen: a Dutch Excel export (cp1252, `;`, decimal comma, 01-03-2026, CRLF) with
  report grades 1-10, and a second "CSV UTF-8" export (with BOM) of the NPS question (0-10).

The means per touchpoint and persona are chosen so that the example site shows every state of
docs/configuration.md (What a state means): on target, accepted trade-off, floor breached, improving and unaddressed; and so
that the delivered improvements (checkout on 2026-06-01, aanmelden on 2026-05-12) visibly raise
their touchpoint's score.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import random
import sys
from pathlib import Path

SEED = 20260123
ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2026, 1, 2)
END = dt.date(2026, 11, 20)
DAYS = [START + dt.timedelta(days=i) for i in range((END - START).days + 1)]


# --- score distributions --------------------------------------------------------------------

def normal_probs(values: list[float], mean: float, sd: float) -> list[float]:
    """A discretised normal distribution over `values`, centred so that its mean is `mean`."""
    lo, hi = values[0] - 10 * sd, values[-1] + 10 * sd

    def probs(centre: float) -> list[float]:
        w = [math.exp(-((v - centre) ** 2) / (2 * sd * sd)) for v in values]
        total = sum(w)
        return [x / total for x in w]

    for _ in range(100):
        mid = (lo + hi) / 2
        if sum(p * v for p, v in zip(probs(mid), values)) < mean:
            lo = mid
        else:
            hi = mid
    return probs((lo + hi) / 2)


class Sampler:
    """Draws scores for a group of responses whose sample mean lands close to the intended mean.

    Survey samples of 50-150 responses are noisy; the example must show each state reliably, so a
    group is redrawn (deterministically, from the same seeded generator) until its mean is within
    `tolerance` of the intended one.
    """

    def __init__(self, rng: random.Random, values: list[float], sd: float, half_points: float = 0.0,
                 tolerance: float = 0.06):
        self.rng, self.values, self.sd, self.half, self.tol = rng, values, sd, half_points, tolerance
        self.cache: dict[float, list[float]] = {}

    def one(self, mean: float) -> float:
        if mean not in self.cache:
            self.cache[mean] = normal_probs(self.values, mean, self.sd)
        s = self.rng.choices(self.values, self.cache[mean])[0]
        if self.half and self.rng.random() < self.half:  # some respondents give half points ("7,5")
            s = min(self.values[-1], max(self.values[0], s + self.rng.choice([-0.5, 0.5])))
        return s

    def group(self, mean: float, n: int) -> list[float]:
        best: list[float] = []
        for _ in range(500):
            scores = [self.one(mean) for _ in range(n)]
            if not best or abs(sum(scores) / n - mean) < abs(sum(best) / n - mean):
                best = scores
            if abs(sum(best) / n - mean) <= self.tol:
                break
        return best


def scores_for(sampler: Sampler, spec, days: list[dt.date]) -> list[float]:
    """Scores for responses on `days`: one group per period (before and after a change)."""
    if not isinstance(spec, tuple):
        return sampler.group(spec, len(days)) if days else []
    before, after, change = spec
    n_before = sum(d < change for d in days)
    return sampler.group(before, n_before) + sampler.group(after, len(days) - n_before)


def pick_dates(rng: random.Random, n: int, change: dt.date | None = None, after_weight: float = 1.0,
               season: bool = False) -> list[dt.date]:
    """n response dates; more after `change` (more use after a fix) and in autumn if `season`."""
    weights = []
    for day in DAYS:
        w = 1.0
        if change and day >= change:
            w *= after_weight
        if season and day.month in (9, 10, 11):
            w *= 1.6
        if day.weekday() == 6:
            w *= 0.6
        weights.append(w)
    return sorted(rng.choices(DAYS, weights, k=n))


# --- comments -------------------------------------------------------------------------------

# --- webshop ---------------------------------------------------------------------------------

W_PAY = dt.date(2026, 6, 1)    # een-klik-betalen delivered
W_CHAT = dt.date(2026, 3, 16)  # chat-24-7 delivered

# touchpoint id: (survey label, channels, {persona: (n, mean or (before, after, date))}, after_weight)
WEBSHOP = {
    "zoeken": ("Zoeken", ["web", "app"], {"nieuwe-klant": (120, 3.15), "vaste-klant": (110, 3.55)}, 1),
    "productpagina": ("Productpagina", ["web", "app"], {"nieuwe-klant": (100, 4.25), "vaste-klant": (90, 4.3)}, 1),
    "showroom-advies": ("Showroom advies", ["store"], {"vaste-klant": (140, 4.6)}, 1),
    "winkelmand": ("Winkelmand", ["app", "web"], {"nieuwe-klant": (110, 3.6), "vaste-klant": (90, 4.25)}, 1),
    "checkout": ("Checkout", ["web", "app"], {
        "nieuwe-klant": (190, (3.2, 4.6, W_PAY)), "vaste-klant": (170, (3.4, 4.7, W_PAY))}, 1.6),
    "orderbevestiging": ("Orderbevestiging", ["mail"], {"nieuwe-klant": (70, 4.3), "vaste-klant": (60, 4.35)}, 1),
    "bezorgmoment": ("Bezorgmoment", ["web"], {"nieuwe-klant": (110, 3.4), "vaste-klant": (120, 3.25)}, 1),
    "track-trace": ("Track & Trace", ["app"], {"nieuwe-klant": (110, 3.35), "vaste-klant": (90, 3.05)}, 1),
    "bezorging": ("Bezorging", ["delivery"], {"nieuwe-klant": (130, 4.45), "vaste-klant": (130, 4.5)}, 1),
    "montage": ("Montage", ["at home"], {"nieuwe-klant": (100, 2.75), "vaste-klant": (90, 3.35)}, 1),
    "chat": ("Chat", ["chat"], {
        "nieuwe-klant": (120, (3.6, 4.35, W_CHAT)), "vaste-klant": (90, (3.5, 4.3, W_CHAT))}, 1.3),
    "telefoon": ("Telefoon", ["phone"], {"vaste-klant": (120, 3.3)}, 1),
    "retour": ("Retour", ["store", "delivery"], {"nieuwe-klant": (110, 2.55), "vaste-klant": (100, 2.75)}, 1),
    "herhaalaankoop": ("Herhaalaankoop", ["mail"], {"nieuwe-klant": (70, 3.85), "vaste-klant": (90, 3.9)}, 1),
}
W_PERSONA_LABELS = {"nieuwe-klant": "Nieuwe klant", "vaste-klant": "Vaste klant"}

W_COMMENTS = {
    "zoeken": {
        "neg": ["Zoeken op 'eettafelstoel' geeft niks, op 'stoel' wel. Raar.",
                "Search results show items that take 12 weeks. I only found out at checkout.",
                "Ik wil kunnen filteren op levertijd!"],
        "mid": ["Filters zijn ok maar kleur 'grijs' heeft 6 varianten", "Found it eventually."],
        "pos": ["Snel gevonden wat ik zocht", "Good filters on size."],
    },
    "productpagina": {
        "neg": ["Maten kloppen niet met de foto"],
        "pos": ["Duidelijke foto's en eerlijke reviews", "Love the room photos, very helpful",
                "Alle afmetingen stonden erbij, top"],
    },
    "showroom-advies": {
        "pos": ["Verkoper wist echt alles van de stoffen. Top!", "Fijn dat ze de bank meteen in mijn online mandje zette",
                "Goed advies, geen verkooppraatje"],
        "mid": ["Lang moeten wachten op een verkoper op zaterdag"],
    },
    "winkelmand": {
        "neg": ["Waarom moet ik een account maken om te betalen??", "Forced to create an account. Nearly gave up.",
                "Account aanmaken, wachtwoord eisen, bevestigingsmail... ik wilde alleen een lamp kopen"],
        "pos": ["Mandje onthouden tussen app en laptop, handig"],
    },
    "checkout": {
        "neg": ["Betaling mislukt na terugkomen uit de bank-app, bestelling weg",
                "Payment failed twice. Had to call the bank.",
                "iDEAL gaf een foutmelding maar het geld was wel afgeschreven.\nNu twee keer betaald? Graag terugstorten op NL91 ABNA 0417 1643 00",
                "Bank app opened, then back to an empty basket."],
        "mid": ["Ging uiteindelijk goed, derde poging"],
        "pos": ["Betalen met één klik, zo hoort het", "One tap and done. Finally!", "Supersnel afgerekend 👍",
                "Mijn rekening stond er al in, heel makkelijk"],
    },
    "orderbevestiging": {
        "pos": ["Meteen een mail met alles erin", "Clear confirmation, thanks"],
        "mid": ["Levering 'week 14' is wel vaag"],
    },
    "bezorgmoment": {
        "neg": ["Pas over 4 werkdagen een plekje, wij wonen buiten Emmen (7812 AB)",
                "Only Tuesday, Thursday or Saturday in our area? Why?",
                "Geen zaterdag meer vrij de komende 2 weken"],
        "mid": ["Ok, maar ik had liever zelf een dag gekozen", "Drie dagen per week is krap maar te doen"],
        "pos": ["Morgen al! Top", "Easy to pick a slot"],
    },
    "track-trace": {
        "neg": ["Tijdvak van 8 tot 12 en ze kwamen om 13:30", "Status 'onderweg' sinds 7 uur, kwamen om 16:00. Hele dag thuis gezeten.",
                "Waiting all day with a 4 hour window is not acceptable in 2026",
                "Bel me gewoon even als jullie er bijna zijn: 06-12345678"],
        "mid": ["SMS kwam pas de avond ervoor"],
        "pos": ["Precies op tijd, zoals de app zei"],
    },
    "bezorging": {
        "pos": ["Vriendelijke jongens, bank netjes in de kamer gezet en verpakking meegenomen",
                "Delivery crew was great, careful on our narrow stairs",
                "Top service. Foto gemaakt van de kast op zijn plek, vond ik grappig"],
        "neg": ["Kras op het tafelblad, is gemeld"],
        "mid": ["Prima, wel een uur later dan gezegd"],
    },
    "montage": {
        "neg": ["Handleiding alleen plaatjes, geen woord uitleg. 3 uur bezig",
                "Two screws missing. Took a week to get them.",
                "Onderdeel C ontbrak.\nKlantenservice zegt 5 werkdagen.\nKast staat nu half af in de slaapkamer.",
                "Graag contact over ontbrekende schroeven: j.devries1988@example.nl"],
        "mid": ["Te doen met z'n tweeën", "Instructions could be clearer"],
        "pos": ["Binnen een uur in elkaar, alles zat erbij"],
    },
    "chat": {
        "neg": ["Chatbot snapte mijn vraag niet en er was geen mens beschikbaar", "Waited 25 minutes in the chat"],
        "mid": ["Uiteindelijk geholpen"],
        "pos": ["Om 23:00 nog een mens aan de lijn in de chat, geweldig", "Bezorgdag verzet via de chat in 2 minuten",
                "Helpful agent at midnight, sorted my delivery"],
    },
    "telefoon": {
        "neg": ["Zaterdag gebeld: bandje dat ik moet chatten. Ik wil gewoon iemand spreken.",
                "Phone closed at weekends, that's when I have time",
                "Ik ben 10 jaar klant en kan in het weekend niet meer bellen"],
        "mid": ["Doordeweeks prima geholpen, wel 10 minuten gewacht"],
        "pos": ["Vriendelijke medewerker, meteen opgelost"],
    },
    "retour": {
        "neg": ["Ophalen kost €29,95 voor een stoel?! Ik heb geen auto.",
                "Free returns only in store? I don't have a car. Never again.",
                "Retour naar de winkel gebracht, 14 dagen later nog geen geld terug",
                "Stoel terugbrengen met de bakfiets, echt niet leuk\nen daarna nog 2 weken wachten op mijn geld",
                "Stuur het geld maar terug naar NL20INGB0001234567, ik kom niet naar de winkel"],
        "mid": ["In de winkel wel goed geholpen met ruilen"],
        "pos": ["Ruilen in de winkel ging snel"],
    },
    "herhaalaankoop": {
        "pos": ["Handige onderhoudstips voor het leer", "Nice care tips, no hard sell"],
        "mid": ["Meteen weer reclame voor een bijpassende stoel"],
    },
}


# More comments at five touchpoints, as a real survey has (hundreds per touchpoint, a dozen
# things people keep saying in their own words): what the comment themes of the site are found
# in. Per touchpoint and kind (neg, mid, pos): themes of a few phrasings each, with slots
# ({item}, {days}, {n}) filled in. Added after the scores and the comments above, with an rng of
# their own, to responses without a comment: every score and every other comment stays as it was.
ITEMS_NL = ["bank", "kast", "eettafel", "stoel", "lamp", "bed", "bureau", "dressoir"]
ITEMS_EN = ["sofa", "wardrobe", "dining table", "chair", "lamp", "bed", "desk", "sideboard"]
MORE_COMMENTS = {
    "checkout": {
        "neg": [
            "Betaling mislukt bij iDEAL, {n} keer opnieuw geprobeerd", "iDEAL gaf een foutmelding, toch geld afgeschreven",
            "Na de bank-app terug naar een lege winkelmand", "Betalen ging mis en de bestelling was weg",
            "Payment failed {n} times before it went through", "The bank app sent me back to an empty basket",
            "Verplicht een account aanmaken om te betalen, irritant", "Waarom een account aanmaken voor één {item}?",
            "Had to create an account just to pay for a {item_en}",
            "Kortingscode werkte niet bij het afrekenen", "Discount code was not accepted at checkout",
        ],
        "mid": ["Betaling lukte de tweede keer", "Account aanmaken kost tijd, daarna ging het wel",
                "Payment worked on the second try", "Kortingscode moest ik twee keer invullen"],
        "pos": ["Betalen met één klik, heel snel", "Snel afgerekend met iDEAL", "Afrekenen ging supersnel",
                "One click payment, really fast", "Paid in seconds with iDEAL", "Snel en makkelijk betaald",
                "Makkelijk betalen, mijn gegevens stonden er al", "Checkout was quick and easy"],
    },
    "bezorging": {
        "neg": ["{item} kwam beschadigd aan, kras op de zijkant", "Doos kapot en de {item} beschadigd",
                "The {item_en} arrived damaged, a big scratch on top", "Damaged in transport, dent in the side",
                "Bezorging {days} dagen te laat, niemand liet iets weten", "Delivery was {days} days late without notice",
                "Bezorgers kwamen te laat en hadden haast"],
        "mid": ["Bezorging een uur later dan gezegd, verder prima", "Delivery a bit late but the crew was friendly",
                "Kleine kras, netjes gemeld en opgelost"],
        "pos": ["Vriendelijke bezorgers, {item} netjes op zijn plek gezet", "Bezorgers waren vriendelijk en voorzichtig",
                "Friendly delivery crew, careful with the {item_en}", "The delivery crew took the packaging away",
                "Verpakking meegenomen, heel fijn", "Netjes bezorgd en de verpakking meegenomen",
                "Precies op tijd bezorgd, vriendelijke jongens", "Delivered right on time by a friendly crew"],
    },
    "retour": {
        "neg": ["Ophalen kost geld, retour alleen gratis in de winkel", "Retour ophalen kost €29,95, te duur",
                "Returns are only free in store and I have no car", "Pick-up for a return costs too much",
                "{days} dagen later nog steeds geen geld terug", "Geld terug duurt veel te lang",
                "Still no refund after {days} days", "Waiting weeks for my refund",
                "Geen auto, dus de {item} terugbrengen naar de winkel lukt niet"],
        "mid": ["Retour in de winkel ging goed, geld terug duurde lang", "Refund came after two weeks",
                "Ruilen ging goed, wel zelf naar de winkel"],
        "pos": ["Ruilen in de winkel ging snel en vriendelijk", "Returned the {item_en} in store, quick and friendly",
                "Geld was binnen {days} dagen terug", "Snel geld terug na de retour"],
    },
    "montage": {
        "neg": ["Schroeven ontbraken, {days} dagen gewacht op onderdelen", "Onderdeel ontbrak in de doos van de {item}",
                "Screws missing, took {days} days to get them", "Parts missing from the {item_en} box",
                "Handleiding alleen plaatjes, geen uitleg", "Handleiding onduidelijk, {n} uur bezig met de {item}",
                "The manual is only pictures, no instructions", "Assembly instructions were unclear"],
        "mid": ["Handleiding kan duidelijker, maar het lukte", "Took a while, the manual could be clearer",
                "Met z'n tweeën te doen"],
        "pos": ["Binnen een uur in elkaar gezet, alles zat erbij", "Easy to assemble, all parts included",
                "Duidelijke handleiding, snel in elkaar", "Assembled the {item_en} in an hour"],
    },
    "track-trace": {
        "neg": ["Tijdvak van vier uur en ze kwamen te laat", "Hele dag thuis gewacht, tijdvak klopte niet",
                "Waited all day, the time window was wrong", "A four hour window is far too long",
                "SMS kwam pas de avond ervoor", "The text message came too late to plan my day",
                "Status bleef op onderweg staan, geen update"],
        "mid": ["Tijdvak klopte ongeveer", "SMS was laat maar de bezorging klopte", "Time window was roughly right"],
        "pos": ["Precies op tijd, zoals de app zei", "Handig dat de app de bezorger live laat zien",
                "Arrived right on time, as the app said", "Live tracking in the app is great"],
    },
}
MORE_RATE = 0.4  # of the responses at those touchpoints without a comment yet


def add_more_comments(rng: random.Random, rows: list[dict], pools: dict, low: float, high: float) -> None:
    """Give MORE_RATE of the responses without a comment at the touchpoints of `pools` one, by score
    (as `comment` does), its slots filled in."""
    for row in rows:
        pool = pools.get(row.get("_tp"))
        if pool is None or row["comment"] or rng.random() > MORE_RATE:
            continue
        share = (row["_score"] - low) / (high - low)
        kind = "neg" if share < 0.45 else "pos" if share > 0.7 else "mid"
        i = rng.randrange(len(ITEMS_NL))
        text = rng.choice(pool[kind]).format(item=ITEMS_NL[i], item_en=ITEMS_EN[i], days=rng.randint(3, 21), n=rng.randint(2, 4))
        row["comment"] = text[0].upper() + text[1:]


PII_OR_MULTILINE = ("@", "NL91", "NL20", "06-", "06 ", " AB", "BSN", "\n")


def is_special(text: str) -> bool:
    """A comment with personal data or line breaks: each occurs exactly once in the export."""
    return any(mark in text for mark in PII_OR_MULTILINE)


def force_special_comments(rng: random.Random, rows: list[dict], pools: dict, field: str, low_share: float,
                           low: float, high: float) -> None:
    """Make sure every multi-line comment and every comment with personal data occurs at least once.

    Random picking could leave them out; the example must show redaction and multi-line parsing.
    Each goes on a random low-scoring response of its touchpoint that has no comment yet.
    """
    for tp, pool in pools.items():
        for texts in pool.values():
            for text in texts:
                if not is_special(text):
                    continue
                if any(r.get(field) == text for r in rows):
                    continue
                candidates = [r for r in rows if r.get("_tp") == tp and not r[field]
                              and (r["_score"] - low) / (high - low) <= low_share]
                if candidates:
                    rng.choice(candidates)[field] = text


def comment(rng: random.Random, pools: dict, tp: str, score: float, low: float, high: float, rate: float) -> str:
    if rng.random() > rate:
        return ""
    pool = pools.get(tp, {})
    share = (score - low) / (high - low)
    kind = "neg" if share < 0.45 else "pos" if share > 0.7 else "mid"
    options = pool.get(kind) or pool.get("mid") or pool.get("pos") or pool.get("neg") or [""]
    options = [o for o in options if not is_special(o)] or [""]  # special ones: once each, see below
    return rng.choice(options)


def make_webshop(rng: random.Random) -> tuple[list[dict], list[dict]]:
    sampler = Sampler(rng, [1.0, 2.0, 3.0, 4.0, 5.0], sd=0.9)
    rows = []
    for tp, (label, channels, per_persona, after_weight) in WEBSHOP.items():
        for persona, (n, spec) in per_persona.items():
            change = spec[2] if isinstance(spec, tuple) else None
            days = pick_dates(rng, n, change, after_weight if change else 1.0)
            for day, s in zip(days, scores_for(sampler, spec, days)):
                rows.append({
                    "date": day.isoformat(),
                    "touchpoint": label,
                    "persona": "" if rng.random() < 0.04 else W_PERSONA_LABELS[persona],
                    "score": str(int(s)),
                    "comment": comment(rng, W_COMMENTS, tp, s, 1, 5, 0.12),
                    "channel": rng.choice(channels),
                    "_tp": tp, "_persona": persona, "_score": s, "_day": day,
                })
    force_special_comments(rng, rows, W_COMMENTS, "comment", 0.5, 1, 5)
    add_more_comments(random.Random(SEED + 2), rows, MORE_COMMENTS, 1, 5)
    rows.sort(key=lambda r: (r["date"], r["touchpoint"]))
    bad = [  # rows the site must reject with file:line and a reason
        {"date": "2026-02-14", "touchpoint": "Checkout", "persona": "Nieuwe klant", "score": "",
         "comment": "Geen cijfer ingevuld", "channel": "web"},
        {"date": "2026-04-03", "touchpoint": "Bezorging", "persona": "Vaste klant", "score": "9",
         "comment": "9 van de 10!", "channel": "delivery"},
        {"date": "2026-05-20", "touchpoint": "Verlanglijst", "persona": "Nieuwe klant", "score": "4",
         "comment": "", "channel": "app"},
        {"date": "2026-08-08", "touchpoint": "Cadeaubon", "persona": "Vaste klant", "score": "2",
         "comment": "Cadeaubon werkt niet online", "channel": "web"},
        {"date": "2026-10-11", "touchpoint": "Retour", "persona": "Vaste klant", "score": "",
         "comment": "", "channel": "store"},
    ]
    for b in bad:
        i = next(k for k, r in enumerate(rows) if r["date"] >= b["date"])
        rows.insert(i, b)
    return rows, bad


def write_webshop(rows: list[dict]) -> Path:
    path = ROOT / "journeys" / "webshop" / "feedback" / "survey-2026.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    cols = ["date", "touchpoint", "persona", "score", "comment", "channel"]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c] for c in cols])
    return path


# --- energie-overstappen --------------------------------------------------------------------

E_SIGNUP = dt.date(2026, 5, 12)  # aanmelden-in-twee-stappen delivered
E_MAP = dt.date(2026, 4, 1)      # herkomstkaart delivered

ENERGIE = {
    "tarieven": ("Tarieven website", ["Website"], {
        "vergelijker": (80, (7.3, 7.9, E_MAP)), "senior": (60, (7.3, 7.9, E_MAP)),
        "zonnepanelen": (60, (7.2, 7.9, E_MAP))}, 1),
    "terugleverkosten-rekentool": ("Rekentool teruglevering", ["Website"], {"zonnepanelen": (90, 5.5)}, 1),
    "persoonlijk-aanbod": ("Aanbod per mail", ["E-mail"], {
        "vergelijker": (60, 7.9), "senior": (45, 7.8), "zonnepanelen": (45, 7.8)}, 1),
    "adviesgesprek": ("Adviesgesprek", ["Telefoon"], {"senior": (70, 8.5), "zonnepanelen": (60, 8.3)}, 1),
    "aanmelden": ("Aanmelden", ["Website", "App"], {
        "vergelijker": (110, (6.5, 8.6, E_SIGNUP)), "senior": (80, (6.2, 8.4, E_SIGNUP)),
        "zonnepanelen": (80, (6.3, 8.4, E_SIGNUP))}, 2.0),
    "welkomstmail": ("Welkomstmail", ["E-mail"], {
        "vergelijker": (50, 8.0), "senior": (40, 7.9), "zonnepanelen": (40, 8.1)}, 1),
    "meterstanden": ("Meterstanden doorgeven", ["App", "Papier"], {
        "vergelijker": (50, 7.9), "senior": (60, 6.0), "zonnepanelen": (45, 7.9)}, 1),
    "maandnota": ("Maandnota", ["E-mail", "Post"], {
        "vergelijker": (50, 8.0), "senior": (70, 6.2), "zonnepanelen": (45, 7.9)}, 1),
    "klantenservice": ("Klantenservice", ["Telefoon"], {
        "vergelijker": (70, 5.4), "senior": (80, 5.6), "zonnepanelen": (60, 5.3)}, 1),
    "jaarafrekening": ("Jaarafrekening", ["E-mail", "App"], {
        "vergelijker": (60, 6.1), "senior": (55, 5.9), "zonnepanelen": (70, 5.2)}, 1),
}
E_PERSONA_LABELS = {"vergelijker": "Prijsbewust", "senior": "65-plus", "zonnepanelen": "Zonnepanelen"}

E_COMMENTS = {
    "tarieven": {
        "pos": ["Mooi kaartje met de windparken, nu weet ik waar mijn stroom vandaan komt",
                "Duidelijk: vaste kosten én tarief per kWh op één pagina"],
        "mid": ["Netbeheerkosten staan er niet bij"],
        "neg": ["Ik kon de vaste leveringskosten niet vinden"],
    },
    "terugleverkosten-rekentool": {
        "neg": ["Hoeveel kWh ik teruglever? Geen idee, dat staat nergens.",
                "Rekentool geeft één bedrag zonder uitleg. Klopt dat wel?",
                "Na 2027 ga ik er € 300 op achteruit volgens jullie tool – of toch niet?\nGraag uitleg.",
                "Bel me maar even terug: 06 1234 5678"],
        "mid": ["Handig idee, maar ik moest eerst mijn omvormer-app erbij pakken"],
        "pos": ["Eindelijk een supplier die het gewoon uitrekent"],
    },
    "persoonlijk-aanbod": {
        "pos": ["Termijnbedrag klopt met wat ik nu betaal", "Helder aanbod, 14 dagen bedenktijd is fijn"],
        "neg": ["Voorschot veel te hoog ingeschat"],
    },
    "adviesgesprek": {
        "pos": ["Meneer nam echt de tijd voor ons, alles twee keer uitgelegd",
                "Adviseur wist precies hoe het zit met de salderingsregeling",
                "Heel prettig gesprek. Mijn vrouw en ik snappen het nu."],
        "mid": ["Goed gesprek maar pas over een week een afspraak"],
    },
    "aanmelden": {
        "neg": ["EAN-code? Die heb ik niet bij de hand. Afgebroken.",
                "Vier stappen en bij stap 3 was alles weg",
                "Formulier vroeg om mijn EAN-code en meternummer.\nMoest de oude jaarnota zoeken.\nDuurde 25 minuten."],
        "mid": ["Ging wel, maar de app logde me halverwege uit"],
        "pos": ["In 3 minuten geregeld, adres en meter stonden er al in", "Supermakkelijk, alleen postcode en huisnummer",
                "Zo snel overgestapt, had ik niet verwacht"],
    },
    "welkomstmail": {
        "pos": ["Duidelijke mail met de overstapdatum", "Fijn dat ik niets hoef op te zeggen bij de oude leverancier"],
    },
    "meterstanden": {
        "neg": ["Kaartje met een deadline van 5 dagen, ik was op vakantie",
                "Welk getal moet ik nou hebben? Er staan er vier op de meter",
                "Meter zit in de kruipruimte, met mijn knie lukt dat niet meer.\nKunnen jullie niet gewoon langskomen?\nAdres: Dorpsstraat 4, 7941 AB Meppel"],
        "mid": ["App vroeg er wel om, ging uiteindelijk goed"],
        "pos": ["Slimme meter, ik hoefde niets te doen"],
    },
    "maandnota": {
        "neg": ["€ 2,50 per maand voor een papieren nota vind ik schandalig",
                "Ik heb geen e-mail, waarom moet ik extra betalen?",
                "Papier kost nu geld. Mijn dochter regelt het nu via de mail maar ik zie het niet meer."],
        "mid": ["Jammer van de kosten voor papier, maar ik snap het"],
        "pos": ["Elke maand keurig hetzelfde bedrag", "Duidelijke mail, ook in de app te zien"],
    },
    "klantenservice": {
        "neg": ["Terugbelafspraak binnen 1 werkdag? Na 3 dagen nog niemand gehoord.",
                "Teruggebeld toen ik aan het werk was, daarna weer opnieuw beginnen",
                "Niet teruggebeld. Mijn klantnummer is 4481923, graag contact via mail: h.jansen@example.com",
                "Ik wil gewoon in de wacht staan en iemand spreken in plaats van een afspraak",
                "Derde keer dat ik bel over mijn verhuizing.\nNiemand belt terug.\nIBAN voor terugbetaling: NL91ABNA0417164300"],
        "mid": ["Uiteindelijk goed geholpen, maar pas na twee dagen"],
        "pos": ["Netjes op het afgesproken tijdstip gebeld"],
    },
    "jaarafrekening": {
        "neg": ["€ 480 bijbetalen! Het voorschot is nooit aangepast na de prijsdaling.",
                "Terugleverkosten stonden pas op de jaarafrekening. Voelt als een verrassing.",
                "Schrok me rot van de nabetaling. Had dit niet eerder gezien kunnen worden?",
                "Mijn BSN is 111222333, kunt u de betalingsregeling regelen?"],
        "mid": ["Klopt wel, maar de opbouw is lastig te volgen"],
        "pos": ["Geld terug, netjes uitgelegd"],
    },
}

NPS_COMMENTS = {
    "pos": ["Al twee buren overgehaald", "Echte groene stroom én goede service", "Aanbevolen aan mijn zus"],
    "mid": ["Prima, maar de jaarafrekening was schrikken"],
    "neg": ["Pas als de klantenservice beter bereikbaar is", "Te duur geworden na de jaarafrekening"],
}


def dutch_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


def make_energie(rng: random.Random) -> tuple[list[dict], list[dict], list[dict]]:
    sampler = Sampler(rng, [float(v) for v in range(1, 11)], sd=1.5, half_points=0.15, tolerance=0.08)
    rows = []
    for tp, (label, channels, per_persona, after_weight) in ENERGIE.items():
        for persona, (n, spec) in per_persona.items():
            change = spec[2] if isinstance(spec, tuple) else None
            days = pick_dates(rng, n, change, after_weight if change else 1.0, season=(tp == "aanmelden"))
            for day, s in zip(days, scores_for(sampler, spec, days)):
                rows.append({
                    "Datum": day.strftime("%d-%m-%Y"),
                    "Contactmoment": label,
                    "Klanttype": "" if rng.random() < 0.03 else E_PERSONA_LABELS[persona],
                    "Cijfer": dutch_number(s),
                    "Toelichting": comment(rng, E_COMMENTS, tp, s, 1, 10, 0.14),
                    "Kanaal": rng.choice(channels),
                    "Product": "Stroom en gas" if rng.random() < 0.7 else "Alleen stroom",
                    "_tp": tp, "_persona": persona, "_score": s, "_day": day,
                })
    force_special_comments(rng, rows, E_COMMENTS, "Toelichting", 0.5, 1, 10)
    rows.sort(key=lambda r: (r["_day"], r["Contactmoment"]))
    bad = [
        {"Datum": "17-03-2026", "Contactmoment": "Klantenservice", "Klanttype": "65-plus", "Cijfer": "",
         "Toelichting": "Wist niet welk cijfer", "Kanaal": "Telefoon", "Product": "Stroom en gas"},
        {"Datum": "02-07-2026", "Contactmoment": "Storing", "Klanttype": "Prijsbewust", "Cijfer": "4",
         "Toelichting": "Stroomstoring, niet jullie schuld", "Kanaal": "Telefoon", "Product": "Alleen stroom"},
        {"Datum": "21-09-2026", "Contactmoment": "Aanmelden", "Klanttype": "Zonnepanelen", "Cijfer": "11",
         "Toelichting": "", "Kanaal": "App", "Product": "Stroom en gas"},
    ]
    for b in bad:
        key = dt.datetime.strptime(b["Datum"], "%d-%m-%Y").date()
        i = next(k for k, r in enumerate(rows) if "_day" in r and r["_day"] >= key)
        rows.insert(i, b)

    nps_sampler = Sampler(rng, [float(v) for v in range(0, 11)], sd=2.0, tolerance=0.08)
    nps = []
    for persona, (n, mean) in {"vergelijker": (150, 7.5), "senior": (110, 8.0), "zonnepanelen": (130, 7.5)}.items():
        days = pick_dates(rng, n)
        for day, s in zip(days, nps_sampler.group(mean, n)):
            text = ""
            if rng.random() < 0.12:
                kind = "neg" if s <= 6 else "pos" if s >= 9 else "mid"
                text = rng.choice(NPS_COMMENTS[kind])
            nps.append({
                "Datum": day.strftime("%d-%m-%Y"), "Contactmoment": "Vriend werft vriend",
                "Klanttype": E_PERSONA_LABELS[persona], "Aanbevelen": str(int(s)), "Toelichting": text,
                "_tp": "aanbevelen", "_persona": persona, "_score": s, "_day": day,
            })
    nps.sort(key=lambda r: r["_day"])
    return rows, bad, nps


def write_energie(rows: list[dict], nps: list[dict]) -> list[Path]:
    folder = ROOT / "journeys" / "energie-overstappen" / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "tevredenheid-2026.csv"
    cols = ["Datum", "Contactmoment", "Klanttype", "Cijfer", "Toelichting", "Kanaal", "Product"]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([r[c] for c in cols])
    main.write_bytes(buf.getvalue().encode("cp1252"))  # Excel "CSV (gescheiden door lijstscheidingsteken)"

    second = folder / "nps-2026.csv"
    cols = ["Datum", "Contactmoment", "Klanttype", "Aanbevelen", "Toelichting"]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(cols)
    for r in nps:
        w.writerow([r[c] for c in cols])
    second.write_bytes(buf.getvalue().encode("utf-8-sig"))  # Excel "CSV UTF-8"
    return [main, second]


# --- check: the state of every touchpoint x persona, as docs/configuration.md defines it -----

def check(webshop_rows: list[dict], energie_rows: list[dict], nps_rows: list[dict]) -> None:
    sys.path.insert(0, str(ROOT / "plugins"))
    from journeymaps.load import load_site  # noqa: PLC0415

    site = load_site(ROOT)
    today = dt.date(2026, 11, 23)
    measured: dict[tuple[str, str, str], list[float]] = {}
    for journey_id, rows, low, high in (("webshop", webshop_rows, 1, 5), ("energie-overstappen", energie_rows, 1, 10)):
        for r in rows:
            if "_tp" in r:
                measured.setdefault((journey_id, r["_tp"], r["_persona"]), []).append(r["_score"])
    nps_groups: dict[str, list[float]] = {}
    for r in nps_rows:
        nps_groups.setdefault(r["_persona"], []).append(r["_score"])

    for journey in site.journeys:
        low, high = journey.scale
        print(f"\n== {journey.id} (scale {low:g}-{high:g})")
        for tp in journey.touchpoints:
            for persona in journey.personas_at(tp):
                est = tp.estimate_for(persona.id)
                if journey.id == "energie-overstappen" and tp.id == "aanbevelen":
                    scores = nps_groups.get(persona.id, [])
                    mapped = [low + s / 10 * (high - low) for s in scores]
                    promoters = sum(s >= 9 for s in scores) / len(scores)
                    detractors = sum(s <= 6 for s in scores) / len(scores)
                    extra = f" NPS {round(100 * (promoters - detractors)):+d}"
                else:
                    mapped = measured.get((journey.id, tp.id, persona.id), [])
                    extra = ""
                mean = sum(mapped) / len(mapped) if mapped else None
                states = []
                for label, current in (("est", est), ("meas", mean if mapped and len(mapped) >= 5 else est)):
                    states.append(f"{label} {current:.2f} {state(journey, tp, persona.id, current)}")
                print(f"  {tp.id:28} {persona.id:14} n={len(mapped):4} target {tp.target:g}  "
                      + " | ".join(states) + extra)
        for item in journey.improvements:
            if item.delivered:
                for pid in [p.id for p in journey.all_personas]:
                    vals = [r for r in (webshop_rows if journey.id == "webshop" else energie_rows)
                            if r.get("_tp") in item.touchpoints and r.get("_persona") == pid]
                    before = [r["_score"] for r in vals if r["_day"] < item.delivered]
                    after = [r["_score"] for r in vals if r["_day"] >= item.delivered]
                    if before and after:
                        print(f"  delivered {item.id} {item.delivered} {pid}: before {sum(before)/len(before):.2f} "
                              f"(n={len(before)}) after {sum(after)/len(after):.2f} (n={len(after)})")
        for d in journey.decisions:
            if d.review and d.review < today and d.status.value == "accepted":
                print(f"  overdue review: {d.id} (review {d.review})")


def state(journey, tp, persona_id: str, current: float | None) -> str:
    if current is None or tp.target is None:
        return "no score"
    covers = lambda item: tp.id in item.touchpoints and (item.personas is None or persona_id in item.personas)  # noqa: E731
    accepted = [d for d in journey.decisions if d.status.value == "accepted" and covers(d)]
    if accepted and current < min(d.floor for d in accepted):
        return "FLOOR BREACHED"
    if current >= tp.target:
        return "on target"
    if accepted:
        return "accepted"
    if any(i.status.is_open and covers(i) for i in journey.improvements):
        return "improving"
    return "UNADDRESSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="print the state of every touchpoint x persona")
    args = parser.parse_args()
    webshop_rows, _bad = make_webshop(random.Random(SEED))
    energie_rows, _ebad, nps_rows = make_energie(random.Random(SEED + 1))
    paths = [write_webshop(webshop_rows), *write_energie(energie_rows, nps_rows)]
    for p in paths:
        print(f"wrote {p.relative_to(ROOT)} ({p.stat().st_size // 1024} KB)")
    if args.check:
        check(webshop_rows, energie_rows, nps_rows)


if __name__ == "__main__":
    main()
