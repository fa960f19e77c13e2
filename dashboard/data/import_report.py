"""The import report: every spreadsheet row accounted for, with counts and row numbers.

:func:`summary` groups the plan's rows by outcome and reason and its new partners by how they
were identified and placed. :func:`report_of` turns the plan's own problems into a
:class:`~dashboard.data.problems.Report`. Both are plain data, for a terminal or a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dashboard.data.importing import UNPLACED, ImportPlan, Partner
from dashboard.data.problems import Report


def row_ranges(rows: list[int], *, limit: int | None = None) -> str:
    """Row numbers as compact ranges, the first ``limit`` of them when given.

    Examples:
        >>> row_ranges([4, 5, 6, 9, 11, 12])
        '4-6, 9, 11-12'
        >>> row_ranges([1, 3, 5, 7], limit=2)
        '1, 3 and 2 more rows'
        >>> row_ranges([])
        ''
    """
    runs: list[list[int]] = []
    for number in sorted(set(rows)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    shown = runs if limit is None else runs[:limit]
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in shown)
    rest = sum(b - a + 1 for a, b in runs[len(shown) :])
    return f"{text} and {rest:,} more row{'s' if rest > 1 else ''}" if rest else text


# Row lists in the summary stop after this many ranges; --report FILE.csv lists every row.
SHOWN_RANGES = 12


@dataclass(frozen=True)
class Line:
    """One line of the summary: a count, what it counts, and the rows."""

    count: int
    label: str
    rows: str = ""
    level: int = 0

    def __str__(self) -> str:
        """``  12 imported (rows 4-15)``."""
        rows = f" (row{'s' if ',' in self.rows or '-' in self.rows else ''} {self.rows})" if self.rows else ""
        return f"{'  ' * self.level}{self.count:5d} {self.label}{rows}"


_PARTNER_GROUPS = (
    ("code", "matched by Erasmus code (placed by geocoding the city)"),
    ("name", "matched by name in the Erasmus Charter list (placed by geocoding the city)"),
    ("city", "not in the Erasmus Charter list: placed by geocoding their city"),
    ("coordinates", "placed by the coordinates given"),
)


def _partner_lines(partners: list[Partner]) -> list[Line]:
    new = [p for p in partners if p.new]
    lines = [Line(len(new), "new partners")]
    for key, label in _PARTNER_GROUPS:
        group = [p for p in new if p.placed_by == key]
        if group:
            lines.append(
                Line(len(group), label, row_ranges([r for p in group for r in p.rows], limit=SHOWN_RANGES), 1)
            )
    unplaced = [p for p in new if not p.placed_by]
    if unplaced:
        lines.append(
            Line(len(unplaced), "not placed (kept in the network and the table, not on the map):", level=1)
        )
        by_reason: dict[str, list[Partner]] = defaultdict(list)
        for partner in unplaced:
            by_reason[UNPLACED.get(partner.unplaced, partner.reason)].append(partner)
        for reason, group in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            lines.append(
                Line(
                    len(group), reason, row_ranges([r for p in group for r in p.rows], limit=SHOWN_RANGES), 2
                )
            )
    known = [p for p in partners if not p.new]
    if known:
        lines.append(
            Line(
                len(known),
                "partners already in the folder",
                row_ranges([r for p in known for r in p.rows], limit=SHOWN_RANGES),
            )
        )
    return lines


_OUTCOME_LABELS = {
    "imported": "imported as agreements",
    "duplicate": "exact duplicates, merged",
    "existing": "already in agreements.csv, left as they are",
    "refused": "refused:",
    "skipped": "skipped:",
}


def summary(plan: ImportPlan) -> list[Line]:
    """The report's lines: rows by outcome (with reasons), then partners by how they were placed."""
    lines = [
        Line(len(plan.rows), f"rows in sheet {plan.sheet!r} (header in row {plan.mapping['header_row']})")
    ]
    for outcome, label in _OUTCOME_LABELS.items():
        group = [r for r in plan.rows if r.outcome == outcome]
        if not group:
            continue
        if outcome in ("refused", "skipped"):
            lines.append(Line(len(group), label, level=1))
            by_reason: dict[str, list[int]] = defaultdict(list)
            for result in group:
                by_reason[_reason_group(result.reason)].append(result.row)
            for reason, rows in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
                lines.append(Line(len(rows), reason, row_ranges(rows, limit=SHOWN_RANGES), 2))
        else:
            lines.append(Line(len(group), label, row_ranges([r.row for r in group], limit=SHOWN_RANGES), 1))
    return lines + _partner_lines(plan.partners)


def _reason_group(reason: str) -> str:
    """Reasons that name a row ("same as row 7") are grouped without it."""
    if reason.startswith("same partner, type, field and start as row"):
        return "same partner, type, field and start as an earlier row, but other dates or notes"
    return reason


def report_of(plan: ImportPlan) -> Report:
    """The plan's problems, plus one warning per new partner with a caveat and one per refused row."""
    report = Report()
    for p in plan.problems:  # the planner's texts (dashboard.data.importing): English only, for now
        report.add(p["severity"], plan.file, str(p["message"]), row=p.get("row"), value=p.get("value"))  # type: ignore[arg-type]
    for partner in plan.partners:
        first = partner.rows[0] if partner.rows else None
        if partner.new and partner.warning:
            report.say(
                "warning",
                plan.file,
                "problem.import.partner_warning",
                row=first,
                name=partner.name,
                warning=partner.warning,
            )
        if partner.new and partner.note:
            report.say(
                "info",
                plan.file,
                "problem.import.partner_note",
                row=first,
                name=partner.name,
                note=partner.note,
            )
        if partner.new and partner.suggestions and not partner.identified_by:
            near = "; ".join(partner.suggestions)
            report.say(
                "info", plan.file, "problem.import.close_names", row=first, name=partner.name, near=near
            )
    for result in plan.rows:
        if result.outcome == "refused":
            report.say("warning", plan.file, "problem.import.refused", row=result.row, reason=result.reason)
    return report


def render(plan: ImportPlan, *, verbose: bool = False) -> str:
    """The whole report as text: where it read, the mapping, the counts, then problems."""
    from dashboard.data.mapping import Mapping

    lines = [
        f"Read {plan.file}: {plan.sheet_note}",
        f"Columns ({plan.mapping.get('chosen_by', 'detected')}):",
    ]
    lines += Mapping.from_dict(plan.mapping).describe()[1:]
    lines.append(f"Source written on each agreement: {plan.source!r}, as of {plan.as_of}")
    lines += [str(line) for line in summary(plan)]
    lines.append(report_of(plan).render(verbose=verbose))
    return "\n".join(lines)


ROW_REPORT_COLUMNS = (
    "row",
    "outcome",
    "reason",
    "partner",
    "partner_name",
    "identified_by",
    "placed_by",
    "caveat",
)


def row_report(plan: ImportPlan) -> list[dict[str, str]]:
    """One record per spreadsheet row: outcome, reason, partner and how it was identified and placed."""
    partners = {p.id: p for p in plan.partners}
    records = []
    for result in plan.rows:
        partner = partners.get(result.partner)
        new = partner is not None and partner.new
        records.append(
            {
                "row": str(result.row),
                "outcome": result.outcome,
                "reason": result.reason,
                "partner": result.partner,
                "partner_name": partner.name if partner else "",
                "identified_by": partner.identified_by if partner else "",
                "placed_by": (partner.placed_by or "not placed") if new else "",  # type: ignore[union-attr]
                "caveat": "; ".join(x for x in (partner.reason, partner.warning) if x) if new else "",  # type: ignore[union-attr]
            }
        )
    return records
