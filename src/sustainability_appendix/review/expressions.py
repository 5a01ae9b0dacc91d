"""Small arithmetic over named figures, for the audit checks.

    ghg.scope1_tco2e + ghg.scope2_tco2e
    energy.electricity_kwh@prev - energy.electricity_kwh
    sum(workforce.hires_{female,male}_{under30,30to50,over50})
    ghg.scope2_tco2e@base * 1000 / factor.electricity_emission_factor@base

References are resolved by :class:`~sustainability_appendix.review.results.YearData`.
An expression is evaluated twice: on the computed values, and on the figures as
the report printed them, each printed figure standing for the interval of values
that round to it (``1,739.62`` is anything in [1,739.615, 1,739.625)). Two printed
sides agree when their intervals overlap: the report's arithmetic is consistent
at the precision it printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.review.results import REF_PATTERN, Term, Unavailable, YearResults

_TOKEN = re.compile(rf"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<sum>sum)\s*\(|(?P<ref>{REF_PATTERN})|(?P<op>[-+*/()]))")


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    @staticmethod
    def point(v: float) -> Interval:
        return Interval(v, v)

    @staticmethod
    def printed(v: float, decimals: int) -> Interval:
        h = 0.5 * 10 ** -decimals
        return Interval(v - h, v + h)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def __add__(self, o: Interval) -> Interval:
        return Interval(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o: Interval) -> Interval:
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o: Interval) -> Interval:
        c = (self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi)
        return Interval(min(c), max(c))

    def __truediv__(self, o: Interval) -> Interval:
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError("division by an interval containing 0")
        return self * Interval(1 / o.hi, 1 / o.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def overlaps(self, o: Interval, tol: float = 1e-9) -> bool:
        slack = tol * max(1.0, abs(self.mid), abs(o.mid))
        return self.lo <= o.hi + slack and o.lo <= self.hi + slack

    def gap(self, o: Interval) -> float:
        """Distance between the intervals (0 when they overlap)."""
        return max(0.0, self.lo - o.hi, o.lo - self.hi)


# --- syntax tree ------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Ref:
    text: str
    many: bool = False  # inside sum(): may match several figures


@dataclass(frozen=True)
class BinOp:
    op: str
    left: object
    right: object


@dataclass(frozen=True)
class Neg:
    operand: object


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConfigurationError(f"cannot read expression '{text}' at '{text[pos:]}'")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse(text: str):
    tokens = _tokens(text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take(kind=None, value=None):
        nonlocal pos
        tok = peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            raise ConfigurationError(f"cannot read expression '{text}': expected {value or kind}, found {tok[1]!r}")
        pos += 1
        return tok

    def expr():
        node = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            node = BinOp(op, node, term())
        return node

    def term():
        node = unary()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            node = BinOp(op, node, unary())
        return node

    def unary():
        if peek() == ("op", "-"):
            take()
            return Neg(unary())
        return atom()

    def atom():
        kind, value = peek()
        if kind == "num":
            take()
            return Num(float(value))
        if kind == "ref":
            take()
            return Ref(value)
        if kind == "sum":
            take()
            ref = take("ref")[1]
            take("op", ")")
            return Ref(ref, many=True)
        if (kind, value) == ("op", "("):
            take()
            node = expr()
            take("op", ")")
            return node
        raise ConfigurationError(f"cannot read expression '{text}': unexpected {value!r}")

    node = expr()
    if pos != len(tokens):
        raise ConfigurationError(f"cannot read expression '{text}': unexpected {tokens[pos][1]!r}")
    return node


def refs_of(node) -> list[Ref]:
    if isinstance(node, Ref):
        return [node]
    if isinstance(node, BinOp):
        return refs_of(node.left) + refs_of(node.right)
    if isinstance(node, Neg):
        return refs_of(node.operand)
    return []


@dataclass
class Evaluation:
    """An expression's value on the computed figures and on the printed ones."""

    text: str
    computed: float | None = None
    printed: Interval | None = None  # None unless at least one term was printed
    terms: list[Term] = field(default_factory=list)

    @property
    def any_printed(self) -> bool:
        return any(t.printed is not None for t in self.terms)

    @property
    def all_printed(self) -> bool:
        return bool(self.terms) and all(t.printed is not None for t in self.terms)


def evaluate(text: str, data: YearResults) -> Evaluation:
    """Evaluate ``text``; raises Unavailable when a figure is missing or was not computable."""
    node = parse(text)
    ev = Evaluation(text)

    def run(node, printed: bool) -> Interval:
        if isinstance(node, Num):
            return Interval.point(node.value)
        if isinstance(node, Neg):
            return -run(node.operand, printed)
        if isinstance(node, BinOp):
            a, b = run(node.left, printed), run(node.right, printed)
            return {"+": a.__add__, "-": a.__sub__, "*": a.__mul__, "/": a.__truediv__}[node.op](b)
        terms = data.resolve(node.text, printed=True)
        if len(terms) > 1 and not node.many:
            raise ConfigurationError(f"'{node.text}' names {len(terms)} figures: write sum({node.text})")
        total = Interval.point(0.0)
        for t in terms:
            if t.value is None:
                raise Unavailable(f"{t.ref} 無法計算 not computable ({t.year})")
            if not printed:
                ev.terms.append(t)
            if printed and t.printed is not None:
                total = total + Interval.printed(t.printed_value, t.printed_decimals)
            else:
                total = total + Interval.point(t.value)
        return total

    try:
        ev.computed = run(node, printed=False).mid
        ev.printed = run(node, printed=True) if ev.any_printed else None
    except ZeroDivisionError as exc:
        raise Unavailable(f"{text}: {exc}") from exc
    return ev


def fmt_number(value: float | None, decimals: int | None = None) -> str:
    """A number for a reader: thousands separators, up to four decimals, no trailing zeros."""
    if value is None:
        return "—"
    if decimals is not None:
        return f"{value:,.{decimals}f}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def show_terms(ev: Evaluation, printed: bool = False) -> str:
    """The figures an evaluation used, e.g. ``ghg.scope1_tco2e = 1,145.3123``."""
    parts = []
    for t in ev.terms:
        shown = t.printed if printed and t.printed is not None else fmt_number(t.value)
        tag = "" if not printed or t.printed is not None else " (重算 computed)"
        parts.append(f"{t.ref} = {shown}{(' ' + t.unit) if t.unit else ''}{tag}")
    return "; ".join(parts)
