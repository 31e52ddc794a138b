"""The read-only public API under /api/: published cases, parties and the head of the case log.

Everything here follows the public pages' rules (incidents.public, `Incident.objects.public()`):
confidential sources are counted, never described, and no internal note leaves the database.
"""
