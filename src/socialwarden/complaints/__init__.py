"""The complaints register: complaint comments become complaint records with their own state and due date."""
