"""Hostile inputs kept from every hardening round, so the next round extends them.

Each set is plain data; the tests in this folder feed them to the app's exits. Add what a
new attack used here, with a word on what it tried.
"""

from __future__ import annotations

# Text that would change meaning if a data value were pasted into HTML, Markdown, a spreadsheet,
# a file name, a log line or an SVG without escaping for that context.
HOSTILE_TEXT: tuple[str, ...] = (
    "<script>alert(1)</script>",  # HTML: a script element
    '"><img src=x onerror=alert(1)>',  # breaks out of an attribute
    "</title><script>alert(2)</script>",  # closes the page title
    "{%app_entry%}{%config%}{%scripts%}",  # Dash's index-template placeholders
    "javascript:alert(1)",  # a link target
    "[click](javascript:alert(1))",  # Markdown link
    "![x](http://evil.example/x.png)",  # Markdown image: fetched from outside
    "# heading\n---\n| a | b |",  # Markdown structure: heading, rule, table row
    "**bold** _it_ `code` <b>raw</b>",  # Markdown and inline HTML
    '=HYPERLINK("http://evil.example","x")',  # spreadsheet formula
    "+1+1",  # formula by a leading plus
    "-2+3",  # formula by a leading minus
    "@SUM(A1)",  # formula by a leading at-sign
    "\t=1",  # formula after a tab
    "../../etc/passwd",  # traversal in a file name
    'a"b;c\r\nX-Injected: 1',  # header injection in Content-Disposition
    "line\nFAKE log line: admin signed in",  # log-line forging
    "\x1b[31mred\x1b[0m",  # terminal escape in a log
    "<svg onload=alert(1)>",  # SVG element
    "]]><x/>",  # CDATA end in XML/SVG
    "&amp; &lt;",  # already-escaped entities: must stay as typed
    "\u202eevil\u202c",  # right-to-left override
    "nul\x00byte",  # NUL
)

# Callback request bodies that did not come from Dash's renderer.
MALFORMED_BODIES: tuple[bytes, ...] = (
    b"",
    b"not json",
    b"[]",
    b"{}",
    b"null",
    b'"text"',
    b"12",
    b'{"output": 5}',
    b'{"output": "x.y", "inputs": 5}',
    b'{"output": "x.y", "inputs": [], "changedPropIds": 5}',
    b'{"output": "..", "outputs": [], "inputs": [1, 2]}',
    b'{"output": "network.elements", "inputs": 5}',
    b'{"output": "network.elements", "inputs": [1, 2, 3, 4]}',
    b'{"output": "network.elements", "inputs": [], "state": {}}',
    b'"\xff\xfe"',
    b"[" * 100_000,
    b'{"output": "' + b"a" * 300_000 + b'"}',
)

# Paths that no route should answer with a 500 or a framework page.
HOSTILE_PATHS: tuple[str, ...] = (
    "/_dash-component-suites/dash/../../etc/passwd",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/dash/dash-renderer/build/nope.js",
    "/_dash-component-suites/dash/%00.js",
    "/_dash-component-suites/plotly/package_data/plotly.min.v9_9_9m1.js",
    "/assets/../app.py",
    "/assets/%00",
    "/assets/..%2f..%2fetc%2fpasswd",
    "/present/%ff",
    "/present?view=%ff%fe",
    "/import",
    "/import/../_dash-layout",
    "/_dash-layout?%ff=1",
    "/_reload-hash",
    "/%ff",
    "/" + "a" * 5000,
)

# URL queries a link could carry: digits that are not ASCII, ranges, long values, repeats.
HOSTILE_QUERIES: tuple[str, ...] = (
    "?years=²⁰²⁰-²⁰²⁴",
    "?years=١٩٩٠-٢٠٢٠",
    "?years=2020-99999999999999999999",
    "?years=-5-2020",
    "?years=2024-2020",
    "?node=" + "x" * 100_000,
    "?region=" + ",".join(["europe"] * 5000),
    "?zoom=²",
    "?view=<script>",
    "?region=%ff%fe",
    "?q=" + "ä" * 20_000,
    "?slide=²",  # str.isdigit() is True, int() raises: broke /present and the explorer
    "?slide=٣",  # Arabic-Indic digit: int() reads it as 3
    "?slide=99999999999999999999",
    "?years=２０２０-２０２４",  # full-width digits: a regex's \d matches them, int() reads them
    "?lang=<script>&theme=<b>&view=" + "x" * 500,
    "?focus=" + "x" * 100_000 + "&slide=2",
    "?" + "&".join(f"f{i}=1" for i in range(5_000)),  # many fields
    "?q=%00%1b%0a%ud800",  # control characters; a broken escape
)
