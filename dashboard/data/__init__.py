"""The data room: a data folder's format, how it is read and checked, and where its places are.

Owns the format (:mod:`.schema`, with the registry of relation types), tolerant CSV reading
(:mod:`.reading`), single-cell parsers (:mod:`.cells`), the relation-table checks
(:mod:`.relation_rows`), validation at the one boundary into a :class:`~.dataset.Dataset`
(:mod:`.dataset`), countries and regions (:mod:`.regions`), geography and offline geocoding
(:mod:`.geo`, :mod:`.geocoding`, :mod:`.placing`), atomic writes (:mod:`.files`) and the
problem report (:mod:`.problems`).

May import: :mod:`dashboard.config`, :mod:`dashboard.i18n` and this room. Never dash or plotly.
"""
