"""The theme assets every engine adds to a d5site site: d5site's stylesheets and scripts (in d5site/theme/assets/)."""

from __future__ import annotations

STYLESHEETS = ("assets/d5site/d5site.css", "assets/d5site/wayfinding.css", "assets/d5site/a11y.css")
"""Generated pages; the chrome of wayfinding (language switcher, footer, home page, breadcrumbs); keyboard focus,
contrast and narrow screens in the theme's chrome."""
SCRIPTS = ("assets/d5site/a11y.js",)
"""Keyboard focus, contrast and narrow screens in the theme's chrome (the menu button, drawer, search, wide tables)."""
