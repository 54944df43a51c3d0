"""Plain-English text generated from the data, and the safe-messaging checks it must pass."""
