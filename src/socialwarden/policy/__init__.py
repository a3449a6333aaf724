"""Policy as code: the schema, the loader with located errors, the shipped packs, and tools over them."""

from socialwarden.policy.loader import load_policy, pack_names, parse_policy
from socialwarden.policy.models import Policy

__all__ = ["Policy", "load_policy", "pack_names", "parse_policy"]
