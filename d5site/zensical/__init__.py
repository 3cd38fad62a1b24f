"""Zensical engine adapter (experimental): `d5site build --engine zensical`, one Zensical process per locale."""
