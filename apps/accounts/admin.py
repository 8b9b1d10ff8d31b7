import allauth.mfa.admin  # noqa: F401 - registers Authenticator first, so that it can be replaced below
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from apps.core.admin_readonly import ReadOnlyAdmin

from .forms import AdminPasswordChangeForm, AdminUserChangeForm, AdminUserCreationForm
from .models import TwoFactorAuthenticator, User
from .permissions_i18n import translated_permissions_field


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    change_password_form = AdminPasswordChangeForm
    ordering = ["email"]
    list_display = [
        "email",
        "full_name_ka",
        "full_name_en",
        "preferred_language",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "first_name_ka", "last_name_ka", "first_name_en", "last_name_en"]
    readonly_fields = ["last_login", "date_joined", "privacy_accepted_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Personal info"),
            {"fields": ["first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"]},
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined", "privacy_accepted_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "user_permissions":
            return translated_permissions_field(db_field, request, formfield)
        return formfield

    @admin.display(description=_("name (Georgian script)"))
    def full_name_ka(self, obj):
        return obj.full_name_ka

    @admin.display(description=_("name (Latin script)"))
    def full_name_en(self, obj):
        return obj.full_name_en


# allauth registers its Authenticator under an English-only name; show the translated proxy instead.
admin.site.unregister(Authenticator)


@admin.register(TwoFactorAuthenticator)
class TwoFactorAuthenticatorAdmin(ReadOnlyAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    # The secret material (the `data` field) is never shown.
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    deletable = True  # removing a lost second factor lets its owner set up a new one


# Groups: the same admin as Django's, with permission names in the user's language.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "permissions":
            return translated_permissions_field(db_field, request, formfield)
        return formfield
