"""Server-side wiring: the store the pages read, Flask routes, headers."""
