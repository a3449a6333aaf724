"""Approvals of accounts and policy exceptions by the roles the policy names (ApprovalRule all_of / any_of)."""
