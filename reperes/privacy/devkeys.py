"""Keys for a developer's machine: generated on first use, stored beside the SQLite database."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from cryptography.fernet import Fernet


def load_or_create(path: Path) -> tuple[list[str], str]:
    if path.exists():
        data = json.loads(path.read_text())
        return list(data["field_keys"]), str(data["blind_index_key"])
    data = {
        "field_keys": [Fernet.generate_key().decode()],
        "blind_index_key": secrets.token_urlsafe(48),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    path.chmod(0o600)
    return data["field_keys"], data["blind_index_key"]
