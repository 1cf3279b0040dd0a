"""System checks: SMS settings that cannot work are reported before a code is ever sent."""

from django.conf import settings
from django.core import checks

from accounts import sms


@checks.register("sms")
def check_sms_settings(app_configs=None, **kwargs):
    try:
        sms.get_sender()
    except sms.SmsConfigurationError as error:
        return [
            checks.Error(problem, hint="See docs/sms.md.", id="accounts.E001")
            for problem in error.problems
        ]
    return []


@checks.register("sms", checks.Tags.security, deploy=True)
def check_sms_gateway_is_encrypted(app_configs=None, **kwargs):
    if settings.SMS_BACKEND != "http":
        return []
    try:
        sender = sms.get_sender()
    except sms.SmsConfigurationError:
        return []  # reported by check_sms_settings
    if sender.is_plain_http_off_machine:
        return [
            checks.Warning(
                "SMS_GATEWAY_URL is a plain http:// address: the gateway's credentials and "
                "every one-time code would cross the network unencrypted.",
                hint="Use your provider's https:// address.",
                id="accounts.W001",
            )
        ]
    return []
