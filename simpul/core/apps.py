from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "simpul.core"
    label = "core"
    verbose_name = gettext_lazy("People and audit trail")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from simpul.core.sessions import session_started

        # Every way of logging in (the login page, a reset link, an invitation, the test client) starts the clock
        # of the idle and absolute session limits.
        user_logged_in.connect(session_started, dispatch_uid="simpul_session_started")

        # The audit trail's sentences for core's own rows (each app registers its own).
        from simpul.core import audit_sentences

        audit_sentences.register()
