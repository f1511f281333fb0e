"""The Gradio chat (``civassist serve``): ``app`` lays out the page and wires events to the
Assistant API; ``render`` writes (and escapes) all of its HTML.

Importing this package does not import Gradio; ``civassist.web.app`` does.
"""
