"""Insights' "What is counted": each share of the home's published totals, recounted by hand from
the bundled CSV files (csv and tomllib only) and checked against the sentence a reader sees."""

from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal

from dashboard.config import DEFAULT_DATA_DIR
from dashboard.network.insights import insights
from dashboard.network.model import load_model
from tests.integration.test_report_counts import ACADEMIC, _rows, _status


def _region_slug(region: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in region.lower().replace("&", " ")).split())


def _by_hand() -> dict[str, int]:
    """The count each published total's ``measure`` names (agreements in force only)."""
    folder = DEFAULT_DATA_DIR
    settings = tomllib.loads((folder / "dataset.toml").read_text(encoding="utf-8"))
    region_of = {r["country"].upper(): _region_slug(r["region"]) for r in _rows(folder, "regions.csv")}
    institutions = {r["id"]: r for r in _rows(folder, "institutions.csv")}
    active = [a for a in _rows(folder, "agreements.csv") if _status(a, settings["as_of"]) == "active"]
    counted = {}
    for key, total in settings["published"].items():
        rows = [
            a
            for a in active
            if (
                not total.get("regions")
                or region_of[institutions[a["institution_id"]]["country"]] in total["regions"]
            )
            and region_of[institutions[a["institution_id"]]["country"]]
            not in total.get("exclude_regions", [])
        ]
        if total["measure"] == "double_degree_agreements":
            counted[key] = sum(1 for a in rows if a["type"] == "double_degree")
        elif total["measure"] == "academic_agreement_partners":
            counted[key] = len(
                {a["institution_id"] for a in rows if institutions[a["institution_id"]]["kind"] in ACADEMIC}
            )
        else:
            raise AssertionError(f"no hand count for measure {total['measure']!r}: add one")
    return counted


def test_what_is_counted_gives_the_shares_of_the_published_totals_recounted_by_hand():
    settings = tomllib.loads((DEFAULT_DATA_DIR / "dataset.toml").read_text(encoding="utf-8"))
    model = load_model(DEFAULT_DATA_DIR)
    scope = next(a for a in insights(model, list(model.partners.index)).answers if a.key == "scope")
    shares = {row["key"]: row for row in scope.data["published"]}
    for key, expected in _by_hand().items():
        value = settings["published"][key]["value"]
        row = shares[key]
        assert row["counted"] == expected, key
        exact = Decimal(100 * expected) / Decimal(value)
        assert row["share_pct"] == float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)), key
        label = settings["published"][key]["label"]
        sentence = next(s for s in scope.sentences if s.startswith(f"{label[:1].upper()}{label[1:]}: "))
        assert f"The data holds {expected} " in sentence
        if settings["published"][key]["qualifier"] == "more_than":  # a bound: never rounded down
            assert float(sentence.rsplit("at most ", 1)[1].split("%")[0]) >= float(exact)
