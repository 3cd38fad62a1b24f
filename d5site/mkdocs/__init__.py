"""The MkDocs side: the plugin's event glue, per-build state, the one static-i18n bridge, outputs."""
