"""Thin Dash callbacks, registered per app by each module's ``register(app, views)``.

A callback unpacks its inputs and passes them to a plain method of the view-model
(:mod:`dashboard.web.views`, :mod:`dashboard.web.render`), where the logic is tested.
"""
