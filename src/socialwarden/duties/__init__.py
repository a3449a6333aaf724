"""Periodic duties a scheduler runs (`warden duties run`): each reports what it found and did, once per day."""
