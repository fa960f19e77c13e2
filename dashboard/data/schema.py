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
    ("short_name", "kind", "founded", "website", "description", "source"),
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
    ("field", "since", "until", "note"),
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
ROLES = ("member", "founder", "associate", "board", "coordinator", "partner", "participant")
AGREEMENT_TYPES = (
    "exchange",
    "double_degree",
    "joint_programme",
    "strategic_partnership",
    "mou",
    "research",
)
# A partner reached only through a shared consortium has this relation type.
CONSORTIUM_TYPE = "consortium"
RELATION_TYPES = (*AGREEMENT_TYPES, CONSORTIUM_TYPE)
