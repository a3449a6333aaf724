"""The signed-in caller as the services want them: a Person row in the request's session."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from socialwarden.exceptions import NotSignedIn
from socialwarden.people.models import Person
from socialwarden.web.auth import require_caller


def actor(request: Request, session: Session) -> Person:
    """The caller's Person (they were found moments ago by the route gate)."""
    person = session.get(Person, require_caller(request).user.id)
    if person is None:
        raise NotSignedIn("your person record no longer exists: sign in again")
    return person
