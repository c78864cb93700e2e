"""Refused input in the page's language: the field's label, what was expected (from the
problem's catalogue template when it has one), what was found."""

from __future__ import annotations

from slaledger.adapters.files.problems import Problem
from slaledger.adapters.i18n import render
from slaledger.adapters.web.i18n import Formatter

#: the label of each field of a form, as the form shows it (catalogue messages)
FIELD_LABELS = {
    "kind": "Kind",
    "start": "Start",
    "end": "End",
    "announced_at": "Announced at",
    "agreed_by_customer": "Agreed by the customer",
}


def problem_text(problem: Problem, fmt: Formatter) -> str:
    """'End: expected after the start 2024-03-13T18:00+01:00, found ...' in the page's
    language; a problem without a template keeps its English ``expected``."""
    # a problem of the whole file (a limit, its syntax) is named by the file
    label = fmt.gettext(FIELD_LABELS.get(problem.field, problem.field)) or problem.file
    expected = render(problem.expected, fmt.language)
    if problem.template:
        arguments = dict(problem.arguments)
        if arguments.get("field") == "start":
            arguments["field"] = fmt.gettext("the start")
        expected = fmt.gettext(problem.template).format(**arguments)
    return fmt.gettext("{field}: expected {expected}, found {found}").format(
        field=label, expected=expected, found=render(problem.found, fmt.language)
    )
