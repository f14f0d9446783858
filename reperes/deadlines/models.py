"""Échéances et calendrier."""
