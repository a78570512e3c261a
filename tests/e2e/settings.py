"""The application's own settings, with the collected static files in the browser tests' temporary folder.

Only STATIC_ROOT differs, so `collectstatic` for a test run never touches the checkout's staticfiles/.
"""

import os
from pathlib import Path

from simpul.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["SIMPUL_E2E_STATIC_ROOT"])
