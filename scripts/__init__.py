"""Maintenance scripts (reference data, base maps); run each as a file: see its docstring."""
