"""The credentials vault: platform passwords and tokens encrypted at rest, read only by the roles the policy allows."""
