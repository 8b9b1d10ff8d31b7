from django.contrib import admin

from .models import FieldOfStudy, Language, NQFLevel


@admin.register(NQFLevel)
class NQFLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "eqf_level", "qf_ehea_cycle", "name_ka", "name_en"]


@admin.register(FieldOfStudy)
class FieldOfStudyAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "name_ka", "name_en"]
    list_filter = ["level"]
    search_fields = ["code", "name_ka", "name_en"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ka", "name_en"]
