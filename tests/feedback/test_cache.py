"""The cache: unchanged CSVs are not read again after a YAML edit; changed content is."""

from __future__ import annotations

import os

from journeymaps.feedback import FeedbackCache


def test_second_call_reads_nothing_and_content_change_rereads(site):
    a = site.csv("a.csv", "touchpoint,score\ncheckout,4\n")
    site.csv("b.csv", "touchpoint,score\ncheckout,2\n")
    cache = FeedbackCache()
    first = site.read(cache=cache)
    assert cache.files_read == 2 and first.cell("checkout").count == 2

    (site.dir / "journey.yml").write_text("changed")  # read() rewrites it: an edit to the YAML
    again = site.read(cache=cache)
    assert cache.files_read == 2
    assert again.cell("checkout").mean == first.cell("checkout").mean

    a.write_text("touchpoint,score\ncheckout,5\n")  # same size, same second: content decides
    third = site.read(cache=cache)
    assert cache.files_read == 4  # a and b were read together (one layout): both are read again
    assert third.cell("checkout").mean == 3.5


def test_old_files_reuse_their_hash_but_content_still_decides(site):
    a = site.csv("a.csv", "touchpoint,score\ncheckout,4\n")
    os.utime(a, (1_000_000_000, 1_000_000_000))
    cache = FeedbackCache()
    site.read(cache=cache)
    site.read(cache=cache)
    assert cache.files_read == 1
    a.write_text("touchpoint,score\ncheckout,1\n")
    assert site.read(cache=cache).cell("checkout").mean == 1.0
    assert cache.files_read == 2


def test_source_settings_are_part_of_the_key(site):
    site.csv("a.csv", "touchpoint,score\ncheckout,4\n")
    cache = FeedbackCache()
    site.read(cache=cache)
    fb = site.read("  - metric: csat\n", cache=cache)
    assert cache.files_read == 2 and fb.cell("checkout").top2box == 1.0


def test_errors_are_cached_too(site):
    site.csv("a.csv", b"")
    cache = FeedbackCache()
    assert site.read(cache=cache).problems
    assert site.read(cache=cache).problems and cache.files_read == 1
