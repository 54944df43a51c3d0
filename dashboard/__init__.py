"""UK maternal outcome statistics: a public dashboard of published figures."""

__version__ = "0.1.0"
