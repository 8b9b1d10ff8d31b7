from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
from .selectors import notifications_for
from .services import (
    notification_mark_read,
    notifications_mark_all_read,
    user_export_personal_data,
    user_set_language,
    user_update_profile,
)


@login_required
def profile(request):
    return render(request, "accounts/profile.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def data_export(request):
    body = user_export_personal_data(user=request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="microcred-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """One's own notifications, newest first; a POST marks them all as read."""
    if request.method == "POST":
        notifications_mark_all_read(user=request.user)
        messages.success(request, _("All your notifications are marked as read."))
        return redirect("accounts:notifications")
    page = Paginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request, notification_id):
    """Mark one of one's own notifications as read and, when asked to open it, go where it points."""
    notification = get_object_or_404(notifications_for(request.user), pk=notification_id)
    notification_mark_read(notification=notification, user=request.user)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("accounts:notifications")


@require_POST
def set_language(request):
    """Django's language switch, which also remembers the choice in a signed-in user's profile. Routed as
    core:set_language (/i18n/setlang/) in config/urls.py, beside core's other language links."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_set_language(user=request.user, language=language)
    return response
