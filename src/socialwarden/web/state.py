"""What the app holds for its lifetime: settings, the database engine, the policy, the signer, the throttle and
the per-person rate limit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from socialwarden.policy.models import Policy
from socialwarden.sessions.limits import ActionLimiter
from socialwarden.sessions.service import SignInThrottle
from socialwarden.settings import Settings
from socialwarden.web.security import Signer


@dataclass(frozen=True)
class AppState:
    settings: Settings
    engine: Engine
    policy: Policy
    signer: Signer
    throttle: SignInThrottle  # in the database: shared by every worker
    limiter: ActionLimiter  # the same
    templates: Jinja2Templates
