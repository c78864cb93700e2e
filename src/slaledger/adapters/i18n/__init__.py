"""The engine's messages in the reader's language (docs/i18n.md)."""

from slaledger.adapters.i18n.render import LANGUAGES, Renderer, english, render, renderer

__all__ = ["LANGUAGES", "Renderer", "english", "render", "renderer"]
