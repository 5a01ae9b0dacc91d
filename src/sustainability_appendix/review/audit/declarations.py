"""What the audit checks compare, declared as data (``data/reference/audit_*.csv``).

Each declaration names figures (see :mod:`sustainability_appendix.review.expressions`):
identities (a total and its parts), flows (stock and flows), intensities (and whom
their numerator covers), coverages (a partial boundary's share of activity against
its share of people) and changes (a year-on-year figure and its sign convention,
with other bases to recompute it on). They are generic over years: a declaration a
year cannot evaluate is reported as not applicable.
"""

from __future__ import annotations

from dataclasses import dataclass

from sustainability_appendix.errors import ConfigurationError
from sustainability_appendix.inputs.store import InputStore


@dataclass(frozen=True)
class Identity:
    """``total`` equals ``parts``. ``{x}`` in both stands for every name that makes
    ``total`` an existing metric (one check per site, per category ...)."""

    check_id: str
    label: str
    total: str
    parts: str


@dataclass(frozen=True)
class Flow:
    """stock at the end = stock at the start (last year's end) + inflows − outflows."""

    check_id: str
    label: str
    stock: str
    inflows: str
    outflows: str
    explanation: str


@dataclass(frozen=True)
class Intensity:
    """An intensity, its numerator and denominator, and whom the numerator covers."""

    check_id: str
    metric: str
    numerator: str
    denominator: str
    covers: str  # the population the numerator's boundary holds, in words


@dataclass(frozen=True)
class Coverage:
    """Does a partial boundary cover the same share of activity as of people?"""

    check_id: str
    label: str
    part: str
    whole: str
    people_part: str
    people_whole: str
    assumption: str
    threshold_pp: float = 10.0


@dataclass(frozen=True)
class Change:
    """A year-on-year change figure and how it is defined."""

    metric: str
    current: str
    previous: str
    convention: str  # decrease_pct | increase_pct | decrease_pp | increase_pp
    # (label, figure, kind) to recompute the change on: kind "basis" (another unit of the same
    # quantity: a sign flip is flagged) or "per_employee" (normalised: shown for information)
    alternatives: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Activity:
    """An inventory's emissions against those its activity data imply, scaled by the share
    of the organisation the inventory covers."""

    check_id: str
    label: str
    inventory: str
    activity: str
    share: str
    share_label: str
    threshold_pct: float
    note: str = ""


@dataclass(frozen=True)
class Alternative:
    """Another quantity a change or ratio is recomputed on when its printed value does not reproduce."""

    metric: str
    label: str
    expression: str


@dataclass(frozen=True)
class ClaimWords:
    """The relative change (%) the words of a claim allow: above ``above`` and below ``below``."""

    claim: str
    strength: str
    above: float | None
    below: float | None
    label: str

    def allows(self, change_pct: float) -> bool:
        return (self.above is None or change_pct > self.above) and (self.below is None or change_pct < self.below)

    def bounds(self) -> str:
        lo = "−∞" if self.above is None else f"{self.above:+g}%"
        hi = "+∞" if self.below is None else f"{self.below:+g}%"
        return f"({lo}, {hi})"


@dataclass(frozen=True)
class Disclosure:
    """A GRI disclosure a number answers, and the units that can answer it."""

    code: str
    units: tuple[str, ...]
    asks: str


ORGANISATION_POPULATION = "raw.employees_year_end"
ORGANISATION_POPULATION_LABEL = "全局年底員工 all employees at year end"


@dataclass(frozen=True)
class Declarations:
    identities: tuple[Identity, ...]
    flows: tuple[Flow, ...]
    intensities: tuple[Intensity, ...]
    coverages: tuple[Coverage, ...]
    changes: tuple[Change, ...]
    activities: tuple[Activity, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    claim_words: tuple[ClaimWords, ...] = ()
    disclosures: tuple[Disclosure, ...] = ()

    @classmethod
    def load(cls, store: InputStore, year: int | None = None) -> Declarations:
        def rows(stem):
            store.note_reader(store.path("reference", stem), ("review", year))
            return store.reference(stem).to_dict(orient="records")
        bases: dict[str, list[tuple[str, str, str]]] = {}
        for r in rows("audit_change_bases"):
            bases.setdefault(r["metric"], []).append((r["basis"], r["figure"], r["kind"]))
        return cls(
            identities=tuple(Identity(r["check_id"], r["label"], r["total"], r["parts"]) for r in rows("audit_identities")),
            flows=tuple(Flow(r["check_id"], r["label"], r["stock"], r["inflows"], r["outflows"], r["explanation"])
                        for r in rows("audit_flows")),
            intensities=tuple(Intensity(r["check_id"], r["metric"], r["numerator"], r["denominator"], r["covers"])
                              for r in rows("audit_intensities")),
            coverages=tuple(Coverage(r["check_id"], r["label"], r["part"], r["whole"], r["people_part"],
                                     r["people_whole"], r["assumption"], float(r["threshold_pp"]))
                            for r in rows("audit_coverages")),
            changes=tuple(Change(r["metric"], r["current"], r["previous"], r["convention"],
                                 tuple(bases.get(r["metric"], ()))) for r in rows("audit_changes")),
            activities=tuple(Activity(r["check_id"], r["label"], r["inventory"], r["activity"], r["share"],
                                      r["share_label"], float(r["threshold_pct"]), r["note"])
                             for r in rows("audit_activity")),
            alternatives=tuple(Alternative(r["metric"], r["alternative"], r["expression"])
                               for r in rows("audit_alternatives")),
            claim_words=tuple(ClaimWords(r["claim"], r["strength"], _number(r["above_pct"]), _number(r["below_pct"]),
                                         r["label"]) for r in rows("audit_claim_words")),
            disclosures=tuple(Disclosure(r["code"], tuple(u.strip() for u in r["units"].split("；") if u.strip()),
                                         r["asks"]) for r in rows("gri_disclosures")),
        )

    def words(self, claim: str, strength: str = "") -> ClaimWords | None:
        return next((w for w in self.claim_words if w.claim == claim and w.strength == (strength or "")), None)

    def disclosure(self, code: str) -> Disclosure | None:
        return next((d for d in self.disclosures if d.code == code), None)

def _number(value) -> float | None:
    return None if value is None or value == "" or value != value else float(value)


CONVENTIONS = {
    "decrease_pct": ("(前一年 − 本年) ÷ 前一年 × 100，減少為正 (relative %, decrease positive)", "%"),
    "increase_pct": ("(本年 − 前一年) ÷ 前一年 × 100，增加為正 (relative %, increase positive)", "%"),
    "decrease_pp": ("前一年 − 本年，百分點，減少為正 (percentage points, decrease positive)", "百分點"),
    "increase_pp": ("本年 − 前一年，百分點，增加為正 (percentage points, increase positive)", "百分點"),
}
DECREASE_WORDS = ("減", "節", "下降", "降低", "reduction", "decrease", "saved")
PP_UNITS = ("百分點", "pp", "percentage points")


def change_value(current: float, previous: float, convention: str) -> float:
    if convention == "decrease_pct":
        return (previous - current) / previous * 100
    if convention == "increase_pct":
        return (current - previous) / previous * 100
    if convention == "decrease_pp":
        return previous - current
    if convention == "increase_pp":
        return current - previous
    raise ConfigurationError(f"unknown change convention '{convention}'")

