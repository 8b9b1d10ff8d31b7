def audit(obj, user, reason: str) -> None:
    """Name who makes the change and why, for the record django-simple-history writes when `obj` is saved."""
    obj._history_user = user
    obj._change_reason = reason
