"""Validation problems and the report that collects them.

Every problem names the file, the row (as a spreadsheet shows it: the header is row 1),
the column, the value and what was expected, so a user can fix their file without
reading code.

A message is a text of the catalogs (``problem.*`` keys in ``dashboard/locales``), recorded
with :meth:`Report.say` as its key and values, so that the page shows it in the reader's
language (:meth:`Problem.text`, :meth:`Report.render`); ``message`` keeps the English text for
the command line and logs. File names, column names and values are the user's own text and are
shown as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from dashboard.data.files import NotAFile
from dashboard.i18n import DEFAULT_LANG, t

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Message:
    """A sentence of the catalogs: its key and the values of its placeholders.

    A function that finds a fault but does not hold the report (a cell parser, a file check)
    returns or raises one, and the caller records it with :meth:`Report.say`. Numbers among
    the values are written the reader's way (``1.234`` in Italian): pass a year or a code
    as text.

    Examples:
        >>> Message.of("problem.read.empty").text("en")
        'is empty: expected a header row and data rows'
    """

    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **values: object) -> Message:
        """The message ``key`` with ``values``."""
        return cls(key, tuple(values.items()))

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The sentence in ``lang``; a value that is a message (or a tuple of them, joined by
        ``"; "``) is itself written in ``lang``."""
        return t(self.key, lang, **{name: _in(value, lang) for name, value in self.values})

    def to_json(self) -> dict[str, object]:
        """The message as JSON-ready data: ``{"key": ..., "values": [[name, value], ...]}``, the
        messages among its values in the same form (what :func:`dataclasses.asdict` gives)."""

        def value(item: object) -> object:
            if isinstance(item, Message):
                return item.to_json()
            if isinstance(item, tuple) and item and all(isinstance(v, Message) for v in item):
                return [v.to_json() for v in item]
            return item

        return {"key": self.key, "values": [[name, value(v)] for name, v in self.values]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Message:
        """Inverse of :meth:`to_json` (and of :func:`dataclasses.asdict` once through JSON).

        Examples:
            >>> import json
            >>> said = Message.of("problem.import.refused", reason=Message.of("problem.import.nothing"))
            >>> Message.from_json(json.loads(json.dumps(said.to_json()))) == said
            True
        """

        def value(item: object) -> object:
            if isinstance(item, dict) and set(item) == {"key", "values"}:
                return cls.from_json(item)
            if isinstance(item, list | tuple) and item and all(isinstance(v, dict) for v in item):
                return tuple(value(v) for v in item)
            return item

        pairs = data.get("values") or ()
        return cls(str(data["key"]), tuple((str(k), value(v)) for k, v in pairs))  # type: ignore[attr-defined]


def _in(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(v.text(lang) for v in value)
    return value


class Invalid(ValueError):
    """A value that cannot be used, with the reason as a :class:`Message` (``str()``: English).

    Examples:
        >>> try:
        ...     raise Invalid("problem.read.empty")
        ... except ValueError as exc:
        ...     exc.said.text("it")
        'è vuoto: servono una riga di intestazione e righe di dati'
    """

    def __init__(self, key: str, **values: object) -> None:
        """The reason is the catalog text ``key`` filled with ``values``."""
        self.said = Message.of(key, **values)
        super().__init__(self.said.text(DEFAULT_LANG))


def said(what: str | Message | BaseException) -> Message | str:
    """What a fault says: the :class:`Message` of an :class:`Invalid`, a message as it is, or a
    key; any other exception's English text (an unforeseen fault: better English than nothing)."""
    if isinstance(what, Invalid):
        return what.said
    if isinstance(what, NotAFile):
        return unreadable(what.filename, what)
    if isinstance(what, BaseException):
        return str(what)
    return what


@dataclass(frozen=True)
class Problem:
    """One finding about one cell, row or file.

    Attributes:
        severity: ``error`` stops the app from starting; ``warning`` and ``info`` do not.
        file: File name inside the data folder.
        message: What is wrong and what was expected.
        row: Spreadsheet row (header = 1), or ``None`` for a whole-file problem.
        column: Column name, or ``None``.
        value: The offending value as read, or ``None``.
        key: The message's catalog key (``""``: ``message`` is the only text, in English).
        values: The key's placeholder values, as ``(name, value)`` pairs.
    """

    severity: Severity
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    key: str = ""
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in ``lang`` (English when it has no key).

        Examples:
            >>> p = Problem("error", "a.csv", "", key="problem.read.empty")
            >>> p.text("it")
            'è vuoto: servono una riga di intestazione e righe di dati'
        """
        return Message(self.key, self.values).text(lang) if self.key else self.message

    def render(self, lang: str = DEFAULT_LANG) -> str:
        """``file:row column 'value': message`` with the message in ``lang``.

        Examples:
            >>> str(Problem("error", "institutions.csv", "not an ISO 3166-1 alpha-2 code",
            ...             row=14, column="country", value="XX"))
            "institutions.csv:14 country 'XX': not an ISO 3166-1 alpha-2 code"
        """
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        if self.column:
            where += f" {self.column}"
        if self.value:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            where += f" {shown!r}"
        return f"{where}: {self.text(lang)}"

    def traced(self, file: str, row: object) -> Problem:
        """This problem, its message followed by where the row came from (``file`` row ``row``).

        Examples:
            >>> Problem("error", "a.csv", "", row=2, key="problem.read.empty").traced("b.xlsx", 7).text("it")
            'è vuoto: servono una riga di intestazione e righe di dati (da b.xlsx, riga 7)'
        """
        what: object = Message(self.key, self.values) if self.key else self.message
        origin = Message.of("problem.origin", what=what, file=file, row=str(row))
        return replace(self, message=origin.text(DEFAULT_LANG), key=origin.key, values=origin.values)

    def __str__(self) -> str:
        """In English (:meth:`render`)."""
        return self.render()


@dataclass
class Report:
    """An ordered collection of problems found while loading a data folder."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, severity: Severity, file: str, message: str, **where: object) -> None:
        """Record a problem whose message is English text only (a plan stored before messages
        had keys, an unforeseen fault); ``where`` takes ``row``, ``column`` and ``value``."""
        self._record(severity, file, message, "", (), **where)

    def _record(
        self,
        severity: Severity,
        file: str,
        message: str,
        key: str,
        pairs: tuple[tuple[str, object], ...],
        *,
        row: object = None,
        column: object = None,
        value: object = None,
    ) -> None:
        self.problems.append(
            Problem(
                severity,
                file,
                message,
                row=int(row) if isinstance(row, int) else None,
                column=str(column) if column is not None else None,
                value=None if value is None else str(value),
                key=key,
                values=pairs,
            )
        )

    def say(
        self,
        severity: Severity,
        file: str,
        what: str | Message | BaseException,
        *,
        row: int | None = None,
        column: object = None,
        value: object = None,
        **values: object,
    ) -> None:
        """Record a problem whose message is the catalog text ``what`` (a key) filled with
        ``values``, or a :class:`Message`, or the reason of an :class:`Invalid`.

        Examples:
            >>> report = Report()
            >>> report.say("error", "a.csv", "problem.read.empty")
            >>> report.say("error", "b.csv", Invalid("problem.read.empty"), row=3)
            >>> [p.text("it") for p in report.problems] == [report.problems[0].text("it")] * 2
            True
            >>> report.problems[1].render("en")
            'b.csv:3: is empty: expected a header row and data rows'
        """
        reason = said(what)
        if isinstance(reason, str) and not isinstance(what, str):  # an unforeseen exception
            self._record(severity, file, reason, "", (), row=row, column=column, value=value)
            return
        message = reason if isinstance(reason, Message) else Message.of(reason, **values)
        self._record(
            severity,
            file,
            message.text(DEFAULT_LANG),
            message.key,
            message.values,
            row=row,
            column=column,
            value=value,
        )

    def extend(self, problems: Iterable[Problem]) -> None:
        """Append problems found elsewhere."""
        self.problems.extend(problems)

    def of(self, severity: Severity) -> list[Problem]:
        """Problems of one severity, in the order they were found."""
        return [p for p in self.problems if p.severity == severity]

    @property
    def errors(self) -> list[Problem]:
        """Problems that stop the app from starting."""
        return self.of("error")

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return not self.errors

    def render(self, *, verbose: bool = False, lang: str = DEFAULT_LANG) -> str:
        """Plain-text report: errors, then warnings, then (if verbose) notes.

        Args:
            verbose: Include ``info`` lines such as which rows were geocoded.
            lang: The language of the messages and labels.

        Returns:
            The report, ending with a one-line summary.
        """
        lines: list[str] = []
        shown: list[Severity] = ["error", "warning", "info"] if verbose else ["error", "warning"]
        labels = {severity: t(f"problem.severity.{severity}", lang) for severity in shown}
        width = max(len(label) for label in labels.values())
        for severity in shown:
            lines.extend(f"{labels[severity]:{width}} {p.render(lang)}" for p in self.of(severity))
        n_err, n_warn, n_info = (len(self.of(s)) for s in ("error", "warning", "info"))
        lines.append(
            t(
                "problem.summary",
                lang,
                errors=t("problem.errors", lang, count=n_err),
                warnings=t("problem.warnings", lang, count=n_warn),
                notes=t("problem.notes", lang, count=n_info),
            )
        )
        return "\n".join(lines)


def unreadable(path: Path | str, exc: OSError) -> Message:
    """What an operating-system error while reading ``path`` means, and what to do about it.

    Args:
        path: The file or folder that could not be read.
        exc: The error raised by the operating system.

    Returns:
        The message for a :class:`Problem`, naming the path.

    Examples:
        >>> unreadable("/srv/data/institutions.csv", PermissionError(13, "Permission denied")).text()
        'cannot be read (permission denied): /srv/data/institutions.csv; let the account that runs the dashboard read it'
        >>> unreadable("/srv/data/institutions.csv", IsADirectoryError(21, "Is a directory")).text("it")
        'è una cartella, non un file: /srv/data/institutions.csv; mettere lì il file stesso'
    """
    if isinstance(exc, NotAFile):  # a pipe, socket, device, link outside: it says what it is
        return Message.of(f"problem.file.{exc.kind}", path=str(path), **exc.values)
    if isinstance(exc, PermissionError):
        return Message.of("problem.file.permission", path=str(path))
    if isinstance(exc, IsADirectoryError):
        return Message.of("problem.file.folder", path=str(path))
    if isinstance(exc, FileNotFoundError):
        return Message.of("problem.file.vanished", path=str(path))
    return Message.of("problem.file.os", path=str(path), reason=exc.strerror or type(exc).__name__)


class DataError(ValueError):
    """Raised when a data folder cannot be used; carries the full report."""

    def __init__(self, report: Report) -> None:
        """Keep the report and summarize it as the exception message."""
        self.report = report
        super().__init__(report.render())
