"""One page of the partner table, sorted and filtered on the server.

The table uses AG Grid's infinite row model: the browser asks for a block of rows
(``startRow``/``endRow``) with the grid's sort and filter models, and only that block travels
(about 100 rows, a few kB, however large the network). This module answers such a request
from the table rows of :func:`dashboard.network.details.table_rows`, as plain data.

The request comes from the browser, so every part of it is checked: a malformed part (an
unknown column, a filter type the grid does not send, a block that is not a pair of ASCII
integers) is left out, and :attr:`TableQuery.dropped` names it; the rest of the query still
applies. Text matches ignore case and accents ("munchen" finds "München"), as people expect
of a search box; empty cells sort last in both directions.

>>> rows = [{"id": "a", "name": "Zürich", "since": 2001}, {"id": "b", "name": "Aachen", "since": None}]
>>> query = TableQuery.parse({"startRow": 0, "endRow": 50, "sortModel": [{"colId": "name", "sort": "asc"}]},
...                          columns={"name": "text", "since": "number"})
>>> page, count = query.page(rows)
>>> [r["id"] for r in page], count
(['b', 'a'], 2)
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Row = Mapping[str, object]
ColumnKind = Literal["text", "number"]  # as in details.TABLE_COLUMNS

BLOCK_ROWS = 100  # what the grid asks for at a time (cacheBlockSize); also the default block
MAX_BLOCK_ROWS = 500  # a request for more rows gets this many (~130 kB at most on the wire)
MAX_FILTER_TEXT = 200  # characters of a filter value that are read
MAX_CONDITIONS = 4  # AG Grid's own UI offers two conditions per column

TEXT_TESTS: dict[str, Callable[[str, str], bool]] = {
    "contains": lambda cell, value: value in cell,
    "notContains": lambda cell, value: value not in cell,
    "equals": lambda cell, value: cell == value,
    "notEqual": lambda cell, value: cell != value,
    "startsWith": lambda cell, value: cell.startswith(value),
    "endsWith": lambda cell, value: cell.endswith(value),
}
NUMBER_TESTS: dict[str, Callable[[float, float, float], bool]] = {
    "equals": lambda cell, value, _to: cell == value,
    "notEqual": lambda cell, value, _to: cell != value,
    "lessThan": lambda cell, value, _to: cell < value,
    "lessThanOrEqual": lambda cell, value, _to: cell <= value,
    "greaterThan": lambda cell, value, _to: cell > value,
    "greaterThanOrEqual": lambda cell, value, _to: cell >= value,
    "inRange": lambda cell, value, to: min(value, to) <= cell <= max(value, to),
}
EMPTY_TESTS = ("blank", "notBlank")

Test = Callable[[Row], bool]


def fold(text: object) -> str:
    """Text as compared by the table: case and accents ignored ("München" → "munchen")."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _int(value: object) -> int | None:
    """An ASCII integer from JSON (bool is not one), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _number(value: object) -> float | None:
    """A finite number from JSON or from an ASCII numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str) and value.isascii() and len(value) <= 32:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _empty(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, float) and math.isnan(cell))


@dataclass(frozen=True)
class TableQuery:
    """A checked request for one block of the table: rows, order and filters."""

    start: int = 0
    end: int = BLOCK_ROWS
    order: tuple[tuple[str, bool], ...] = ()  # (column, descending)
    tests: tuple[Test, ...] = field(default=(), repr=False)
    dropped: tuple[str, ...] = ()

    @classmethod
    def parse(cls, request: object, *, columns: Mapping[str, ColumnKind]) -> TableQuery:
        """Read AG Grid's ``getRowsRequest``; ``columns`` maps each column to its kind."""
        if not isinstance(request, Mapping):
            return cls(dropped=("request",) if request is not None else ())
        dropped: list[str] = []
        start, end = _int(request.get("startRow", 0)), _int(request.get("endRow", BLOCK_ROWS))
        if start is None or end is None or start < 0 or end <= start:
            dropped.append("block")
            start, end = 0, BLOCK_ROWS
        end = min(end, start + MAX_BLOCK_ROWS)
        order = _order(request.get("sortModel"), columns, dropped)
        tests = _tests(request.get("filterModel"), columns, dropped)
        return cls(start, end, order, tests, tuple(dropped))

    def page(self, rows: Sequence[Row]) -> tuple[list[Row], int]:
        """The requested block of ``rows`` (filtered, then sorted) and how many rows match."""
        kept = [row for row in rows if all(test(row) for test in self.tests)]
        for column, descending in reversed(self.order):  # stable sorts: the first key last
            filled = [row for row in kept if not _empty(row.get(column))]
            blank = [row for row in kept if _empty(row.get(column))]
            keys = {id(row): _sort_key(row.get(column)) for row in filled}
            filled.sort(key=lambda row: keys[id(row)], reverse=descending)
            kept = filled + blank
        return kept[self.start : self.end], len(kept)


