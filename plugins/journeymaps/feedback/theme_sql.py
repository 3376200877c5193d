"""The SQL of themes.py: keep a batch's comments, sample them per touchpoint, count mentions.

A mention is a whole word: a written form of a theme's terms in lower(comment) between RE2's word
boundaries \\b (no ASCII letter, digit or underscore on either side). RE2 knows ASCII word
characters only, so a form that begins or ends with another letter ('café') is not counted:
themes.py leaves such forms out (a theme's other forms still count). Measured: the Unicode
classes [^\\p{L}\\p{N}] around each form took three times as long.
"""

from __future__ import annotations

from .sql import literal

KEEP_ROW_GROUP = 50_000  # rows per Parquet row group of the comment store (keep_sql)


def keep_sql(rows: str, low: str, high: str, path: str) -> str:
    """COPY the accepted rows with a comment of pass 2's `rows` to a Parquet file at `path`;
    `low` and `high` are conditions on `score`. Row groups of KEEP_ROW_GROUP rows: with DuckDB's
    default (122,880) the writer's buffers of comment text raised the peak at 5 M rows from 324
    to 390 MiB (benchmarks/feedback_bench.py), with 50,000 not at all, in the same time."""
    return f"""
    COPY (SELECT tp, persona, month, ({low}) AS low, ({high}) AS high, comment
          FROM ({rows}) WHERE reason IS NULL AND has_comment)
    TO {literal(path)} (FORMAT parquet, ROW_GROUP_SIZE {KEEP_ROW_GROUP})
    """


def _files(files: list[str]) -> str:
    return "read_parquet([" + ", ".join(literal(f) for f in files) + "])"


def sample_sql(files: list[str], size: int) -> str:
    """Per touchpoint, the `size` comments with the smallest hash of the row, in that order, each
    as {comment, low, high}: the same sample every build, spread over files and months."""
    # Rows with one hash are the same row (every column is hashed): their order does not matter.
    return f"""
    SELECT tp, min_by({{'comment': comment, 'low': low, 'high': high}},
                      hash(comment, tp, persona, month, low, high), {size})
    FROM {_files(files)} GROUP BY tp ORDER BY tp
    """


def pattern(forms: list[str]) -> str:
    """The RE2 pattern of a whole word among `forms`: between RE2's ASCII word boundaries (\\b),
    so each form must begin and end with an ASCII letter (themes.py leaves the others out)."""
    return r"\b(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + r")\b"


def _mask(themes: list[tuple[str, ...]]) -> str:
    """The bits of the theme slots a row mentions: the forms found in it (one regex, all of them),
    each looked up in a list of the forms and its slot bits taken, OR-ed. Measured at 1 M comments
    against one regexp_matches per slot: 3.0 s against 5.2 s on a loaded machine, the same counts;
    a MAP of form -> bits instead of the two lists took 10% more CPU (0.85 s against 0.77 s)."""
    bits: dict[str, int] = {}
    for slot, forms in enumerate(themes):
        for form in forms:
            bits[form] = bits.get(form, 0) | (1 << slot)
    ordered = sorted(bits)
    listed = "[" + ", ".join(literal(form) for form in ordered) + "]"
    slot_bits = "[" + ", ".join(str(bits[form]) for form in ordered) + "]"
    found = f"regexp_extract_all(t, {literal(pattern(ordered))})"  # every match is one of the forms
    return f"list_aggregate(list_transform({found}, lambda x: {slot_bits}[list_position({listed}, x)]), 'bit_or')"


def count_sql(files: list[str], patterns: dict[str, list[tuple[str, ...]]], slots: int) -> str:
    """Per touchpoint, persona, month, low and high: the comments (n) and, per theme slot m0..,
    those whose lower(comment) holds a form of that touchpoint's theme in the slot."""
    branches = " ".join(f"WHEN {literal(tp)} THEN {_mask(themes)}" for tp, themes in sorted(patterns.items()) if themes)
    columns = ", ".join(f"count(*) FILTER (WHERE mask & {1 << slot} <> 0) AS m{slot}" for slot in range(slots))
    tps = ", ".join(literal(tp) for tp in sorted(patterns))
    return f"""
    SELECT tp, persona, month, low, high, count(*) AS n, {columns}
    FROM (SELECT tp, persona, month, low, high, coalesce(CASE tp {branches} END, 0) AS mask
          FROM (SELECT tp, persona, month, low, high, lower(comment) AS t FROM {_files(files)} WHERE tp IN ({tps})))
    GROUP BY ALL ORDER BY ALL
    """
