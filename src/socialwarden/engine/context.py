"""What the engine needs to know besides the text: who posts, where, which way, when, and in what state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    OUTBOUND = "outbound"  # a post we (or a member of staff) want to publish
    INBOUND = "inbound"  # a comment or mention from a third party


@dataclass(frozen=True)
class Context:
    """The circumstances of a check. Defaults describe an outbound post on an official account."""

    direction: Direction = Direction.OUTBOUND
    author_role: str | None = None
    account_category: str | None = None
    personal: bool = False  # posting in a personal capacity (personal_accounts rules apply)
    incident: bool = False
    media_attached: bool = False
    consent_recorded: bool = False
    licence_recorded: bool = False
    post_kind: str | None = None  # e.g. "job_advert", for approval exemptions
    has_account_access: bool = False
    reply_to: str | None = None  # inbound: the text of the post being replied to (enables the off-topic check)
    # The day the text appears: a post's scheduled (or publication) day, a comment's day. It decides whether a
    # policy's election period is in force. None means today in the UK (Europe/London).
    on: dt.date | None = None

    @property
    def inbound(self) -> bool:
        return self.direction is Direction.INBOUND
