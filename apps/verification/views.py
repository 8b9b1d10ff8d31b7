"""Public verification, no login anywhere: /verify/ (a code or a file), /verify/<code>/ (the answer)."""

import io

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from apps.certificates import codes
from apps.certificates.links import verify_url
from apps.core.ratelimit import client_hash, seconds_to_wait

from . import checks, events, files, kept_pages, page_parts, records
from .models import Channel


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=64,
        help_text=gettext_lazy("15 letters and digits, as printed on the certificate: XXXXX-XXXXX-XXXXX."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class FileForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Certificate file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The PDF certificate, or an Open Badges file (JSON or JWT); at most %(mb)s MB."
        ) % {"mb": settings.VERIFY_FILE_MAX_MB}


class InMemoryLimitedUpload(FileUploadHandler):
    """Keep an upload in memory, never on disk, and stop reading past the limit. The file is held once: the
    buffer hands its bytes over (getvalue() does not copy them), and reading the upload returns those bytes."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.VERIFY_FILE_MAX_MB * 1024 * 1024
        self.too_large = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)

    def file_complete(self, file_size):
        data = self.buffer.getvalue()
        self.buffer = None
        return InMemoryUploadedFile(
            io.BytesIO(data), self.field_name, self.file_name, self.content_type, len(data), None
        )


def log(request, channel: str, result: str, code: str = "") -> None:
    events.record(channel=channel, result=result, code=code, client=client_hash(request))


def _wait(request, group: str = "verify", setting: str = "VERIFY_RATE_LIMIT") -> int:
    """Count one check from this address: the pages and the API of a group count together (api.PublicCheckView;
    kept_pages.count_and_look_up counts in the same place)."""
    return seconds_to_wait(request, group, getattr(settings, setting))


def too_many(request, wait: int):
    response = render(request, "verification/429.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


@never_cache
def start(request):
    """The form; a code typed in any spelling goes to its canonical page."""
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    form = CodeForm({"code": raw} if raw is not None else None)
    if raw is not None and form.is_valid():
        wait = _wait(request)
        if wait:
            return too_many(request, wait)
        try:
            code = codes.normalize(form.cleaned_data["code"])
        except (codes.MistypedCode, codes.MalformedCode) as error:
            return _code_problem(request, form.cleaned_data["code"], error, status=200)
        return HttpResponseRedirect(reverse("verification:result", args=[code]))
    return render(request, "verification/start.html", {"form": form, "file_form": FileForm()})


@transaction.non_atomic_requests  # it only reads: no transaction around it
@never_cache
def result(request, code):
    try:
        canonical, problem = codes.normalize(code), None
    except (codes.MistypedCode, codes.MalformedCode) as error:
        canonical, problem = None, error
    language = get_language()
    printing = _print_view(request)
    # People who are not signed in (employers) get the page kept for exactly this state, if there is one, read
    # together with the request's count. The key is the code and the language only: no other query parameter
    # changes the page, so none makes a key.
    if canonical == code and not printing and kept_pages.may_keep(request, language):
        wait, kept = kept_pages.count_and_look_up(
            request,
            canonical,
            language,
            group="verify",
            rate=settings.VERIFY_RATE_LIMIT,
            channel=Channel.PAGE,
            client=client_hash(request),
        )
    else:
        wait, kept = _wait(request), None
    if wait:
        return too_many(request, wait)
    if problem is not None:
        return _code_problem(request, code, problem, status=404)
    if canonical != code:
        return HttpResponseRedirect(reverse("verification:result", args=[canonical]))
    if kept is not None and kept.served is not None:
        return HttpResponse(kept.served)  # counted and logged by the lookup itself
    if kept is not None and (page := kept.current_page()) is not None:
        verdict, html = page
        log(request, Channel.PAGE, verdict, canonical)
        return HttpResponse(html)
    if kept is not None:
        # A page no cache holds, for a reader who may be given a kept one: the credential from its verification
        # record when there is one (records.py; no database), else from the database; the standing of the
        # provider, version and signer may be kept under the global token read before, and the page is made from
        # kept parts (page_parts); it is kept and the check logged in one round trip.
        credential = records.decode(canonical, kept.record) if kept.record is not None else None
        if credential is not None:
            verification = checks.judge(credential, token=kept.tokens[0])
        else:
            verification = checks.verify(canonical, token=kept.tokens[0])
        html = page_parts.result_page(request, verification, canonical)
        client = client_hash(request)
        event = {"channel": Channel.PAGE, "result": verification.verdict, "code": canonical, "client": client}
        if verification.credential is None:
            events.record(**event)
            return HttpResponse(html, status=404)
        if credential is not None and not kept.asked_before:
            # From its record, asked for the first time: not kept (Lookup.asked_before); the check is logged.
            events.record(**event)
        else:
            kept_pages.keep(kept, verification, html, event=event, from_record=credential is not None)
        return HttpResponse(html)
    verification = checks.verify(canonical)
    log(request, Channel.PAGE, verification.verdict, canonical)
    context = {"v": verification, "code": canonical, "share_url": verify_url(canonical)}
    template = "verification/print.html" if printing else "verification/result.html"
    return render(request, template, context, status=200 if verification.credential else 404)


def _print_view(request) -> bool:
    """The print view (`?print=1`) is the one parameter that changes the page. It states the moment of the check,
    so it is never kept."""
    return bool(request.GET.get("print"))


def _code_problem(request, code: str, error: ValueError, *, status: int):
    """The form again, saying whether the code was mistyped (a wrong check symbol) or is not a code at all."""
    mistyped = isinstance(error, codes.MistypedCode)
    log(request, Channel.PAGE, checks.MISTYPED if mistyped else checks.MALFORMED)
    form = CodeForm({"code": code[:64]})
    form.is_valid()
    if mistyped:
        form.add_error(
            "code", _("This code is mistyped: one of its symbols is wrong. Check it against the certificate.")
        )
    else:
        form.add_error("code", _("This is not a verification code. A code has 15 letters and digits."))
    return render(request, "verification/start.html", {"form": form, "file_form": FileForm()}, status=status)


@csrf_exempt
def upload(request):
    """A file checked in memory and never stored (the upload handler keeps it off the disk)."""
    if request.method == "POST":
        request.upload_handlers = [InMemoryLimitedUpload(request)]
    return _upload(request)


@csrf_protect
@never_cache
def _upload(request):
    file_form = FileForm()
    if request.method == "POST":
        wait = _wait(request, "verify-upload", "VERIFY_UPLOAD_RATE_LIMIT")
        if wait:
            return too_many(request, wait)
        file_form = FileForm(request.POST, request.FILES)
        if getattr(request, "upload_too_large", False):
            file_form.add_error(None, _("The file is larger than %(mb)s MB.") % {"mb": settings.VERIFY_FILE_MAX_MB})
        elif file_form.is_valid():
            data = file_form.cleaned_data["file"].read()
            outcome = files.check_file(data)
            log(request, Channel.FILE, outcome.verdict, outcome.code)
            return render(request, "verification/file_result.html", {"outcome": outcome})
    return render(request, "verification/start.html", {"form": CodeForm(), "file_form": file_form})
