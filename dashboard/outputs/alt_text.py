"""Text alternatives of the images that leave the app: deck pictures and SVG exports.

A deck's map is a picture; PowerPoint and screen readers read its ``descr`` (the "alt text"
box) instead of the file name python-pptx gives it ("image.png"). An SVG export carries a
``<title>`` (its accessible name) and a ``<desc>``. Both say what the picture shows in numbers
and name the strongest ties, so the slide or the page makes sense without seeing it.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from dashboard.escape import document_text, html_text
from dashboard.i18n import t

STRONGEST = 5
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def image_alt(title: str, partners: pd.DataFrame, *, lang: str, kind: str = "map") -> str:
    """What a map (``kind="map"``) or network picture of ``partners`` shows, in one or two sentences.

    Examples:
        >>> rows = pd.DataFrame({"short_name": ["TU Delft", "KTH"], "name": ["", ""], "country": ["NL", "SE"],
        ...                      "strength": [3, 5]})
        >>> image_alt("Europe", rows, lang="en")
        'Map of Europe. Partners: 2, countries: 2. Strongest ties: KTH, TU Delft.'
    """
    strongest = partners.sort_values("strength", ascending=False, kind="stable").head(STRONGEST)
    names = [str(s or n) for s, n in zip(strongest["short_name"], strongest["name"], strict=True)]
    text = t(
        f"a11y.alt.{kind}",
        lang,
        title=title,
        partners=len(partners),
        countries=int(partners["country"].nunique()),
    )
    if names:
        text += " " + t("a11y.alt.strongest", lang, names=", ".join(names))
    return document_text(text)


def set_picture_alt(picture: Any, text: str) -> None:
    """Give a python-pptx picture shape its alt text (``p:cNvPr/@descr``) and a readable name."""
    properties = picture._element.nvPicPr.cNvPr  # python-pptx has no public setter for descr
    properties.set("descr", text)
    properties.set("name", text[:60])


def svg_with_text(svg: bytes, *, title: str, desc: str) -> bytes:
    """The SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` as the first children of its root.

    Examples:
        >>> svg_with_text(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', title="A & B", desc="d")
        b'<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>A &amp; B</title><desc>d</desc><g/></svg>'
    """
    match = _SVG_OPEN.search(svg)
    if match is None or match.group(0).endswith(b"/>"):  # not a drawing with content
        return svg
    tag = match.group(0)
    opened = tag if b" role=" in tag else tag[:-1] + b' role="img">'
    text = f"<title>{html_text(title)}</title><desc>{html_text(desc)}</desc>"
    return svg[: match.start()] + opened + text.encode("utf-8") + svg[match.end() :]
