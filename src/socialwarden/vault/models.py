"""Encrypted secrets (ciphertext only; the key never touches the database), the redacted Secret type."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict
from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialwarden.store.base import Base

REDACTED = "[redacted]"


class Secret:
    """A secret value whose repr and str are redacted; call ``reveal()`` at the point of use only."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, spec: str) -> str:
        return REDACTED

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled")


class VaultSecret(Base):
    """One named credential of an account (e.g. "password", "api_token"), encrypted with the vault key."""

    __tablename__ = "vault_secrets"
    __table_args__ = (UniqueConstraint("account_id", "name", name="uq_vault_secrets_account_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    name: Mapped[str] = mapped_column(String(80))
    ciphertext: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    def __repr__(self) -> str:
        return f"VaultSecret(account_id={self.account_id!r}, name={self.name!r})"


class SecretInfo(BaseModel):
    """What may be shown about a stored secret: never its value."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    name: str
    updated_at: dt.datetime
    updated_by: str
