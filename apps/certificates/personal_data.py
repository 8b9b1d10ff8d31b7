from .models import Credential


def credentials(user):
    return [
        {
            "code": c.code,
            "status": c.effective_status,
            "programme": c.snapshot.get("title", {}).get("en", ""),
            "issued_at": c.issued_at.isoformat(),
            "expires_at": c.expires_at.isoformat() if c.expires_at else None,
            "certified_content": c.snapshot,
            "public_may_download_pdf": c.show_pdf,
            "public_may_see_grade": c.show_grade,
        }
        for c in Credential.objects.filter(learner=user).order_by("issued_at")
    ]
