from django.contrib import admin

from .models import VerificationEvent


@admin.register(VerificationEvent)
class VerificationEventAdmin(admin.ModelAdmin):
    list_display = ["at", "channel", "result", "code"]
    list_filter = ["channel", "result"]
    search_fields = ["code"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
