"""`python -m dashboard serve`: the development server, or gunicorn with --production."""

from __future__ import annotations

import sys

from dashboard.data.errors import DatasetError


def serve(host: str = "127.0.0.1", port: int = 8050, production: bool = False, workers: int | None = None) -> int:
    from dashboard.app import create_app

    try:
        app = create_app()
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Serving on http://{host}:{port}/", file=sys.stderr)
    app.run(host=host, port=port, debug=False)
    return 0
