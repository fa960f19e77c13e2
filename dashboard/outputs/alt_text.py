"""Text alternatives of the images that leave the app: deck pictures and PNG, SVG, PDF exports.

A deck's map is a picture; PowerPoint and screen readers read its ``descr`` (the "alt text"
box) instead of the file name python-pptx gives it ("image.png"). An SVG export carries a
``<title>`` (its accessible name) and a ``<desc>``; a PNG its ``Title`` and ``Description``
text chunks; a PDF its title, subject and language. All say what the picture shows in numbers
and name the strongest ties, so the slide or the page makes sense without seeing it.
"""

from __future__ import annotations

import io
import re
import zlib
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


def png_with_text(png: bytes, *, title: str, desc: str) -> bytes:
    """The PNG with its ``Title`` and ``Description`` (the alt text) in UTF-8 text chunks (iTXt),
    right after the header chunk: what image viewers and document tools read as its description.

    Examples:
        >>> import zlib
        >>> ihdr = b"IHDR" + bytes(13)
        >>> png = b"\\x89PNG\\r\\n\\x1a\\n" + (13).to_bytes(4, "big") + ihdr + zlib.crc32(ihdr).to_bytes(4, "big")
        >>> out = png_with_text(png, title="Map", desc="Partners: 3")
        >>> b"iTXtTitle" in out and b"Description" in out and out.startswith(png)
        True
    """
    signature = b"\x89PNG\r\n\x1a\n"
    if not png.startswith(signature) or png[12:16] != b"IHDR":
        return png
    end = 8 + 8 + int.from_bytes(png[8:12], "big") + 4  # signature, length + type, data, CRC
    pairs = (("Title", document_text(title)), ("Description", document_text(desc)))
    chunks = b"".join(_itxt(key, value) for key, value in pairs)
    return png[:end] + chunks + png[end:]


def _itxt(keyword: str, text: str) -> bytes:
    """One uncompressed iTXt chunk (keyword, no language tag)."""
    body = b"iTXt" + keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    return (len(body) - 4).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")


def pdf_with_text(pdf: bytes, *, title: str, desc: str, lang: str) -> bytes:
    """The PDF with its title, subject (the alt text) and language in the document information
    and catalog: what readers show and screen readers announce."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": document_text(title), "/Subject": document_text(desc)})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer._root_object[NameObject("/ViewerPreferences")] = writer._root_object.get(
        "/ViewerPreferences", writer._add_object(_display_title())
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _display_title() -> Any:
    """Viewer preferences that show the document's title, not its file name (PDF/UA)."""
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject

    return DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
