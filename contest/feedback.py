from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError


def run_with_messages(request, action: Callable[[], object], success: str) -> bool:
    """Run a service for a button: its refusal or `success` becomes the page's message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
