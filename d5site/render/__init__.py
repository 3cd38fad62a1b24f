"""Rendering: generated pages, feeds, open data and atomic publishing. Imports nothing from MkDocs."""
