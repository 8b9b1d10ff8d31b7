from django.contrib import admin

from apps.core.admin_readonly import ReadOnlyAdmin

from .models import VerificationEvent


@admin.register(VerificationEvent)
class VerificationEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "channel", "result", "code"]
    list_filter = ["channel", "result"]
    search_fields = ["code"]
    date_hierarchy = "at"
