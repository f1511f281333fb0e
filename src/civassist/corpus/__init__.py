"""Knowledge files → documents → chunks."""
