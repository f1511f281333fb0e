"""The index: embeddings, the Chroma vector store and the BM25 lexical index."""
