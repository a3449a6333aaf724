"""Incident mode (ETT 11): declaring an incident suspends the categories the policy names; ending it restores them."""
