"""d5site: publish a group's annual findings and versioned charter as a multilingual site."""

__version__ = "0.3.1"
