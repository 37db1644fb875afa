"""Overlap: activities of different units that describe the same work."""
