"""Wiki edits about the organisation: asked for, and advised on by the roles the policy names (council officers)."""
