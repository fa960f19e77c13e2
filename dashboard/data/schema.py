"""The data folder's public format: file names, columns and allowed values.

``data/README.md`` documents the same contract for people; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

SETTINGS_FILE = "dataset.toml"


@dataclass(frozen=True)
class TableSpec:
    """Columns of one CSV file.

    Attributes:
        file: File name in the data folder.
        required: Columns that must be in the header.
        optional: Columns that may be in the header.
        mandatory_file: Whether the folder must contain the file.
    """

    file: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    mandatory_file: bool = True

    @property
    def columns(self) -> tuple[str, ...]:
        """Every known column, required first."""
        return self.required + self.optional


INSTITUTIONS = TableSpec(
    "institutions.csv",
    ("id", "name", "country"),
    ("short_name", "kind", "city", "lat", "lon", "website", "ror", "erasmus_code", "placed_by"),
)
CONSORTIA = TableSpec(
    "consortia.csv",
    ("id", "name"),
    ("short_name", "kind", "founded", "website", "description", "source", "institution_id"),
    mandatory_file=False,
)
MEMBERSHIPS = TableSpec(
    "memberships.csv",
    ("consortium_id", "institution_id", "source", "as_of"),
    ("role", "since", "note"),
    mandatory_file=False,
)
AGREEMENTS = TableSpec(
    "agreements.csv",
    ("institution_id", "type", "source", "as_of"),
    ("field", "since", "until", "status", "note"),
    mandatory_file=False,
)
REGIONS = TableSpec(
    "regions.csv",
    ("country", "region"),
    ("iso3", "country_name", "un_subregion"),
    mandatory_file=False,
)

INSTITUTION_KINDS = (
    "university",
    "research_institute",
    "company",
    "foundation",
    "public_body",
    "school",
    "association",
    "other",
)
CONSORTIUM_KINDS = (
    "alliance",
    "network",
    "association",
    "programme",
    "foundation",
    "consortium",
    "platform",
    "other",
)
# How an institution's place was found (institutions.csv ``placed_by``), as the importer records it.
PLACED_BY = {
    "code": "identified by Erasmus code in the Erasmus Charter list, its city geocoded",
    "name": "identified by name in the Erasmus Charter list, its city geocoded",
    "city": "its own city and country geocoded",
    "coordinates": "coordinates given in the imported file or typed in",
}
# Kinds counted as academic partners; every other kind (companies, public bodies, foundations,
# associations, other) is non-academic.
ACADEMIC_KINDS = ("university", "school", "research_institute")
ROLES = ("member", "founder", "associate", "board", "coordinator", "partner", "participant")


@dataclass(frozen=True)
class RelationType:
    """One kind of relation between home and a partner: the one home of everything about it.

    Attributes:
        name: The value in ``agreements.csv``'s ``type`` column (and in URLs, ``type=``).
        strength: Rank in the order of tie strength the type suggests, 0 = strongest; a
            partner is coloured by its strongest type.
        colour: Okabe-Ito colour (colour-blind-safe) of its lines and markers.
        dash: plotly line dash, so that the map still reads in greyscale.
        symbol: plotly marker symbol.
        agreement: Whether ``agreements.csv`` may hold it (the consortium relation is derived
            from shared memberships, never written as an agreement).
    """

    name: str
    strength: int
    colour: str
    dash: str
    symbol: str
    agreement: bool = True

    @property
    def label_key(self) -> str:
        """Its name's key in the text catalog (``dashboard/locales``)."""
        return f"type.{self.name}"


# A partner reached only through a shared consortium has this relation type.
CONSORTIUM_TYPE = "consortium"
# In the order data/README.md documents them; ``strength`` gives the order of tie strength.
RELATION_REGISTRY = (
    RelationType("exchange", 2, "#E69F00", "dot", "square"),
    RelationType("double_degree", 0, "#0072B2", "solid", "circle"),
    RelationType("joint_programme", 1, "#009E73", "dash", "diamond"),
    RelationType("strategic_partnership", 3, "#CC79A7", "dashdot", "triangle-up"),
    RelationType("mou", 5, "#56B4E9", "longdashdot", "hexagon"),
    RelationType("research", 4, "#D55E00", "longdash", "pentagon"),
    RelationType(CONSORTIUM_TYPE, 6, "#8A8A8A", "dot", "octagon", agreement=False),
)
RELATION = {r.name: r for r in RELATION_REGISTRY}
AGREEMENT_TYPES = tuple(r.name for r in RELATION_REGISTRY if r.agreement)
RELATION_TYPES = (*AGREEMENT_TYPES, CONSORTIUM_TYPE)
# Relation types in the order of tie strength they suggest (strongest first).
TYPE_ORDER = tuple(r.name for r in sorted(RELATION_REGISTRY, key=lambda r: r.strength))


def primary_type(types: list[str] | tuple[str, ...] | set[str]) -> str:
    """The strongest relation type of a partner, used for its colour.

    Examples:
        >>> primary_type({"exchange", "consortium", "double_degree"})
        'double_degree'
        >>> primary_type(set())
        'consortium'
    """
    for kind in TYPE_ORDER:
        if kind in types:
            return kind
    return CONSORTIUM_TYPE


@dataclass(frozen=True)
class AgreementStatus:
    """Where an agreement stands on the dataset's ``as_of`` date: the one home of everything about it.

    Attributes:
        name: The value in ``agreements.csv``'s ``status`` column (and in URLs, ``status=``).
        style: How it is drawn: ``solid`` (as its type), ``faded`` (its line and marker
            lighter) or ``outlined`` (its marker hollow, its line dotted).
        opacity: Opacity of its lines and markers.
        current: Whether it counts as a current relation ("active" counts take only these).
    """

    name: str
    style: str
    opacity: float
    current: bool = False

    @property
    def label_key(self) -> str:
        """Its name's key in the text catalog (``dashboard/locales``)."""
        return f"status.{self.name}"


ACTIVE = "active"
# In the order data/README.md documents them. A blank status is derived (:func:`derive_status`).
STATUS_REGISTRY = (
    AgreementStatus(ACTIVE, "solid", 1.0, current=True),
    AgreementStatus("planned", "outlined", 0.85),
    AgreementStatus("ended", "faded", 0.35),
    AgreementStatus("suspended", "faded", 0.35),
)
STATUS = {s.name: s for s in STATUS_REGISTRY}
STATUSES = tuple(s.name for s in STATUS_REGISTRY)


def derive_status(since: str, until: str, as_of: str) -> str:
    """The status of an agreement whose ``status`` cell is blank, on the date ``as_of``.

    ``ended`` when ``until`` is before ``as_of``, ``planned`` when ``since`` is after it, else
    ``active``. Dates are compared at the coarser of the two precisions, so ``until = 2026``
    still runs on 2026-11-25. Without an ``as_of`` every blank status is ``active``.

    Examples:
        >>> derive_status("", "2017", "2026-11-25"), derive_status("", "2026", "2026-11-25")
        ('ended', 'active')
        >>> derive_status("2027-09", "", "2026-11-25"), derive_status("2026-11", "", "2026-11-25")
        ('planned', 'active')
    """
    if not as_of:
        return ACTIVE
    if until and until < as_of[: len(until)]:
        return "ended"
    if since and since[: len(as_of)] > as_of[: len(since)]:
        return "planned"
    return ACTIVE
