"""Data is text, everywhere: one escaping function per context where text leaves the app.

Dash components render every value as text. Everything that leaves the app *outside* a
component goes through one of these (SECURITY.md lists the exits and which one each uses):

- :func:`html_text`: HTML or XML/SVG text and double-quoted attribute values (the page
  ``<title>``, the HTML snapshot, an SVG's ``<title>``/``<desc>``).
- :func:`plotly_text`: a plotly label, hover or title (plotly reads a few HTML tags in them).
- :func:`document_text`: text given to a writer that escapes markup itself (python-pptx,
  openpyxl, XML libraries): only the characters XML cannot hold are dropped.
- :func:`spreadsheet_cell`: a CSV/XLSX cell (no formula runs).
- :func:`markdown_text`: a Markdown line (the ``report`` command).
- :func:`file_name`: a download's or export's file name.
- :func:`log_value` and :func:`log_traceback`: log lines (a value cannot start a line).

This module sits at the foundation (beside :mod:`dashboard.i18n`), so every room uses the same
functions.
"""

from __future__ import annotations

import html
import re
import traceback
import unicodedata

# Characters XML 1.0 cannot hold (tab, newline and carriage return it can).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]<>|~$])|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")
_FILE_WORDS = re.compile(r"[^a-z0-9]+")


def html_text(value: object) -> str:
    """Text for an HTML or XML document: element content or a double-quoted attribute value.

    ``& < > " '`` become entities, and so do ``{`` and ``}``: Dash fills its index template by
    replacing ``{%name%}``, so a title holding ``{%scripts%}`` would otherwise be filled too.
    Characters XML cannot hold are dropped.

    Examples:
        >>> html_text('</title><b x="1">')
        '&lt;/title&gt;&lt;b x=&quot;1&quot;&gt;'
        >>> html_text("{%config%} &amp;")
        '&#123;%config%&#125; &amp;amp;'
    """
    text = html.escape(XML_ILLEGAL.sub("", str(value)), quote=True)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def plotly_text(value: object) -> str:
    """Text for a plotly label, hover, legend or title, which read ``<b>``, ``<a href>`` and others.

    Examples:
        >>> plotly_text("<script>x</script>")
        '&lt;script&gt;x&lt;/script&gt;'
    """
    return html.escape(XML_ILLEGAL.sub("", str(value)), quote=True)


def document_text(value: object) -> str:
    """Text for a writer that escapes markup itself (python-pptx, openpyxl, an XML library).

    Those writers turn ``<`` and ``&`` into entities but refuse, or write a file nothing opens
    with, the control characters XML cannot hold; those are dropped.

    Examples:
        >>> document_text("nul\\x00byte <b>")
        'nulbyte <b>'
    """
    return XML_ILLEGAL.sub("", str(value))


def spreadsheet_cell(value: object) -> object:
    """Neutralise a spreadsheet cell against formula injection (OWASP CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading
    single quote, so no spreadsheet runs it as a formula (nor after a line feed); numbers
    and ``None`` are kept.

    Examples:
        >>> spreadsheet_cell("=HYPERLINK(\\"http://x\\")")
        '\\'=HYPERLINK("http://x")'
        >>> spreadsheet_cell("-12"), spreadsheet_cell(-12), spreadsheet_cell("Delft"), spreadsheet_cell(None)
        ("'-12", -12, 'Delft', None)
    """
    if isinstance(value, str) and value.startswith(INJECTION_PREFIXES):
        return "'" + value
    return value


def markdown_text(value: object) -> str:
    """Plain text as one Markdown line: read back as the same text, never as markup.

    Line breaks become spaces (a value cannot start a heading, rule or table row of its own),
    the characters that make emphasis, code, links, images, raw HTML, tables, strike-through or
    math are backslash-escaped, and so are an ``&`` that would read as an entity and a first
    character that would start a heading, quote, list or rule.

    Examples:
        >>> markdown_text("[click](javascript:x) **b** <b>")
        '\\\\[click\\\\](javascript:x) \\\\*\\\\*b\\\\*\\\\* \\\\<b\\\\>'
        >>> markdown_text("# heading\\n---"), markdown_text(" 1. one &amp;")
        ('\\\\# heading ---', ' 1\\\\. one \\\\&amp;')
    """
    text = _LINE_BREAKS.sub(" ", XML_ILLEGAL.sub("", str(value)))
    text = _MARKDOWN_ANYWHERE.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, text, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    space, mark, number, dot = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{number}\\{dot}"


def file_name(*words: object, limit: int = 80, fallback: str = "export") -> str:
    """A file name stem from words: lower-case ASCII letters and digits joined by hyphens.

    Nothing else survives (no path separator, dot, quote, control or direction character), so
    the name is the same in a ``Content-Disposition`` header, a ``download`` attribute and on
    any file system.

    Examples:
        >>> file_name("PoliMi", "map", "Southeast Asia")
        'polimi-map-southeast-asia'
        >>> file_name("../../etc/passwd", 'a"b;c\\r\\nX: 1'), file_name("<>")
        ('etc-passwd-a-b-c-x-1', 'export')
    """
    joined = " ".join(str(w) for w in words)
    ascii_text = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode()
    stem = _FILE_WORDS.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return stem or fallback


def log_value(value: object, *, limit: int = 300) -> str:
    """A value for a log line: one line, control and direction characters written as escapes.

    Examples:
        >>> log_value("line\\nFAKE: admin signed in \\x1b[31m")
        'line\\\\nFAKE: admin signed in \\\\x1b[31m'
        >>> log_value("\\u202eevil"), log_value("x" * 400)[-4:]
        ('\\\\u202eevil', 'x...')
    """
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "".join(_escaped(c) for c in text)


def _escaped(char: str) -> str:
    if char == "\\":
        return "\\\\"
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
        return repr(char)[1:-1] if char.isascii() else f"\\u{ord(char):04x}"
    return char


def log_traceback(exc: BaseException) -> str:
    """An exception's traceback for a log: frames as Python prints them, messages through :func:`log_value`.

    The frames are the code's own file names and lines; an exception's message may hold data,
    so each is one escaped line after its type's name, and no line of the result can pass for
    a log line of its own.

    Examples:
        >>> print(log_traceback(ValueError("bad\\nFAKE line")))
        ValueError: bad\\nFAKE line
    """
    chain: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = traceback.TracebackException.from_exception(exc)
    while current is not None and len(chain) < 10:
        chain.append(current)
        cause = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        current = cause
    parts = []
    for te in reversed(chain):
        frames = "".join(te.stack.format())
        head = "Traceback (most recent call last):\n" + frames if frames else ""
        name = te.exc_type.__qualname__ if te.exc_type else "Exception"
        parts.append(f"{head}{name}: {log_value(te, limit=2000)}")
    return "\n".join(parts)
