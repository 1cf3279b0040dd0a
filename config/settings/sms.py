"""Text messages (verification and password reset codes), read from the environment.

Imported at the end of config/settings/base.py. The sender is chosen by SMS_BACKEND:
"console" (the default) prints each message to standard output, as the console email
backend does, so `make run` shows the code; "http" hands it to the province's SMS
brandname or Zalo ZNS provider with the SMS_GATEWAY_* values below; a dotted path names a
sender class of one's own. Mistakes are reported by `manage.py check` (accounts/checks.py).
How to fill them in, with two worked examples: docs/sms.md.
"""

from .base import env, env_bool

SMS_BACKEND = env("SMS_BACKEND", "console").strip()
# The brandname (tên định danh) registered with the operators: {sender} in the templates.
SMS_SENDER_NAME = env("SMS_SENDER_NAME")
# "Ma xac minh" instead of "Mã xác minh": some brandname templates are registered without
# diacritics (không dấu), and a message with them costs a segment per 70 characters, not 160.
SMS_STRIP_DIACRITICS = env_bool("SMS_STRIP_DIACRITICS")

SMS_GATEWAY_URL = env("SMS_GATEWAY_URL").strip()
SMS_GATEWAY_METHOD = env("SMS_GATEWAY_METHOD", "POST").strip().upper()
# "json" or "form" (application/x-www-form-urlencoded); a GET sends the template as the query.
SMS_GATEWAY_CONTENT_TYPE = env("SMS_GATEWAY_CONTENT_TYPE", "json").strip().lower()
# Placeholders: {phone} (0912345678), {phone_international} (84912345678), {message},
# {code} (the digits of the one-time code) and {sender}. Empty: a default per content type.
SMS_GATEWAY_BODY = env("SMS_GATEWAY_BODY")
# One way to sign in, or none: HTTP basic, a bearer token, or a header of the provider's.
SMS_GATEWAY_USERNAME = env("SMS_GATEWAY_USERNAME")
SMS_GATEWAY_PASSWORD = env("SMS_GATEWAY_PASSWORD")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")
SMS_GATEWAY_HEADER_NAME = env("SMS_GATEWAY_HEADER_NAME").strip()
SMS_GATEWAY_HEADER_VALUE = env("SMS_GATEWAY_HEADER_VALUE")
# Other fixed headers, as a JSON object: {"X-Province": "soctrang"}.
SMS_GATEWAY_HEADERS = env("SMS_GATEWAY_HEADERS")
SMS_GATEWAY_TIMEOUT = float(env("SMS_GATEWAY_TIMEOUT", "10"))
# A 2xx answer is success; many providers also answer 200 to a refusal, so it may have to
# contain this text, or this JSON field (dotted: "result.code") may have to hold this value.
SMS_GATEWAY_SUCCESS_TEXT = env("SMS_GATEWAY_SUCCESS_TEXT")
SMS_GATEWAY_SUCCESS_FIELD = env("SMS_GATEWAY_SUCCESS_FIELD").strip()
SMS_GATEWAY_SUCCESS_VALUE = env("SMS_GATEWAY_SUCCESS_VALUE")

__all__ = [name for name in dir() if name.startswith("SMS_")]  # not env, env_bool
