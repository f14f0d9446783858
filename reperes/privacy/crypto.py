"""Field encryption and blind indexes live in ``reperes.core.crypto`` (below every app that
stores a nominative field); this name stays for the code and tests that read them here."""

from reperes.core.crypto import InvalidToken, blind_index, decrypt, encrypt, normalise, rotate

__all__ = ["InvalidToken", "blind_index", "decrypt", "encrypt", "normalise", "rotate"]
