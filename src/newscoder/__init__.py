"""newscoder."""
