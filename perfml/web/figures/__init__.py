"""Adapters between the web pages and perfml's core API: the figures of one year.

The web layer never computes an indicator: `build` asks the core API for the year's
figures once per warehouse version, `snapshot` holds them with the indexes the pages
look up, and `store` keeps the snapshot in memory and on disk, keyed by the warehouse
file's version, so that no request recomputes anything.
"""
