"""Records the admin shows but never lets anyone add or change there: the portal writes them itself, through its
services (a decision through its form, a credential through issuing). The one rule, for whole pages and inlines."""

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Shown, never added or changed in the admin. `deletable` lets someone with the model's delete permission
    remove a record (a lost second factor, say); by default nobody deletes one either."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record kept by the portal itself: shown in the admin, never added, changed or deleted there."""


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Rows shown under their parent, never added, changed or deleted there."""

    extra = 0
