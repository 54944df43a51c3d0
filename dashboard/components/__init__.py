"""Reusable layout pieces (Dash components), built from data passed in."""
