"""One small error hierarchy; every message says what went wrong and what to do."""


class StorylineError(Exception):
    """Base class for errors storyline reports to the user."""


class InputError(StorylineError):
    """An input could not be read or parsed; the message is ``path: problem``."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class FetchError(InputError):
    """A URL could not be fetched (refused, timed out, too large, HTTP error)."""


class StoreError(StorylineError):
    """The store is unusable (wrong schema version, not a storyline database)."""


class EngineError(StorylineError):
    """The engine cannot run: Dask missing, scheduler unreachable, workers not set up."""


class QueryError(StorylineError):
    """A search query or filter that cannot be answered; the message says how to fix it."""
