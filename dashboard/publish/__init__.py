"""What drives the whole app from outside: the static export of the site."""
