"""Reading articles from files, directories and standard input."""

from .article import Article, normalized_text, text_sha256
from .readers import is_article_file, read_inputs

__all__ = ["Article", "is_article_file", "normalized_text", "read_inputs", "text_sha256"]
