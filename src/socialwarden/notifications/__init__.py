"""Notifications: in-app and e-mail (SMTP) messages to the people a workflow step needs, each recorded."""
