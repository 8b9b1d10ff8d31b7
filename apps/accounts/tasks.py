from celery import shared_task
from django.conf import settings

from .services import users_delete_unverified


@shared_task
def delete_unverified_accounts() -> int:
    return users_delete_unverified(older_than_days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS)
