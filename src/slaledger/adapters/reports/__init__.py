"""Report renderers."""
