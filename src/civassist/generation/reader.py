"""The reader: which candidate sentences answer a question, judged one at a time by a local model.

Each candidate (a verbatim sentence from a retrieved passage) is asked about on its own — "does
this sentence answer the question? yes or no" — so no candidate gains from its place in a list
(a small model asked for "the numbers of the sentences that answer" names the first, or the
prompt's example). The model generates one token; the probability of *yes* against *no* is read
from that token's top log-probabilities, never from the text it happens to write.

The prompt puts the fixed instructions and the question before the sentence. llama.cpp keeps the
last prompt's KV cache (``cache_prompt``) and reprocesses only what differs, so after the first
candidate each one costs only its own tokens.

The scores are probabilities to rank and threshold; what to do with them (compose an answer from
the sentences that pass, abstain when none does) is the answering policy's business.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civassist.errors import BackendUnavailable
from civassist.prompts import Prompt, load_prompt

if TYPE_CHECKING:
    from civassist.settings import Settings

# An OpenAI-style chat completion: the request body in, the parsed response body out.
CompletionFn = Callable[[dict[str, Any]], dict[str, Any]]

PROMPT_NAME = "reader"
YES_WORDS = frozenset({"yes"})
NO_WORDS = frozenset({"no"})
_TOKEN_TRIM = " \t\r\n.,:;!\"'"


def first_token_logprobs(response: Mapping[str, Any]) -> list[tuple[str, float]]:
    """The (token, log-probability) alternatives of the first generated token of ``response``.

    Raises:
        BackendUnavailable: the response holds no log-probabilities (a server that ignores
            ``logprobs``, or an error body).
    """
    try:
        content = response["choices"][0]["logprobs"]["content"]
        top = content[0]["top_logprobs"]
        pairs = [(str(entry["token"]), float(entry["logprob"])) for entry in top]
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise BackendUnavailable(
            "the model server returned no log-probabilities; the reader needs a server that "
            "supports `logprobs` and `top_logprobs` (llama.cpp does)"
        ) from exc
    if not pairs:
        raise BackendUnavailable("the model server returned an empty list of log-probabilities")
    return pairs


def yes_probability(top: Sequence[tuple[str, float]]) -> float:
    """P(yes) / (P(yes) + P(no)) over the alternatives of one token.

    Every spelling counts ("Yes", " yes", "YES."). A side missing from the list is given the
    probability of the least likely listed token, an upper bound on its true share, so a
    reply that names neither reads as 0.5 (undecided), never as certain.
    """
    yes = no = 0.0
    for token, logprob in top:
        word = token.strip(_TOKEN_TRIM).lower()
        if word in YES_WORDS:
            yes += math.exp(logprob)
        elif word in NO_WORDS:
            no += math.exp(logprob)
    floor = math.exp(min(logprob for _, logprob in top)) if top else 1.0
    yes = yes or floor
    no = no or floor
    return yes / (yes + no)


def http_completion(base_url: str, timeout: float = 120.0) -> CompletionFn:
    """A :data:`CompletionFn` that posts to ``{base_url}/chat/completions``."""
    url = f"{base_url.rstrip('/')}/chat/completions"

    def complete(body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                parsed: dict[str, Any] = json.loads(reply.read())
        except (OSError, ValueError) as exc:  # URLError, HTTPError and timeouts are OSErrors
            raise BackendUnavailable(f"the reader cannot reach the model at {url}: {exc}") from exc
        return parsed

    return complete


class ModelReader:
    """Scores candidate sentences against a question with a chat model's yes/no log-probability.

    Args:
        complete: sends one chat completion request (see :func:`http_completion`).
        prompts_dir: the folder holding ``reader.prompt``.
        model: the model name put in each request (llama.cpp serves one model and ignores it).
        top_logprobs: how many alternatives of the token to read; yes and no are nearly always
            among the first four.
        cache_prompt: let llama.cpp reuse the KV cache of the shared prompt prefix.
        max_sentence_chars: longer candidates are cut (prompt tokens are the cost on a CPU).
    """

    def __init__(
        self,
        complete: CompletionFn,
        prompts_dir: Path,
        model: str = "local",
        top_logprobs: int = 10,
        cache_prompt: bool = True,
        max_sentence_chars: int = 600,
    ) -> None:
        self.complete = complete
        self.prompt: Prompt = load_prompt(prompts_dir, PROMPT_NAME)
        self.model = model
        self.top_logprobs = top_logprobs
        self.cache_prompt = cache_prompt
        self.max_sentence_chars = max_sentence_chars

    @classmethod
    def bundled(
        cls, settings: Settings, model: str | None = None, cache_prompt: bool = True
    ) -> ModelReader:
        """A reader on the bundled local model (``settings.local_model`` unless ``model``),
        served by the process's shared llama.cpp server (the ``local`` generator's own).

        Raises:
            BackendUnavailable: the model packages or the llama.cpp runtime are missing.
        """
        from civassist.generation.llama_server import assemble_model, shared_server

        name = model or settings.local_model
        path = assemble_model(name, settings.cache_dir)
        server = shared_server(path, threads=settings.local_threads, ctx=settings.local_ctx)
        return cls(
            http_completion(server.base_url, timeout=settings.llm_timeout),
            settings.prompts,
            model=name,
            cache_prompt=cache_prompt,
        )

    def request(self, question: str, sentence: str) -> dict[str, Any]:
        """The chat completion request that asks about one candidate."""
        messages = self.prompt.render(
            question=" ".join(question.split()),
            sentence=" ".join(sentence.split())[: self.max_sentence_chars],
        )
        return {
            "model": self.model,
            "messages": [{"role": role, "content": text} for role, text in messages],
            "max_tokens": 1,
            "temperature": 0,
            "logprobs": True,
            "top_logprobs": self.top_logprobs,
            "cache_prompt": self.cache_prompt,
        }

    def judge(self, question: str, candidates: Sequence[str]) -> list[float]:
        """For each candidate, the probability in [0, 1] that it answers (part of) ``question``.

        Raises:
            BackendUnavailable: the model server cannot be reached or gives no log-probabilities.
        """
        return [
            yes_probability(first_token_logprobs(self.complete(self.request(question, sentence))))
            for sentence in candidates
        ]
