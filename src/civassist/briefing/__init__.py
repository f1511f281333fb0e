"""Briefings: a structured, fully cited summary of a topic, for diplomats.

``Assistant.brief(topic)`` returns a :class:`Briefing` (title, date, bottom line, key points,
relevant cases, recommendations, caveats, sources); ``civassist.export.render_briefing`` turns
it into Markdown, DOCX, PDF or JSON bytes.

    writer.py     Briefer: check the topic and the evidence, then assemble and number
    aspects.py    what each section reads and asks (sub-questions, whole sections, cases)
    selection.py  choosing supported, unused sentences (extractive or a model's draft)
    library.py    which documents and sections play which role (paper, cases, caveats)
    plan.py       evidence-gathering settings and per-length sentence budgets
    model.py      Briefing, BriefingSection, BriefingBlock
"""

from civassist.briefing.model import Briefing, BriefingBlock, BriefingSection
from civassist.briefing.plan import BriefingPlan, Budget
from civassist.briefing.writer import Briefer

__all__ = ["Briefer", "Briefing", "BriefingBlock", "BriefingPlan", "BriefingSection", "Budget"]
