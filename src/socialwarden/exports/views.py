"""API route for subject-access and FOI exports: everything stored about one person, as JSON or Markdown (the
same gathering as ``warden export person``, which writes the two files instead); audited."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from socialwarden.exports.service import markdown, person_data
from socialwarden.web import auth
from socialwarden.web.actor import actor

router = APIRouter(prefix="/exports", tags=["exports"])
Db = Annotated[Session, Depends(auth.db)]


class PersonQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    who: Annotated[str, Field(min_length=1, max_length=200, description="A handle, a name or a platform author id.")]
    format: Literal["json", "markdown"] = "json"


@router.post("/person", name="api.exports.person", response_class=JSONResponse,
             responses={200: {"content": {"application/json": {}, "text/markdown": {}}}})
def person(body: PersonQuery, request: Request, session: Db) -> Response:
    """Every post, comment, decision, action, complaint and mention about a person (404 when nothing is)."""
    data = person_data(session, policy=auth.state_of(request).policy, actor=actor(request, session).handle,
                       query=body.who)
    session.commit()
    if body.format == "markdown":
        return PlainTextResponse(markdown(data), media_type="text/markdown; charset=utf-8")
    return JSONResponse(data)
