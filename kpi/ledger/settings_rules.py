"""`settings.yaml` validated."""

from __future__ import annotations

from kpi.errors import Finding
from kpi.files.validation import validate_as
from kpi.files.yamlsource import YamlDocument
from kpi.i18n import _
from kpi.model.models import Settings


def check_settings(document: YamlDocument) -> tuple[Settings | None, list[Finding]]:
    """`settings.yaml` validated: the settings (None when invalid) and every finding, at its line."""
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        return None, [
            *document.problems,
            document.finding((), _("settings must be a mapping of names to values, e.g. thresholds: and record:")),
        ]
    settings, findings = validate_as(Settings, data, document)
    return settings, [*document.problems, *findings]
