"""Notes about one year's printed report (``data/printed/<year>/notes.csv``).

A misprinted footnote, a rate printed without its base: facts about that year's
report, so data next to its printed figures, shown on the page of their chapter
and only in that year. ``{chapter.metric_id:,.2f}`` in a note is replaced by the
figure as computed, so a note never types a number the appendix computes.
"""

from __future__ import annotations

import re

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.store import InputStore

_PLACEHOLDER = re.compile(r"\{(?P<chapter>[a-z_][a-z0-9_]*)\.(?P<metric>[A-Za-z0-9_]+)(?::(?P<spec>[^{}]*))?\}")


def report_notes(store: InputStore, year: int, chapter: str, values) -> list[str]:
    """The notes of ``year`` about ``chapter``, filled in; ``values(chapter, metric_id)`` gives
    a computed figure (None when not computed)."""
    if not store.exists("printed", "notes", year):
        return []
    table = store.table("printed", "notes", year, reader=("review", year))
    out = []
    for row, rec in zip(table.index, table.to_dict(orient="records")):
        if rec["chapter"] != chapter:
            continue
        where = f"{table.attrs.get('source_file', 'notes.csv')} row {row}"
        out.append(_fill(rec["note"], values, where))
    return out


def _fill(text: str, values, where: str) -> str:
    def one(m: re.Match) -> str:
        value = values(m.group("chapter"), m.group("metric"))
        if value is None:
            raise ConfigurationError(f"{where}: '{m.group(0)}' names a figure that is not computed for this year")
        return format(value, m.group("spec") or ",.2f")
    return _PLACEHOLDER.sub(one, text)
