"""Citations as people read them: the pack's own name for its document and the cited section's title.

A pack's citations name a section and quote it; ``resolve`` fills in the source file (kept for the JSON),
the document's short title and the section's title from ``policy.source``, so ``Citation.label`` reads
"Gosport social media policy §19 (Social media site content)".
"""

from __future__ import annotations

from socialwarden.policy.models import Citation, Policy


def resolve(policy: Policy, cite: Citation) -> Citation:
    """``cite`` with its source file, document name and section title filled in from the policy header."""
    src = policy.policy.source
    own = cite.source is None or cite.source == src.file
    update: dict[str, str] = {}
    if cite.source is None:
        update["source"] = src.file
    if cite.document is None and own:
        update["document"] = src.name
    if cite.title is None and own:
        title = src.section_title(cite.section)
        if title:
            update["title"] = title
    return cite.model_copy(update=update) if update else cite


def to_json(cite: Citation) -> dict[str, str | None]:
    """The JSON shape of a citation: what a person reads (``label``) and where it comes from."""
    return {"label": cite.label, "source": cite.source, "document": cite.document, "section": cite.section,
            "title": cite.title, "quote": cite.quote}
