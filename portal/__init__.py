"""Site-wide parts with no records of their own: the shared cache, the page cache, rate limits,
error and fixed pages, /healthz and /readyz, previews, context processors and system checks.

The domain apps (``priorities``, ``safeguarding``) use these; ``portal`` imports neither.
"""
