"""The Gradio chat (``civassist serve``).

``app`` serves (login, bind and host rules), ``layout`` lays out the page and wires its events to
``chat`` (chat and knowledge-browser handlers) and ``briefing_tab``; ``render``, ``panels`` and
``library`` write (and escape) its HTML; ``suggestions`` proposes questions using the knowledge
``roles``; ``security`` is the edge middleware (headers, CSP, Host check, login throttle).
Styles and the page's one script are files under ``static/``.

Importing this package does not import Gradio; ``civassist.web.app`` does.
"""
