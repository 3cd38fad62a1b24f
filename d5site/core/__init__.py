"""The content core: model, loading, validation, charter queries, translations. Imports nothing from MkDocs."""
