"""Passwords: checked for strength, hashed with Argon2id (argon2-cffi), verified.

Only the hash is ever stored; neither it nor the password is logged, printed or put in an error.
The hasher's parameters are the library's (RFC 9106's low-memory profile); a stored hash made with
older parameters is upgraded at the next successful login (`needs_rehash`).
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from agent.users.errors import WeakPassword

MIN_LENGTH = 8
MAX_LENGTH = 256  # long enough for any passphrase; hashing megabytes is a denial of service


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def check_password(password: str) -> str:
    """`password` when strong enough to store; raises `WeakPassword` otherwise."""
    if not password.strip() or not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise WeakPassword(MIN_LENGTH, MAX_LENGTH)
    return password


def hash_password(password: str) -> str:
    """The Argon2id hash of a checked password (a new salt each time)."""
    return _hasher().hash(check_password(password))


def password_matches(password_hash: str, password: str) -> bool:
    """Whether `password` is the one `password_hash` was made from."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def decoy_hash() -> str:
    """A hash to verify against when the login is unknown, so that answering takes as long."""
    return _hasher().hash("not a password anyone has")
