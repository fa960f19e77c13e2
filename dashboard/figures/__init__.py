"""The figures room: pure builders of plotly figures and Cytoscape elements, and their style.

A figure is a function of data and keyword options: no I/O, no globals, seeded layouts. Owns
the maps (:mod:`.maps`), names on maps without collisions (:mod:`.labels`, the
pure placement geometry, and :mod:`.map_labels`, its traces), the Cytoscape network (:mod:`.network_elements`), the static plotly
network for exports (:mod:`.network_chart`), the Insights charts (:mod:`.insight_charts`)
and colours, dashes and themes (:mod:`.style`).

May import: :mod:`dashboard.network`, :mod:`dashboard.data`, :mod:`dashboard.i18n` and
plotly. Never dash.
"""
