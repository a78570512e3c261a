"""The platform admin's back office, branded Simpul and in Indonesian. The audit trail is visible here (each row as
the sentence the trail pages show) but can never be changed. Where Simpul has its own page for a thing (a
cooperative's profile, a region's cooperatives), the admin's list links to it: platform staff work there."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.core.audit import audit_sentences
from simpul.core.exceptions import ApplicationError
from simpul.core.identifiers import phone_to_e164
from simpul.core.models import ApiToken, AuditLog, User

admin.site.site_header = gettext_lazy("Simpul platform administration")
admin.site.site_title = gettext_lazy("Simpul administration")
admin.site.index_title = gettext_lazy("Platform back office")
admin.site.site_url = "/"


def open_in_simpul(url: str) -> SafeString:
    """The "Open in Simpul" link of an admin list row: Simpul's own page for the thing."""
    return format_html('<a href="{}" data-testid="open-in-simpul">{}</a>', url, _("Open in Simpul"))


class _ContactRules(forms.ModelForm):
    """The same rules as every other way in: a phone number stored as +62…, an e-mail in lower case, each unique
    whatever its spelling (0812… and +62812…, Budi@X.id and budi@x.id are one login), and one of the two given."""

    def clean_phone(self) -> str | None:
        raw = (self.cleaned_data.get("phone") or "").strip()
        if not raw:
            return None
        try:
            phone = phone_to_e164(raw)
        except ApplicationError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        if User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this phone number."), code="duplicate_phone")
        return phone

    def clean_email(self) -> str | None:
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            return None
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail address."), code="duplicate_email")
        return email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(_("Give a phone number or an e-mail address."), code="no_contact")
        return cleaned


class UserAddForm(_ContactRules, AdminUserCreationForm):  # type: ignore[misc]
    pass


class UserEditForm(_ContactRules, UserChangeForm):  # type: ignore[misc]
    pass


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserAddForm
    form = UserEditForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "phone", "is_active", "is_staff", "api_access"]
    search_fields = ["full_name", "email", "phone"]
    list_filter = ["is_active", "is_staff", "is_superuser", "api_access"]
    fieldsets = (
        (None, {"fields": ("full_name", "email", "phone", "password")}),
        (
            gettext_lazy("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "api_access", "groups", "user_permissions")},
        ),
        (gettext_lazy("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("full_name", "email", "phone", "password1", "password2")}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "sentence", "actor", "cooperative", "region_code"]
    list_filter = ["event"]
    search_fields = ["target_label", "region_code"]
    list_select_related = ["actor", "cooperative"]
    date_hierarchy = "created_at"

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        """The page's sentences in one go (one query per kind of name they need, not one per row)."""
        changelist = super().get_changelist_instance(request)
        logs = list(changelist.result_list)  # fills the page's cache: the rows rendered are these objects
        for log, sentence in zip(logs, audit_sentences(logs, personal_data=True), strict=True):
            log.sentence = sentence  # type: ignore[attr-defined]
        return changelist

    @admin.display(description=gettext_lazy("What happened"))
    def sentence(self, log: AuditLog) -> str:
        found = getattr(log, "sentence", None)
        return found if found is not None else audit_sentences([log], personal_data=True)[0]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
