"""Storage: SQLAlchemy 2 models, Alembic migrations, the Store unit of work, backups.

SQLite by default (a file in the user's data directory), PostgreSQL by URL.
"""
