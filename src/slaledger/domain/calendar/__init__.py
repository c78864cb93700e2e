"""calendar package."""
