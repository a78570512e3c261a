"""Stable codes of the potential map's refusals (the API answers them in `code`)."""

INVALID_FILE = "invalid_file"
INVALID_FEATURES = "invalid_features"
INVALID_ROWS = "invalid_rows"
INVALID_SURVEY = "invalid_survey"
OUTSIDE_REGION = "outside_region"
