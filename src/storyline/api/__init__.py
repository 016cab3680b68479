"""The HTTP API: read endpoints over ``storyline.browse`` and ``storyline.search``, and
background ingest jobs. :func:`storyline.server.create_app` assembles it with the web UI."""

from storyline.api.settings import ServerSettings

__all__ = ["ServerSettings"]
