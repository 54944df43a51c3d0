"""Artefacts that leave the site: images, CSV, the data package, citations and the static export.

Every artefact carries what it shows, where it comes from and how sure it is.
"""
