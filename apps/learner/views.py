"""The learner's home page: their invitations, and each enrolment with its results once final and its
certificate."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.assessments.selectors import with_results
from apps.assessments.services import evaluation
from apps.certificates.links import linkedin_url, verify_url
from apps.certificates.selectors import learner_enrolments_with_credentials
from apps.enrolments.selectors import invitations_for, learner_enrolments


@login_required
def home(request):
    rows = []
    for enrolment in learner_enrolments_with_credentials(with_results(learner_enrolments(request.user))):
        final = enrolment.offering.results_finalised_at is not None
        components = list(enrolment.offering.version.components.all())
        credential = enrolment.live_credentials[0] if enrolment.live_credentials else None
        rows.append(
            {
                "enrolment": enrolment,
                "final": final,
                "outcome": evaluation(enrolment, components) if final else None,
                "results": enrolment.results.all() if final else [],
                "credential": credential,
                "share_url": verify_url(credential.code) if credential else "",
                "linkedin_url": linkedin_url(credential) if credential and credential.is_valid else "",
            }
        )
    invitations = invitations_for(request.user)
    return render(request, "learner/home.html", {"rows": rows, "invitations": invitations})
