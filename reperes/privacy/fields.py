"""The encrypted text field lives in ``reperes.core.fields``; the first migrations of fieldwork
and privacy import it by this path (``reperes.privacy.fields.EncryptedTextField``), so it
stays."""

from reperes.core.fields import EncryptedTextField

__all__ = ["EncryptedTextField"]
