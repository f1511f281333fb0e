"""The evaluation harness: reference sets, metrics without an LLM judge, runs and reports."""
