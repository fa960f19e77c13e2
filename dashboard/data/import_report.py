"""The import report: every spreadsheet row accounted for, with counts and row numbers.

:func:`summary` groups the plan's rows by outcome and reason and its new partners by how they
were identified and placed. :func:`report_of` turns the plan's own problems into a
:class:`~dashboard.data.problems.Report`. Both are plain data, for a terminal or a page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dashboard.data.importing import ImportPlan, Partner
from dashboard.data.problems import Message, Report
from dashboard.i18n import DEFAULT_LANG, catalog, t


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in sorted(set(rows)):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return runs


def row_ranges_said(rows: list[int], *, limit: int | None = None) -> Message | str:
    """:func:`row_ranges` as a message when rows are left out ("and 3 more rows"), else the text.

    Row numbers are written as digits, without thousands separators, in every language.

    Examples:
        >>> row_ranges_said([1, 3, 5, 7], limit=2).text("it")
        '1, 3 e altre 2 righe'
        >>> row_ranges_said([1000, 1001, 1003])
        '1000-1001, 1003'
    """
    runs = _runs(rows)
    shown = runs if limit is None else runs[:limit]
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in shown)
    rest = sum(b - a + 1 for a, b in runs[len(shown) :])
    return Message.of("import.line.more_rows", ranges=text, count=rest) if rest else text


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
    ranges = row_ranges_said(rows, limit=limit)
    return ranges.text(DEFAULT_LANG) if isinstance(ranges, Message) else ranges


# Row lists in the summary stop after this many ranges; --report FILE.csv lists every row.
SHOWN_RANGES = 12


@dataclass(frozen=True)
class Line:
    """One line of the summary: a count, what it counts, and the rows.

    ``label`` and ``rows`` are English; ``said`` and ``rows_said``, when given, are the same as
    messages, for :meth:`text` in another language.
    """

    count: int
    label: str
    rows: str = ""
    level: int = 0
    said: Message | None = None
    rows_said: Message | None = None

    @classmethod
    def of(cls, count: int, said: Message, rows: list[int] | None = None, level: int = 0) -> Line:
        """A line counting ``count`` things ``said`` is, in ``rows`` (the first ranges of them)."""
        ranges = row_ranges_said(rows or [], limit=SHOWN_RANGES)
        if isinstance(ranges, Message):
            return cls(count, said.text(DEFAULT_LANG), ranges.text(DEFAULT_LANG), level, said, ranges)
        return cls(count, said.text(DEFAULT_LANG), ranges, level, said)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """``  12 imported (rows 4-15)`` in ``lang``.

        Examples:
            >>> line = Line.of(12, Message.of("import.line.imported"), list(range(4, 16)), level=1)
            >>> line.text(), line.text("it")
            ('     12 imported as agreements (rows 4-15)', '     12 importate come accordi (righe 4-15)')
        """
        label = self.said.text(lang) if self.said is not None else self.label
        rows = ""
        if self.rows:
            shown = self.rows_said.text(lang) if self.rows_said is not None else self.rows
            several = "," in self.rows or "-" in self.rows
            rows = " " + t("import.line.rows" if several else "import.line.row", lang, rows=shown)
        return f"{'  ' * self.level}{self.count:5d} {label}{rows}"

    def __str__(self) -> str:
        """:meth:`text` in English."""
        return self.text()


_PARTNER_GROUPS = ("code", "name", "city", "coordinates")


def _rows_of(group: list[Partner]) -> list[int]:
    return [r for p in group for r in p.rows]


def _unplaced_said(partner: Partner) -> Message | str:
    if partner.unplaced:
        return Message.of(f"import.unplaced.{partner.unplaced}")
    return partner.reason_said or partner.reason


def _partner_lines(partners: list[Partner]) -> list[Line]:
    new = [p for p in partners if p.new]
    lines = [Line.of(len(new), Message.of("import.line.new_partners"))]
    for key in _PARTNER_GROUPS:
        group = [p for p in new if p.placed_by == key]
        if group:
            lines.append(Line.of(len(group), Message.of(f"import.line.placed.{key}"), _rows_of(group), 1))
    unplaced = [p for p in new if not p.placed_by]
    if unplaced:
        lines.append(Line.of(len(unplaced), Message.of("import.line.unplaced"), level=1))
        by_reason: dict[str, list[Partner]] = defaultdict(list)
        said: dict[str, Message | str] = {}
        for partner in unplaced:
            reason = _unplaced_said(partner)
            text = reason.text(DEFAULT_LANG) if isinstance(reason, Message) else reason
            said.setdefault(text, reason)
            by_reason[text].append(partner)
        for text, group in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
            lines.append(_line(len(group), said[text], _rows_of(group), 2))
    known = [p for p in partners if not p.new]
    if known:
        lines.append(Line.of(len(known), Message.of("import.line.known"), _rows_of(known)))
    return lines


def _line(count: int, said: Message | str, rows: list[int], level: int) -> Line:
    if isinstance(said, Message):
        return Line.of(count, said, rows, level)
    ranges = row_ranges_said(rows, limit=SHOWN_RANGES)
    if isinstance(ranges, Message):
        return Line(count, said, ranges.text(DEFAULT_LANG), level, rows_said=ranges)
    return Line(count, said, ranges, level)


_OUTCOME_LABELS = {
    outcome: t(f"import.line.{outcome}")
    for outcome in ("imported", "duplicate", "existing", "refused", "skipped")
}


def summary(plan: ImportPlan) -> list[Line]:
    """The report's lines: rows by outcome (with reasons), then partners by how they were placed
    (:meth:`Line.text` writes them in a language)."""
    header = Message.of("import.line.sheet_rows", sheet=plan.sheet, header=str(plan.mapping["header_row"]))
    lines = [Line.of(len(plan.rows), header)]
    for outcome in _OUTCOME_LABELS:
        group = [r for r in plan.rows if r.outcome == outcome]
        if not group:
            continue
        label = Message.of(f"import.line.{outcome}")
        if outcome in ("refused", "skipped"):
            lines.append(Line.of(len(group), label, level=1))
            by_reason: dict[str, list[int]] = defaultdict(list)
            said: dict[str, Message | str] = {}
            for result in group:
                reason = _reason_group(result.said or result.reason)
                text = reason.text(DEFAULT_LANG) if isinstance(reason, Message) else reason
                said.setdefault(text, reason)
                by_reason[text].append(result.row)
            for text, rows in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
                lines.append(_line(len(rows), said[text], rows, 2))
        else:
            lines.append(Line.of(len(group), label, [r.row for r in group], 1))
    return lines + _partner_lines(plan.partners)


def _reason_group(reason: Message | str) -> Message | str:
    """Reasons that name a row ("same as row 7") are grouped without it."""
    if isinstance(reason, Message) and reason.key == "import.reason.conflict":
        return Message.of("import.reason.conflict_group")
    if isinstance(reason, str) and reason.startswith("same partner, type, field and start as row"):
        return Message.of("import.reason.conflict_group")  # a plan stored before reasons were messages
    return reason


def report_of(plan: ImportPlan) -> Report:
    """The plan's problems, plus one warning per new partner with a caveat and one per refused row."""
    report = Report()
    for p in plan.problems:
        row, value = p.get("row"), p.get("value")
        if isinstance(p.get("said"), dict):
            said = Message.from_json(p["said"])  # type: ignore[arg-type]
            report.say(p["severity"], plan.file, said, row=row, value=value)  # type: ignore[arg-type]
        else:  # a plan stored before its problems were messages
            report.add(p["severity"], plan.file, str(p["message"]), row=row, value=value)  # type: ignore[arg-type]
    for partner in plan.partners:
        first = partner.rows[0] if partner.rows else None
        if partner.new and partner.warning:
            report.say(
                "warning",
                plan.file,
                "problem.import.partner_warning",
                row=first,
                name=partner.name,
                warning=partner.warning_said or partner.warning,
            )
        if partner.new and partner.note:
            report.say(
                "info",
                plan.file,
                "problem.import.partner_note",
                row=first,
                name=partner.name,
                note=partner.note_said or partner.note,
            )
        if partner.new and partner.suggestions and not partner.identified_by:
            near = "; ".join(partner.suggestions)
            report.say(
                "info", plan.file, "problem.import.close_names", row=first, name=partner.name, near=near
            )
    for result in plan.rows:
        if result.outcome == "refused":
            reason = result.said or result.reason
            report.say("warning", plan.file, "problem.import.refused", row=result.row, reason=reason)
    return report


