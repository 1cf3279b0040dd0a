# English pages keep Vietnam's day/month/year dates; only the number separators differ.
from config.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
