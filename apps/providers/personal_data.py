from .models import ProviderMembership


def memberships(user):
    return [
        {"provider": m.provider.legal_name_en, "role": m.role, "since": m.created_at.isoformat()}
        for m in ProviderMembership.objects.filter(user=user).select_related("provider")
    ]
