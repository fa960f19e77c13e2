"""The network room: the graph and everything computed from it, as plain data.

Owns graph building and filters (:mod:`.graph`), the read-only model (:mod:`.model`), layout
positions (:mod:`.positions`), metrics and communities (:mod:`.metrics`), partners grouped by
place (:mod:`.places`), headline figures (:mod:`.headline`), growth over time
(:mod:`.timeline`), Erasmus coverage (:mod:`.coverage`), the rows of the details panel and
the table (:mod:`.details`), the Insights answers (:mod:`.insights`), the list of slides
(:mod:`.slides`) and the view state with its URL form (:mod:`.view_state`, shared by the web
app, the exports and the CLI).

May import: :mod:`dashboard.data`, :mod:`dashboard.config`, :mod:`dashboard.i18n`. Plain
data in, plain data out: never dash or plotly.
"""
