"""Many exports of one source are read as one DuckDB scan: each file must still come out as if
it had been read alone (its own lines, decimal mark, date format, problems and quotes), a file
that fails must fail alone, and nothing may be left behind in the connection."""

from __future__ import annotations

from pathlib import Path

import duckdb

from journeymaps.feedback import FeedbackCache
from journeymaps.feedback.read import Context, read_exports
from journeymaps.load import load_site
from journeymaps.model import FeedbackSource

from .conftest import Site, messages

HEADER = "touchpoint;score;comment;date"

# (name, lines of the file after its header); every data line is one row unless it opens a
# quoted field that continues on the next line.
FILES = {
    "a.csv": ['checkout;4;"twee\nregels";31-01-2025', "delivery;zeven;kapot;01-02-2025", "checkout;2;;02-02-2025"],
    "b.csv": ["checkout;3,5;prima;2025-02-03", "checkout;4;te kort", "delivery;5;nieuwste;2025-02-05"],
    "c.csv": ['checkout;5;"nooit gesloten;2025-02-06', "delivery;1;weg;2025-02-07"],
}


def write(site: Site) -> None:
    for name, rows in FILES.items():
        site.csv(name, HEADER + "\n" + "\n".join(rows) + "\n")
    site.csv("d.csv", "touchpoint,score\ncheckout,1\ndelivery,3\n")  # another layout: a scan of its own
    site.csv("e.csv", b"PK\x03\x04 a zip file")  # fails before DuckDB sees it


def line_of(name: str, text: str) -> int:
    """The physical line (1-based, header = 1) on which `text` starts in FILES[name]."""
    body = HEADER + "\n" + "\n".join(FILES[name])
    return body[: body.index(text)].count("\n") + 1


def test_files_read_together_keep_their_own_lines_marks_formats_and_failures(site):
    write(site)
    fb = site.read()
    shown = "\n".join(messages(fb))
    # a.csv: a row after a two-line comment is reported at its physical line.
    assert f"feedback/a.csv:{line_of('a.csv', 'delivery;zeven')}:" in shown
    # b.csv: its decimal comma and ISO dates are its own (a.csv has neither); the short row is
    # a reject, and the row after it keeps its line.
    assert f"feedback/b.csv:{line_of('b.csv', 'checkout;4;te kort')}:" in shown
    # c.csv: a quote never closed fails this file only, at the line it opens.
    [c_error] = [p for p in fb.problems if p.location.file.endswith("c.csv")]
    assert c_error.location.line == line_of("c.csv", '"nooit') and "never closed" in c_error.message
    # e.csv: not a CSV file.
    assert any(p.location.file.endswith("e.csv") and "not a CSV file" in p.message for p in fb.problems)

    # The scores that count, by hand: a.csv 4 and 2; b.csv 3.5 (decimal comma) and 5; d.csv 1 and 3.
    checkout = [4, 2, 3.5, 1]
    delivery = [5, 3]
    assert fb.cell("checkout").count == len(checkout)
    assert abs(fb.cell("checkout").mean - sum(checkout) / len(checkout)) < 1e-9
    assert fb.cell("delivery").count == len(delivery)
    assert abs(fb.cell("delivery").mean - sum(delivery) / len(delivery)) < 1e-9

    quotes = {(Path(q.file).name, q.line, q.text) for key in fb.cells for q in fb.cells[key].quotes}
    assert ("a.csv", line_of("a.csv", '"twee'), "twee\nregels") in quotes
    assert ("b.csv", line_of("b.csv", "delivery;5;nieuwste"), "nieuwste") in quotes
    assert not any(name == "c.csv" for name, _, _ in quotes)


def test_each_file_says_what_it_says_when_read_alone(site, tmp_path):
    write(site)
    together = site.read()
    alone = []
    for name in (*FILES, "d.csv", "e.csv"):
        single = Site(tmp_path / f"alone-{name}")
        single.csv(name, (site.dir / "feedback" / name).read_bytes())
        alone += messages(single.read())
    assert sorted(messages(together)) == sorted(alone)


def test_a_changed_file_is_read_again_with_its_batch_only(site):
    """Files of one layout are read (and cached) together; a change re-reads that batch, not the other."""
    for n in range(20):
        site.csv(f"week-{n:02d}.csv", f"touchpoint,score\ncheckout,{1 + n % 5}\n")
    for n in range(5):
        site.csv(f"winkel-{n}.csv", f"touchpoint;score\ndelivery;{n + 1}\n")  # another layout
    cache = FeedbackCache()
    before = site.read(cache=cache)
    assert cache.files_read == 25 and before.cell("checkout").count == 20
    site.csv("winkel-3.csv", "touchpoint;score\ndelivery;5\ncheckout;5\n")
    after = site.read(cache=cache)
    assert cache.files_read == 30
    checkout = [1 + n % 5 for n in range(20)] + [5]
    delivery = [1, 2, 3, 5, 5]
    assert after.cell("checkout").count == len(checkout)
    assert abs(after.cell("checkout").mean - sum(checkout) / len(checkout)) < 1e-9
    assert abs(after.cell("delivery").mean - sum(delivery) / len(delivery)) < 1e-9
    site.read(cache=cache)
    assert cache.files_read == 30


def test_reading_leaves_no_tables_behind(site):
    """5,000 files' lookup and reject tables, kept, held 1.5 GB in one build."""
    write(site)
    site.read()  # writes journey.yml
    journey = load_site(site.root).journey("webshop")
    context = Context.build(FeedbackSource(), [t.id for t in journey.touchpoints], [p.id for p in journey.all_personas])
    con = duckdb.connect()
    files = [(path, path.name) for path in sorted((site.dir / "feedback").glob("*.csv"))]
    tallies = read_exports(con, files, context, site.root, 1)
    assert sorted(name for t in tallies for name in t.files) == [name for _, name in files]
    assert sum(t.rows for t in tallies) > 0
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone()[0] == 0
