"""Which briefing topics are refused as out of scope, and which in-scope requests are.

In scope: every briefing request of the own set (evals/briefings.jsonl) and of the blind set's
dev split (evals/blind/briefings.jsonl; the test split is never read here). Out of scope: the
topics below, written on 2026-12-04 as a diplomat might ask about things the sources never
cover, some close to their subjects (other banks and blocs, climate talks, agriculture
policy), some wrapped in "what the paper says about …". They are not used by any test's
expected answer.

Run: .venv/bin/python bench/briefing_scope.py   (uses the index in CIVASSIST_HOME). Prints
JSON: the counts, and each topic that lands on the wrong side.
"""

from __future__ import annotations

import json

from civassist.assistant import Assistant
from civassist.settings import Settings

OUT_OF_SCOPE = [
    "Arctic shipping routes",
    "the football world cup",
    "What the paper says about the football world cup",
    "the paper's view of cricket",
    "Brief me on the Shanghai Cooperation Organisation",
    "African Union Agenda 2063",
    "Prepare a note on climate change negotiations at COP28",
    "Brief me on the European Union's Common Agricultural Policy",
    "the history of the Roman Empire",
    "quantum computing research funding",
    "Give me a briefing on NATO enlargement",
    "the BRICS New Development Bank's lending",
    "Before the summit, I need talking points on Antarctic treaty governance",
    "What the paper says about cryptocurrency regulation",
    "A note on the paper's treatment of space exploration",
    "Brief me on the IMF's special drawing rights",
    "the Olympic Games and soft power",
    "Prepare a briefing on the World Trade Organization's dispute settlement crisis",
    "the paper's claims about Arctic shipping routes",
    "OPEC oil production quotas",
]


def in_scope_topics(settings: Settings) -> list[str]:
    own = (settings.evals / "briefings.jsonl").read_text("utf-8").splitlines()
    topics = [json.loads(line)["topic"] for line in own if line.strip()]
    blind = settings.evals / "blind"
    dev = set(json.loads((blind / "split.json").read_text("utf-8"))["dev"])
    for line in (blind / "briefings.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("id") in dev:
            topics.append(row["topic"])
    return topics


def main() -> None:
    assistant = Assistant()
    if assistant.status().chunks == 0:
        assistant.ingest()
    briefed = [t for t in OUT_OF_SCOPE if not assistant.brief(t).abstained]
    inside = in_scope_topics(assistant.settings)
    refused = [t for t in inside if assistant.brief(t).abstained]
    print(
        json.dumps(
            {
                "out_of_scope": len(OUT_OF_SCOPE),
                "out_of_scope_briefed": briefed,
                "in_scope": len(inside),
                "in_scope_refused": refused,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