def render(plan: ImportPlan, *, verbose: bool = False, lang: str = DEFAULT_LANG) -> str:
    """The whole report as text in ``lang``: where it read, the mapping, the counts, then problems.

    The mapping's own lines (field names, column letters and headers) are as
    :meth:`~dashboard.data.mapping.Mapping.describe` writes them.
    """
    from dashboard.data.mapping import Mapping

    chosen_by = str(plan.mapping.get("chosen_by", "detected"))
    how_key = "import.line.chosen_by." + chosen_by.replace(" ", "_")
    how = t(how_key, lang) if how_key in catalog(DEFAULT_LANG) else chosen_by
    lines = [
        t("import.line.read", lang, file=plan.file, note=plan.sheet_text(lang)),
        t("import.line.columns", lang, how=how),
    ]
    lines += Mapping.from_dict(plan.mapping).describe()[1:]
    lines.append(t("import.line.source", lang, source=plan.source, as_of=plan.as_of))
    lines += [line.text(lang) for line in summary(plan)]
    lines.append(report_of(plan).render(verbose=verbose, lang=lang))
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


def row_report(plan: ImportPlan, lang: str = DEFAULT_LANG) -> list[dict[str, str]]:
    """One record per spreadsheet row: outcome, reason, partner and how it was identified and placed.

    ``reason`` and ``caveat`` are written in ``lang``; the other columns are codes or the data's own.
    """
    partners = {p.id: p for p in plan.partners}
    records = []
    for result in plan.rows:
        partner = partners.get(result.partner)
        new = partner is not None and partner.new
        records.append(
            {
                "row": str(result.row),
                "outcome": result.outcome,
                "reason": result.reason_text(lang),
                "partner": result.partner,
                "partner_name": partner.name if partner else "",
                "identified_by": partner.identified_by if partner else "",
                "placed_by": (partner.placed_by or "not placed") if new else "",  # type: ignore[union-attr]
                "caveat": _caveat(partner, lang) if new else "",  # type: ignore[arg-type]
            }
        )
    return records


def _caveat(partner: Partner, lang: str) -> str:
    """Why a new partner is not placed, and its caveats, in ``lang``."""
    reason = partner.reason_said.text(lang) if partner.reason_said is not None else partner.reason
    warning = (
        "; ".join(m.text(lang) for m in partner.warning_said) if partner.warning_said else partner.warning
    )
    return "; ".join(x for x in (reason, warning) if x)
