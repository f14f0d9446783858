"""Instances et réunions."""
