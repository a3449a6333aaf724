"""Account tables (accounts, their people, their documents) and pydantic views."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialwarden.people.models import Person
from socialwarden.store.base import Base


class AccountStatus(StrEnum):
    REQUESTED = "requested"
    RETURNED = "returned"  # an approver sent the request back with comments: the requester amends and resends it
    APPROVED = "approved"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


# the only moves an account may make; anything else is a Conflict
TRANSITIONS: dict[AccountStatus, frozenset[AccountStatus]] = {
    AccountStatus.REQUESTED: frozenset({AccountStatus.APPROVED, AccountStatus.RETURNED, AccountStatus.CLOSED}),
    AccountStatus.RETURNED: frozenset({AccountStatus.REQUESTED, AccountStatus.CLOSED}),
    AccountStatus.APPROVED: frozenset({AccountStatus.ACTIVE, AccountStatus.CLOSED}),
    AccountStatus.ACTIVE: frozenset({AccountStatus.SUSPENDED, AccountStatus.CLOSED}),
    AccountStatus.SUSPENDED: frozenset({AccountStatus.ACTIVE, AccountStatus.CLOSED}),
    AccountStatus.CLOSED: frozenset(),
}

STATUS_VALUES = ", ".join(f"'{s.value}'" for s in AccountStatus)


class MemberKind(StrEnum):
    DEPUTY = "deputy"  # stands in for the owner
    ACCESS = "access"  # may log in / post (GEN and ETT 5c keep this list)


class Account(Base):
    """One social media account the organisation registers, from request to closure."""

    __tablename__ = "accounts"
    __table_args__ = (UniqueConstraint("platform", "handle", name="uq_accounts_platform_handle"),
                      CheckConstraint(f"status IN ({STATUS_VALUES})", name="status"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(40))
    handle: Mapped[str] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(80))
    purpose: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # the request as amended; approvals are for one
    status_reason: Mapped[str | None] = mapped_column(Text)
    # set while an incident holds it suspended, so ending the incident restores exactly these
    suspended_by_incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    profile_text: Mapped[str] = mapped_column(Text, default="")
    has_logo: Mapped[bool] = mapped_column(Boolean, default=False)
    last_post_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # when its owner (or a deputy) last recorded looking at the site (Gosport 5: daily monitoring)
    last_monitored_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    requested_by: Mapped[Person] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    members: Mapped[list[AccountMember]] = relationship(back_populates="account", cascade="all, delete-orphan",
                                                        lazy="selectin")
    documents: Mapped[list[AccountDocument]] = relationship(back_populates="account",
                                                            cascade="all, delete-orphan", lazy="selectin")


class AccountMember(Base):
    """A deputy of an account, or a person on its access list."""

    __tablename__ = "account_members"
    __table_args__ = (CheckConstraint("kind IN ('deputy', 'access')", name="kind"),)

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    account: Mapped[Account] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")


class AccountDocument(Base):
    """Something the policy requires an account to have, recorded as present with where it is: a required
    document (Gosport 10, ``document_id`` = the RequiredDocument id) or a statement the site displays (Gosport 16,
    18, 19, 20: ``document_id`` = the ``notice`` account rule's id)."""

    __tablename__ = "account_documents"
    __table_args__ = (UniqueConstraint("account_id", "document_id", name="uq_account_documents_account_document"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    document_id: Mapped[str] = mapped_column(String(80))  # the policy's RequiredDocument id
    location: Mapped[str] = mapped_column(String(500))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    account: Mapped[Account] = relationship(back_populates="documents")


class Cited(BaseModel):
    """A clause reference: section and short quote of the written policy."""

    model_config = ConfigDict(frozen=True)

    section: str
    quote: str


class AccountOut(BaseModel):
    """An account as services and edges show it."""

    model_config = ConfigDict(frozen=True)

    id: int
    platform: str
    handle: str
    url: str | None
    category: str
    purpose: str
    owner: str | None  # handles, not ids, so output reads plainly
    requested_by: str
    status: AccountStatus
    revision: int
    status_reason: str | None
    suspended_by_incident_id: int | None
    deputies: list[str]
    access: list[str]
    profile_text: str
    has_logo: bool
    last_post_at: dt.datetime | None
    last_monitored_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class DocumentStatus(BaseModel):
    """One document the policy requires for an account, and whether it is on file."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    title: str
    present: bool
    location: str | None
    cite: Cited


class BrandingFinding(BaseModel):
    """A way an account's profile breaks the policy's branding rules (ETT 15)."""

    model_config = ConfigDict(frozen=True)

    account_id: int
    rule: str  # "logo_required", "logo_forbidden", "bio_phrase", "bio_name", "bio_role"
    message: str
    cite: Cited | None
