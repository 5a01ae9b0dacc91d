"""A total's parts as the report printed them, from the audit's accounting identities.

The report adds rounded figures: its 減碳效益合計 214.13 is 212.34 + 1.79, while the
unrounded sum is 214.124. Such a total differs from the recomputed one, yet it follows
from what the report printed. :func:`printed_parts` finds, for each total of a chapter
that an identity of ``data/reference/audit_identities.csv`` declares as a sum (or
difference) of other figures, the sum of those figures as printed, so that the
reconciliation can tell this case from a real discrepancy.
"""

from __future__ import annotations

import re
from decimal import Decimal

from sustainability_appendix.inputs.tables import parse_number
from sustainability_appendix.review.audit.declarations import Declarations
from sustainability_appendix.review.expressions import BinOp, Neg, Num, Ref, parse
from sustainability_appendix.review.reconcile import PrintedParts
from sustainability_appendix.review.results import Unavailable, YearResults


def _instances(total: str, parts: str, data: YearResults) -> list[tuple[str, str]]:
    """The identity with ``{x}`` replaced by every name that makes ``total`` a metric of the year."""
    if "{x}" not in total:
        return [(total, parts)]
    m = re.fullmatch(r"([a-z_][a-z0-9_]*)\.(.*)", total)
    if not m or m.group(1) not in data.chapter_names:
        return []
    chapter, pattern = m.groups()
    regex = re.compile(re.escape(pattern).replace(re.escape("{x}"), "(.+)"))
    names = sorted({mm.group(1) for n in data.chapter_metrics(chapter)["metric_id"] if (mm := regex.fullmatch(n))})
    return [(total.replace("{x}", x), parts.replace("{x}", x)) for x in names]


def _printed_sum(node, data: YearResults) -> tuple[Decimal, str] | None:
    """The expression on the printed figures, exactly; None when a figure was not printed,
    is not available, or the expression is more than sums and differences."""
    if isinstance(node, Num):
        return Decimal(repr(node.value)), f"{node.value:g}"
    if isinstance(node, Neg):
        inner = _printed_sum(node.operand, data)
        return None if inner is None else (-inner[0], f"−({inner[1]})")
    if isinstance(node, BinOp):
        if node.op not in "+-":
            return None
        left, right = _printed_sum(node.left, data), _printed_sum(node.right, data)
        if left is None or right is None:
            return None
        sign = "+" if node.op == "+" else "−"
        return (left[0] + right[0] if node.op == "+" else left[0] - right[0]), f"{left[1]} {sign} {right[1]}"
    if isinstance(node, Ref):
        try:
            terms = data.resolve(node.text, printed=True)
        except Unavailable:
            return None
        if (len(terms) > 1 and not node.many) or any(t.printed is None for t in terms):
            return None
        total = sum((Decimal(repr(parse_number(t.printed))) for t in terms), Decimal(0))
        return total, " + ".join(f"{t.ref} {t.printed}" for t in terms)
    return None


def printed_parts(data: YearResults, chapter: str, declarations: Declarations | None = None) -> dict[str, PrintedParts]:
    """By metric id of ``chapter``: the printed parts of each total an identity declares."""
    declarations = declarations or data.declarations
    out: dict[str, PrintedParts] = {}
    for decl in declarations.identities:
        for total, parts in _instances(decl.total.strip(), decl.parts, data):
            m = re.fullmatch(rf"{re.escape(chapter)}\.([A-Za-z0-9_]+)", total)
            if not m or m.group(1) in out:
                continue
            found = _printed_sum(parse(parts), data)
            if found is not None:
                out[m.group(1)] = PrintedParts(found[0], found[1], decl.check_id)
    return out
