"""Persistence: SQLite by default (WAL), PostgreSQL when WARDEN_DATABASE_URL says so."""
