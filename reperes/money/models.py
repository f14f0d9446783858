"""Financements et versements."""
