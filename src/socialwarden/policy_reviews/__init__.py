"""Policy reviews: who reviewed the policy, when and with what outcome (GEN: the Committee reviews periodically)."""
