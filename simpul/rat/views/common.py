"""What every side's RAT page shares: the files (served only to who may see the report) and the statements."""

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse

from simpul.core.exceptions import NotFoundError
from simpul.rat import deadlines
from simpul.rat.models import RatReport
from simpul.rat.selectors import report_events, state_of


def pdf_file(field: FieldFile, filename: str) -> FileResponse:
    if not field:
        raise NotFoundError.plain()
    response = FileResponse(field.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def report_context(report: RatReport, **extra: Any) -> dict[str, Any]:
    cooperative = report.cooperative
    return {
        "report": report,
        "state": state_of(cooperative, report.fiscal_year, report, cooperative.today()),
        "events": report_events(report),
        "f": report.figures,
        "meeting_due": deadlines.meeting_due(report.year_end),
        **extra,
    }
