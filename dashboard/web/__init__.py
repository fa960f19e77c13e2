"""The web room: the Dash app.

Owns the app factory (:mod:`.app`), every component id (:mod:`.ids`), the page layouts and
components (:mod:`.layout`, :mod:`.present_layout`, :mod:`.insights_layout`,
:mod:`.components`), the accessibility parts (:mod:`.a11y_layout`: skip links, the live region,
the keyboard path to any partner, chart captions), the explorer's view-model (:mod:`.views`, Dash-free, also used by the
command line) and what each callback returns (:mod:`.render`), the live data store
(:mod:`.store`), HTTP hardening (:mod:`.security`), the check of the browser's offline files
(:mod:`.assets_check`) and the thin callbacks (:mod:`.callbacks`).

May import every room below it: :mod:`dashboard.outputs`, :mod:`dashboard.figures`,
:mod:`dashboard.network`, :mod:`dashboard.data`, :mod:`dashboard.config`,
:mod:`dashboard.i18n`. Importing this package imports nothing (the command line reads
:mod:`.views` without loading Dash).
"""