def _sort_key(cell: object) -> tuple[int, float, str]:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return (0, float(cell), "")
    return (1, 0.0, fold(cell))


def _order(
    sort_model: object, columns: Mapping[str, ColumnKind], dropped: list[str]
) -> tuple[tuple[str, bool], ...]:
    if sort_model is None:
        return ()
    if not isinstance(sort_model, list):
        dropped.append("sortModel")
        return ()
    order = []
    for item in sort_model[: len(columns)]:
        column = item.get("colId") if isinstance(item, Mapping) else None
        direction = item.get("sort") if isinstance(item, Mapping) else None
        if column in columns and direction in ("asc", "desc"):
            order.append((str(column), direction == "desc"))
        else:
            dropped.append(f"sort:{str(column)[:40]}")
    return tuple(order)


def _tests(filter_model: object, columns: Mapping[str, ColumnKind], dropped: list[str]) -> tuple[Test, ...]:
    if filter_model is None:
        return ()
    if not isinstance(filter_model, Mapping):
        dropped.append("filterModel")
        return ()
    tests = []
    for column, spec in list(filter_model.items())[: len(columns) + 1]:
        test = _column_test(str(column), spec, columns.get(str(column))) if column in columns else None
        if test is None:
            dropped.append(f"filter:{str(column)[:40]}")
        else:
            tests.append(test)
    return tuple(tests)


def _column_test(column: str, spec: object, kind: ColumnKind | None) -> Test | None:
    """One column's filter: a single condition, or AND/OR of up to :data:`MAX_CONDITIONS`."""
    if not isinstance(spec, Mapping) or kind is None:
        return None
    conditions = spec.get("conditions")
    if conditions is None:
        return _condition(column, spec, kind)
    operator = spec.get("operator")
    if (
        not isinstance(conditions, list)
        or not 0 < len(conditions) <= MAX_CONDITIONS
        or operator not in ("AND", "OR")
    ):
        return None
    parts = [_condition(column, c, kind) for c in conditions]
    if any(p is None for p in parts):
        return None
    checks = [p for p in parts if p is not None]
    combine = all if operator == "AND" else any
    return lambda row: combine(check(row) for check in checks)


def _condition(column: str, spec: object, kind: ColumnKind) -> Test | None:
    if not isinstance(spec, Mapping):
        return None
    kind_sent, how = spec.get("filterType", kind), spec.get("type")
    if kind_sent != kind or not isinstance(how, str):
        return None
    if how in EMPTY_TESTS:
        wanted = how == "blank"
        return lambda row: _empty(row.get(column)) == wanted
    if kind == "text":
        return _text_condition(column, how, spec.get("filter"))
    return _number_condition(column, how, spec.get("filter"), spec.get("filterTo"))


def _text_condition(column: str, how: str, value: object) -> Test | None:
    check = TEXT_TESTS.get(how)
    if check is None or not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    wanted = fold(str(value)[:MAX_FILTER_TEXT])
    return lambda row: not _empty(row.get(column)) and check(fold(row.get(column)), wanted)


def _number_condition(column: str, how: str, value: object, to: object) -> Test | None:
    check, number = NUMBER_TESTS.get(how), _number(value)
    upper = _number(to) if how == "inRange" else 0.0
    if check is None or number is None or upper is None:
        return None

    def test(row: Row) -> bool:
        cell = _number(row.get(column))
        return cell is not None and check(cell, number, upper)

    return test
