from django.contrib.auth import views as auth_views
from django.urls import path

from simpul.core import views, views_account

app_name = "core"

# The landing page and /beranda/ (names `core:landing`, `core:home`) are mounted in this namespace by simpul/urls.py
# from coops.views.landing: their data lives in coops, and core imports no domain app.

urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("masuk/", views_account.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/ubah/", views_account.PasswordChangeView.as_view(), name="password_change"),
    path("sandi/lupa/", views_account.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "sandi/atur/<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("akun/api/", views_account.api_access, name="api_access"),
    path("akun/token/", views_account.api_tokens, name="api_tokens"),
    path("akun/token/<int:token_id>/cabut/", views_account.api_token_revoke_view, name="api_token_revoke"),
]
