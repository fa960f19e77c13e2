"""The outputs room: what leaves the app as a file.

Owns the export formats (:mod:`.formats`), formula-safe cells and the source line (:mod:`.cells`),
table, chart and snapshot exports
(:mod:`.exports`), the PowerPoint deck (:mod:`.deck`), the GIS files (:mod:`.gis`) and the network
for Gephi, Cytoscape, Kumu and kepler.gl (:mod:`.interchange`), and the text alternatives of
deck pictures and SVG exports (:mod:`.alt_text`). Each
works on the read-only model and a view state, never on Dash, so the same function serves the
command line and the UI's Export menu; the explorer's view-model reaches them through the
small :class:`~.exports.Views` protocol.

May import: :mod:`dashboard.figures`, :mod:`dashboard.network`, :mod:`dashboard.data`,
:mod:`dashboard.config`, :mod:`dashboard.i18n`. Never dash, never :mod:`dashboard.web`.
"""
