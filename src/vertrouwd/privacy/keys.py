"""Where the pseudonymisation key lives: never in the database.

The key comes from `VERTROUWD_KEY` (the key itself) or from a key file: the path in
`VERTROUWD_KEY_FILE`, else `~/.config/vertrouwd/key` (under `XDG_CONFIG_HOME` when set).
`vertrouwd init` writes a new random key file with mode 0600.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from vertrouwd.errors import KeyMissingError, VertrouwdError

MIN_ENV_KEY_LENGTH = 16
MIN_DISTINCT = 8  # a key of fewer different characters (16 spaces, all zero bytes) guesses easily


def _weak(secret: bytes) -> bool:
    return len(set(secret)) < MIN_DISTINCT


@dataclass(frozen=True)
class Key:
    secret: bytes
    source: str

    @property
    def version(self) -> str:
        """A short fingerprint that tags every pseudonym, so a rotated key is visible."""
        digest = hashlib.sha256(b"vertrouwd-key-version\x00" + self.secret).digest()
        return digest[:2].hex().translate(str.maketrans("0123456789abcdef", "abcdefghijklmnop"))


def default_key_path() -> Path:
    if os.environ.get("VERTROUWD_KEY_FILE"):
        return Path(os.environ["VERTROUWD_KEY_FILE"]).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "vertrouwd" / "key"


def load_key(path: Path | None = None) -> Key:
    """The key from the environment, else from the key file; refuse without one."""
    env = os.environ.get("VERTROUWD_KEY")
    if env and path is None:
        if len(env) < MIN_ENV_KEY_LENGTH:
            raise KeyMissingError("key.env_too_short", minimum=MIN_ENV_KEY_LENGTH)
        if _weak(env.encode("utf-8")):
            raise KeyMissingError("key.weak", where="VERTROUWD_KEY", minimum=MIN_DISTINCT)
        return Key(env.encode("utf-8"), "VERTROUWD_KEY")
    path = path or default_key_path()
    if not path.exists():
        raise KeyMissingError("key.missing", path=path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyMissingError("key.too_open", path=path, mode=f"{mode:o}")
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise KeyMissingError("key.unreadable", path=path) from None
    if len(secret) < 16:
        raise KeyMissingError("key.unreadable", path=path)
    if _weak(secret):
        raise KeyMissingError("key.weak", where=path, minimum=MIN_DISTINCT)
    return Key(secret, str(path))


def create_key(path: Path | None = None) -> Path:
    """Write a new 256-bit key with mode 0600; never overwrite an existing key."""
    path = path or default_key_path()
    if path.exists():
        raise VertrouwdError("key.exists", path=path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    os.chmod(path, 0o600)
    return path
