"""One connector per platform for the life of a process, and the accounts' credentials held for a while."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from socialwarden.accounts.models import Account as GovAccount
from socialwarden.connectors import service
from socialwarden.connectors.base import Account, Connector
from socialwarden.connectors.http import Clock, RetryPolicy
from socialwarden.people.models import Person
from socialwarden.policy.models import Policy
from socialwarden.settings import Settings

__all__ = ["Connectors"]


@dataclass
class Connectors:
    """One connector per platform for the life of a process (pooled connections), and each account's
    credentials held in memory for ``credential_ttl`` seconds so a worker does not read (and audit) the vault
    every cycle; an account that needs reconnecting is read afresh next time."""

    retry: RetryPolicy | None = None
    clock: Clock | None = None
    credential_ttl: float = 900.0
    made: dict[str, Connector] = field(default_factory=dict)
    held: dict[int, tuple[float, Account]] = field(default_factory=dict)

    def account(self, session: Session, *, settings: Settings, policy: Policy, actor: Person, account: GovAccount,
                connector: Connector) -> Account:
        """The connector's view of the account, from memory while fresh, else from the vault (audited)."""
        now = time.monotonic()
        held = self.held.get(account.id)
        if held is not None and held[0] > now:
            return held[1]
        target = service.account_for(session, settings=settings, policy=policy, actor=actor, account=account,
                                     connector=connector)
        self.held[account.id] = (now + self.credential_ttl, target)
        return target

    def forget(self, account_id: int) -> None:
        self.held.pop(account_id, None)

    def get(self, platform: str) -> Connector:
        name = service.platform_name(platform)
        if name not in self.made:
            self.made[name] = service.connector_for(name, retry=self.retry, clock=self.clock)
        return self.made[name]

    def close(self) -> None:
        for connector in self.made.values():
            connector.close()

    @contextmanager
    def closing(self) -> Iterator[Connectors]:
        """``with Connectors().closing() as connectors:`` closes pooled connections at the end."""
        try:
            yield self
        finally:
            self.close()
