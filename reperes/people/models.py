"""Personnel et effectifs."""
