"""People and the policy roles they hold; what they may do comes from the policy's role permissions."""
