"""Django's database sessions, read with one prepared statement (lean SQL, ADR 0005).

Every request of a logged-in person reads its session first: through the ORM that read cost about as much Python as
a till's whole stock lock. The row, the expiry rule and everything else are Django's own (`db.SessionStore`)."""

from functools import cache
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from simpul.core import lean_sql


@cache
def _read_sql() -> str:
    # Identifiers from the model, values as parameters.
    return (
        f"SELECT s.session_data FROM {lean_sql.table(Session, 's')} "  # noqa: S608
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        with lean_sql.cursor() as cursor:
            cursor.execute(_read_sql(), [key, timezone.now()])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return Session(session_key=key, session_data=row[0])  # load() reads the data only
