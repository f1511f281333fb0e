"""Generators behind one seam: extractive (no model), local (GGUF via llama.cpp), openai."""
