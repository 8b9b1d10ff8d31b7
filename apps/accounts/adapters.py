from allauth.account.adapter import DefaultAccountAdapter
from django.utils import timezone

from apps.core.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        for field in ("first_name_ka", "last_name_ka", "first_name_en", "last_name_en", "preferred_language"):
            setattr(user, field, data.get(field, "") or getattr(user, field))
        user.privacy_accepted_at = timezone.now()
        if commit:
            user.full_clean(exclude=["password"])
            user.save()
        return user

    def get_login_redirect_url(self, request):
        """Each person lands where their work is: NCEQE and staff in the admin, provider staff in the provider
        area, learners in their learning. A `next` address, when given, wins (allauth applies it first)."""
        from django.urls import reverse

        user = request.user
        if user.is_staff:
            return reverse("admin:index")
        if user.provider_memberships.exists():
            return reverse("providers:home")
        if user.enrolments.exists():
            return reverse("learner:home")
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Render in the current language, then hand delivery to Celery once the transaction commits."""
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), None)
        send_email.delay_on_commit(
            subject=message.subject, body=message.body, to=list(message.to), html=html, from_email=message.from_email
        )
