"""Exact text of validation messages for mistakes project managers really make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.data.validate import validate
from generator.errors import DataError
from tests.support.broken_cases import CASES
from tests.support.projects import EXAMPLE_DATA

CONTROL_HINT = (
    "    hint: delete it (most editors do not show it); a text holds letters, digits, punctuation, spaces, tabs and line breaks\n"
)

EXPECTED = {
    "date_dd_mm_yyyy": (
        "data/milestones.yaml:4: milestone M-01, field 'baseline': '30/01/2026' is not a date in the form YYYY-MM-DD\n"
        "    hint: write it as 2026-01-30\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_impossible": (
        "data/milestones.yaml:13: milestone M-02, field 'baseline': '2026-02-30' is not a real date\n"
        "    hint: check the day and month (YYYY-MM-DD)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_with_words": (
        "data/risks.yaml:19: risk R-002, field 'raised': '1st of February' is not a date in the form YYYY-MM-DD\n"
        "    hint: write dates as YYYY-MM-DD, for example 2026-03-31\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "rating_6": (
        "data/feedback.csv:3: feedback FB-0002, field 'rating': 6 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "rating_text": (
        "data/feedback.csv:6: feedback FB-0005, field 'rating': 'five' is not a whole number\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "unknown_milestone_in_risk": (
        "data/risks.yaml:11: risk R-001, field 'milestones': no milestone has the id 'M-09'\n"
        "    hint: use the id of a milestone in data/milestones.yaml\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "milestone_id_wrong_case": (
        "data/risks.yaml:11: risk R-001, field 'milestones': no milestone has the id 'm-02'\n"
        "    hint: did you mean 'M-02'?\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "missing_csv_column": (
        "data/feedback.csv:1: the required column 'action' is missing from the header\n"
        "    hint: add the column 'action' (one of received, planned, done, declined)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "tab_indent": (
        "data/milestones.yaml:12:1: YAML syntax error: a tab character is used for indentation\n"
        "    hint: indent with spaces only (set your editor to insert spaces for tabs)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "duplicate_id": (
        "data/milestones.yaml:18: milestone M-02, field 'id': the same id is already used on line 9\n"
        "    hint: give each record its own id\n"
        "    2 more problems may follow from this one:\n"
        "        data/changes.yaml:9: change request CR-01, field 'milestones': no milestone has the id 'M-03'\n"
        "        data/milestones.yaml:24: milestone M-02, field 'dependencies': 'M-02' refers to the record itself\n"
        "Aborted: 3 problems in 2 files\n"
    ),
    "ids_differ_by_case": (
        "data/changes.yaml:10: change request cr-01, field 'id': 'cr-01' does not have the expected form\n"
        "    hint: write it like CR-01\n"
        "    1 more problem may follow from this one:\n"
        "        data/feedback.csv:5: feedback FB-0004, field 'change': no change request has the id 'CR-02'\n"
        "Aborted: 2 problems in 2 files\n"
    ),
    "duplicate_key": (
        "data/risks.yaml:18: the key 'owner' appears twice in one record (first on line 17)\n"
        "    hint: keep one of the two lines\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "status_capitalised": (
        "data/milestones.yaml:23: milestone M-03, field 'status': 'Planned' is not allowed\n"
        "    hint: did you mean 'planned'? Allowed: planned, in_progress, at_risk, done, cancelled\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "status_unknown": (
        "data/risks.yaml:7: risk R-001, field 'status': 'handled' is not allowed\n"
        "    hint: use one of open, mitigating, closed, occurred\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "likelihood_zero": (
        "data/risks.yaml:4: risk R-001, field 'likelihood': 0 is below the minimum 1\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "impact_above_max": (
        "data/risks.yaml:16: risk R-002, field 'impact': 6 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "likelihood_word": (
        "data/risks.yaml:15: risk R-002, field 'likelihood': 'high' is not a whole number\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "done_without_date": (
        "data/milestones.yaml:6: milestone M-01, field 'done': is done but has no done date\n"
        "    hint: add 'done: YYYY-MM-DD' with the delivery date\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "done_date_not_done": (
        "data/milestones.yaml:24: milestone M-03, field 'done': has a done date but its status is 'planned'\n"
        "    hint: set 'status: done', or remove the done date\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "two_active_sprints": (
        "data/sprints.yaml:25: sprint 3, field 'state': is active, but sprint 2 is active too\n"
        "    hint: only one sprint is active at a time; close the earlier one\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "sprint_end_before_start": (
        "data/sprints.yaml:4: sprint 1, field 'end': ends on 2026-02-13, before it starts on 2026-03-02\n"
        "    hint: swap the dates or fix the year\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "field_typo": (
        "data/milestones.yaml:9: milestone M-02, field 'title': is missing\n"
        "    hint: add a value\n"
        "data/milestones.yaml:10: milestone M-02: unknown field 'titel'\n"
        "    hint: did you mean 'title'?\n"
        "Aborted: 2 problems in 1 file\n"
    ),
    "required_missing": (
        "data/risks.yaml:21: risk R-003, field 'owner': is missing\n    hint: add a value\nAborted: 1 problem in 1 file\n"
    ),
    "open_risk_no_review": (
        "data/risks.yaml:18: risk R-002, field 'next_review': is open but has no next review date\n"
        "    hint: add 'next_review: YYYY-MM-DD'\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "done_feedback_no_response": (
        "data/feedback.csv:6: feedback FB-0005, field 'response': is done but has no response\n"
        "    hint: say in 'response' what was done, or why it was declined\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "unquoted_comma": (
        "data/feedback.csv:5: feedback FB-0004: the row has 17 values but the header has 15 columns\n"
        "    hint: put values that contain a comma in double quotes\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "unknown_segment": (
        "data/feedback.csv:4: feedback FB-0003, field 'segment': no segment has the id 'board'\n"
        "    hint: use the id of a segment in data/project.yaml\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "decided_without_date": (
        "data/changes.yaml:14: change request CR-02, field 'decided': is rejected but has no decision date\n"
        "    hint: add 'decided: YYYY-MM-DD'\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_colon_in_text": (
        "data/milestones.yaml:2:19: YAML syntax error: a ':' appears where YAML does not expect one\n"
        "    hint: put text that contains ': ' in double quotes\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_unclosed_quote": (
        "data/sprints.yaml:5:9: YAML syntax error: a quoted text starts here and is never closed\n"
        "    hint: add the closing quote\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_alias": (
        "data/milestones.yaml:20:10: YAML syntax error: aliases (*name) are not allowed in Glasshouse data; write the value out in full\n"
        "    hint: remove the '*' alias and repeat the value\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "latin1_file": (
        "data/risks.yaml:2: the file is not UTF-8 text (byte 0xE9 at column 20)\n"
        "    hint: save the file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "utf16_file": (
        "data/changes.yaml: the file is UTF-16 text, not UTF-8\n"
        "    hint: save the file with the encoding UTF-8\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "empty_file": (
        "data/project.yaml: the file is empty\n"
        "    hint: restore its content from git (git checkout -- FILE)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "missing_file": (
        "data/changes.yaml: the file is missing\n"
        "    hint: create data/changes.yaml; `glasshouse new` shows an example\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "dependency_cycle": (
        "data/milestones.yaml:5: milestone M-01, field 'dependencies': dependencies go round in a circle: M-01 -> M-03 -> M-02 -> M-01\n"
        "    hint: remove one of these dependencies\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "self_dependency": (
        "data/milestones.yaml:24: milestone M-03, field 'dependencies': 'M-03' refers to the record itself\n"
        "    hint: remove it from the list\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "feedback_in_future": (
        "data/feedback.csv:6: feedback FB-0005, field 'date': 2027-03-31 is after the status date 2026-03-31\n"
        "    hint: feedback cannot come from the future; check the year\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "status_date_in_future": (
        "data/project.yaml:7: field 'as_of': 2126-03-31 is in the future\n"
        "    hint: the status date is the day the status describes, today at the latest; check the year\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "email_invalid": (
        "data/project.yaml:25: contact C-02, field 'email': 'bo at example.org' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "consent_maybe": (
        "data/feedback.csv:4: feedback FB-0003, field 'consent': 'maybe' is not one of yes, true, no, false, empty\n"
        "    hint: write yes or no\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "segment_without_contact": (
        "data/project.yaml:14: segment users: has no contact\n    hint: add a contact with 'segment: users'\nAborted: 1 problem in 1 file\n"
    ),
    "list_as_text": (
        "data/milestones.yaml:17: milestone M-02, field 'dependencies': 'M-01' is text, not a list\n"
        "    hint: write a list: [M-01]\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "boolean_as_title": (
        "data/changes.yaml:11: change request CR-02, field 'title': true is read by YAML as true/false, not text\n"
        "    hint: put the value in double quotes\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "negative_points": (
        "data/sprints.yaml:15: sprint 2, field 'committed': -22 is below the minimum 0\n"
        "    hint: use a whole number from 0 to 10000\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "unknown_csv_column": (
        "data/feedback.csv:1: unknown column 'respondant'\n    hint: did you mean 'respondent'?\nAborted: 1 problem in 1 file\n"
    ),
    "nested_mapping_value": (
        "data/risks.yaml:17: risk R-002, field 'owner': is a nested block, not a single value\n"
        "    hint: write one value: text\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "not_a_list": (
        "data/milestones.yaml:1: expected a list of milestone records, each starting with '- id:'\n"
        "    hint: see the example project (`glasshouse new`)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "empty_csv": ("data/feedback.csv: the file is empty\n    hint: it needs at least the header line\nAborted: 1 problem in 1 file\n"),
    "missing_csv": (
        "data/feedback.csv: the file is missing\n"
        "    hint: create data/feedback.csv with its header line; `glasshouse new` shows an example\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "latin1_csv": (
        "data/feedback.csv:2: the file is not UTF-8 text (byte 0xE9 at column 38)\n"
        "    hint: save the file as UTF-8 (in Excel: 'CSV UTF-8'; in an editor: encoding UTF-8)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "utf16_csv": (
        "data/feedback.csv: the file is UTF-16 text, not UTF-8\n"
        "    hint: save the file with the encoding UTF-8\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "binary_csv": (
        "data/feedback.csv: the file is binary, not text\n"
        "    hint: replace data/feedback.csv with the text file it should be\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "billion_laughs": (
        "data/risks.yaml:2:8: YAML syntax error: aliases (*name) are not allowed in Glasshouse data; write the value out in full\n"
        "    hint: remove the '*' alias and repeat the value\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "deep_nesting": (
        "data/risks.yaml:1:22: YAML syntax error: the data is nested more than 20 levels deep\n"
        "    hint: Glasshouse records are flat: a field holds text, a number, a date or a list\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "comments_only": (
        "data/project.yaml: the file holds no data (only comments)\n    hint: restore its content from git\nAborted: 1 problem in 1 file\n"
    ),
    "csv_row_too_short": (
        "data/feedback.csv:6: feedback FB-0005: the row has 6 values but the header has 15 columns\n"
        "    hint: every row needs a value (or an empty place) for each column\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "csv_row_missing_value": (
        "data/feedback.csv:6: feedback FB-0005: the row has 14 values but the header has 15 columns\n"
        "    hint: every row needs a value (or an empty place) for each column; the value missing is most likely the one for 'rating'\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "csv_unclosed_quote": (
        "data/feedback.csv:5:41: feedback FB-0004, field 'quote': a double quote opens this value and is never closed on its line, "
        "so the value runs on to the end of the file (line 6), swallowing the row on line 6 (feedback FB-0005)\n"
        "    hint: close the value with a double quote where it ends, before the comma of the next value: "
        '"Can I book by fax?" (a double quote inside a value is written twice: "")\n'
        "Aborted: 1 problem in 1 file\n"
    ),
    "csv_inner_quotes": (
        "data/feedback.csv:5:41: feedback FB-0004, field 'quote': "
        "the double quote before 'fax\" instead?\",yes,Gus Exam...' ends this double-quoted value early\n"
        '    hint: write each double quote inside a double-quoted value twice: "Can I book by ""fax"" instead?"\n'
        "Aborted: 1 problem in 1 file\n"
    ),
    "csv_quote_swallows_row": (
        "data/feedback.csv:4:51: feedback FB-0003, field 'quote': a double quote opens this value and is never closed on its line, "
        "so the value runs on to a double quote on line 5, swallowing the row on line 5 (feedback FB-0004)\n"
        "    hint: close the value with a double quote where it ends, before the comma of the next value: "
        '"Monthly reports, please." (a double quote inside a value is written twice: "")\n'
        "Aborted: 1 problem in 1 file\n"
    ),
    "duplicate_csv_column": (
        "data/feedback.csv:1: the column 'theme' appears twice in the header\n"
        "    hint: keep one of the two columns\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "nan_likelihood": (
        "data/risks.yaml:4: risk R-001, field 'likelihood': nan is not a finite number\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "infinite_points": (
        "data/sprints.yaml:15: sprint 2, field 'committed': inf is not a finite number\n"
        "    hint: use a whole number from 0 to 10000\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "nan_rating_csv": (
        "data/feedback.csv:3: feedback FB-0002, field 'rating': 'NaN' is not a whole number\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_month_13": (
        "data/changes.yaml:13: change request CR-02, field 'date': '2026-13-20' is not a real date\n"
        "    hint: check the day and month (YYYY-MM-DD)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "internal_field_unknown": (
        "data/risks.yaml:9: risk R-001, field 'internal_fields': 'mitigaton' is not a field of a risk\n"
        "    hint: did you mean 'mitigation'? fields that can be internal: description, mitigation, next_review, milestones\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "internal_field_required": (
        "data/milestones.yaml:17: milestone M-02, field 'internal_fields': 'title' is required, so it cannot be kept internal\n"
        "    hint: to keep the whole milestone to the project team, set 'visibility: internal'\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "internal_fields_as_text": (
        "data/changes.yaml:8: change request CR-01, field 'internal_fields': 'rationale' is not a list\n"
        "    hint: write a list: [first, second] or one '- item' per line\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "phone_national": (
        "data/project.yaml:26: contact C-02, field 'phone': '(020) 7946-0123' does not have the expected form\n"
        "    hint: write it like +44 20 7946 0123 (a plus sign and the country code, then the number; spaces allowed)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "respondent_email_invalid": (
        "data/feedback.csv:2: feedback FB-0001, field 'respondent_email': 'Dee Example' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "data/feedback.csv:3: feedback FB-0002, field 'respondent_email': 'Eve Example' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "data/feedback.csv:4: feedback FB-0003, field 'respondent_email': 'Fay Example' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "data/feedback.csv:5: feedback FB-0004, field 'respondent_email': 'Gus Example' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "data/feedback.csv:6: feedback FB-0005, field 'respondent_email': 'Hal Example' does not have the expected form\n"
        "    hint: write it like name@example.org\n"
        "Aborted: 5 problems in 1 file\n"
    ),
    "yaml_control_character": (
        "data/risks.yaml:13:14: the file holds the control character U+0007, which YAML does not allow\n"
        "    hint: delete it (most editors do not show it); to keep a special character in a text, write it as an escape in double quotes\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_escaped_control_character": (
        "data/risks.yaml:13: risk R-002, field 'title': 'Low \\x1b[2Jadoption' holds the control character U+001B\n"
        + CONTROL_HINT
        + "Aborted: 1 problem in 1 file\n"
    ),
    "csv_c1_control_character": (
        "data/feedback.csv:3: feedback FB-0002, field 'quote': "
        "'I want a reminder\\x9b the day before.' holds the control character U+009B\n" + CONTROL_HINT + "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_tag_binary": (
        "data/risks.yaml:13:10: risk R-002, field 'title': the YAML tag '!!binary' is not allowed in Glasshouse data\n"
        "    hint: remove the tag; write the value as text, a number, a date or true/false\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_tag_python": (
        "data/risks.yaml:17:10: risk R-002, field 'owner': "
        "the YAML tag '!!python/object/apply:os.system' is not allowed in Glasshouse data\n"
        "    hint: remove the tag; write the list with '- ' lines or [ ]\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_tag_unknown": (
        "data/risks.yaml:18:11: risk R-002, field 'status': the YAML tag '!state' is not allowed in Glasshouse data\n"
        "    hint: remove the tag; write the value as text, a number, a date or true/false\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_tag_on_a_record": (
        "data/risks.yaml:21:3: the YAML tag '!!set' is not allowed in Glasshouse data\n"
        "    hint: remove the tag; write the record as 'field: value' lines\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_tag_on_a_key": (
        "data/risks.yaml:18:3: the YAML tag '!!binary' is not allowed in Glasshouse data\n"
        "    hint: remove the tag; a field name is plain text\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "integer_of_5000_digits": (
        "data/risks.yaml:15: risk R-002, field 'likelihood': '" + "9" * 37 + "...' is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "integer_of_5000_digits_csv": (
        "data/feedback.csv:3: feedback FB-0002, field 'rating': '" + "4" * 37 + "...' is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "float_beyond_double": (
        "data/sprints.yaml:15: sprint 2, field 'committed': '1.0e+400' is not a whole number\n"
        "    hint: use a whole number from 0 to 10000\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "timestamp_tag": (
        "data/risks.yaml:19: risk R-002, field 'raised': 2026-02-01 10:00:00 is a date and time\n"
        "    hint: write the date only: 2026-02-01\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "timestamp_tag_not_a_date": (
        "data/risks.yaml:19: risk R-002, field 'raised': 'soon' is not a date in the form YYYY-MM-DD\n"
        "    hint: write dates as YYYY-MM-DD, for example 2026-03-31\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_and_time": (
        "data/milestones.yaml:13: milestone M-02, field 'baseline': '2026-04-15T10:00:00Z' is a date and time\n"
        "    hint: write the date only: 2026-04-15\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_and_time_csv": (
        "data/feedback.csv:3: feedback FB-0002, field 'date': '2026-03-10 10:00' is a date and time\n"
        "    hint: write the date only: 2026-03-10\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "key_is_a_list": (
        "data/risks.yaml:18:5: a field name is a list, not text\n"
        "    hint: write 'name: value', with the field's name before the ':'\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "key_is_a_number": (
        "data/risks.yaml:18: risk R-002: unknown field '1'\n"
        "    hint: remove it, or see the data reference for the fields of risks\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "key_is_null": (
        "data/risks.yaml:18: risk R-002: unknown field '~'\n"
        "    hint: remove it, or see the data reference for the fields of risks\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "two_documents": (
        "data/changes.yaml:2:1: YAML syntax error: a second YAML document starts here (a line '---'); a data file holds one\n"
        "    hint: remove the '---' line, or move what follows it into the one document\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    # Values quoted with every control character escaped: none can start a line of its own.
    "value_forging_a_command": (
        "data/risks.yaml:18: risk R-002, field 'status': 'open\\n::error file=data/project.yaml::...' is not allowed\n"
        "    hint: use one of open, mitigating, closed, occurred\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "id_with_escape_sequence": (
        "data/risks.yaml:12: risk 'R-002\\x1b[2J\\x1b[H', field 'id': 'R-002\\x1b[2J\\x1b[H' holds the control character U+001B\n"
        + CONTROL_HINT
        + "Aborted: 1 problem in 1 file\n"
    ),
    "key_with_bidi_override": (
        "data/risks.yaml:18: risk R-002: unknown field '\\u202eowner'\n    hint: did you mean 'owner'?\nAborted: 1 problem in 1 file\n"
    ),
    "csv_id_forging_a_command": (
        "data/feedback.csv:3: feedback 'FB-0002\\n::warning::forged', field 'id': "
        "'FB-0002\\n::warning::forged' does not have the expected form\n"
        "    hint: write it like FB-0001\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "reference_forging_a_command": (
        "data/milestones.yaml:17: milestone M-02, field 'dependencies': no milestone has the id 'M-01\\r\\n##[error]forged'\n"
        "    hint: use the id of a milestone in data/milestones.yaml\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "csv_header_with_escape": (
        "data/feedback.csv:1: unknown column '\\x1b[31mrespondent'\n    hint: did you mean 'respondent'?\nAborted: 1 problem in 1 file\n"
    ),
    "yaml_escape_surrogate": (
        "data/risks.yaml:13: risk R-002, field 'title': 'Low \\ud83d adoption' holds U+D83D, half of a surrogate pair and no character\n"
        "    hint: write the character itself, or its escape with eight digits (\\U0001F600)\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_escape_past_unicode": (
        "data/risks.yaml:13:17: YAML syntax error: an escape in double quotes names no character (the last is \\U0010FFFF)\n"
        "    hint: check the digits after \\U or \\u, or write the character itself\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_year_9999": (
        "data/project.yaml:7: field 'as_of': '9999-12-31' is not between the years 1900 and 2199\n"
        "    hint: check the year\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "date_year_1_csv": (
        "data/feedback.csv:3: feedback FB-0002, field 'date': '0001-03-10' is not between the years 1900 and 2199\n"
        "    hint: check the year\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "dependency_circle_of_1500": (
        "data/milestones.yaml:7: milestone M-01, field 'dependencies': dependencies go round in a circle: "
        "M-01 -> M-02 -> M-03 -> M-0004 -> M-0005 -> (1,492 more) -> M-1498 -> M-1499 -> M-1500 -> M-01\n"
        "    hint: remove one of these dependencies\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "experience_owner_internal": (
        "data/project.yaml:9: project, field 'experience_owner': 'C-01' is a contact marked 'visibility: internal', "
        "and the public site shows the experience owner's name, role and e-mail address\n"
        "    hint: name a public contact here, or make contact C-01 public (remove its 'visibility: internal')\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "segment_only_internal_contacts": (
        "data/project.yaml:14: segment users: has no public contact: C-03 is internal, and the public site names a contact "
        "for every segment\n"
        "    hint: add a public contact with 'segment: users', or make contact C-03 public (remove its 'visibility: internal')\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "owner_names_internal_contact": (
        "data/milestones.yaml:12: milestone M-02, field 'owner': 'Bo Sponsor' names contact C-02, which is marked "
        "'visibility: internal'\n"
        "    hint: name a public contact or a role here, or make contact C-02 public (remove its 'visibility: internal')\n"
        "data/risks.yaml:6: risk R-001, field 'owner': 'Bo Sponsor' names contact C-02, which is marked "
        "'visibility: internal'\n"
        "    hint: name a public contact or a role here, or make contact C-02 public (remove its 'visibility: internal')\n"
        "Aborted: 2 problems in 2 files\n"
    ),
    # A row with too many values still reports the wrong values that are in their places.
    "csv_comma_and_bad_values": (
        "data/feedback.csv:3: feedback FB-0002: the row has 16 values but the header has 15 columns\n"
        "    hint: put values that contain a comma in double quotes\n"
        "data/feedback.csv:3: feedback FB-0002, field 'date': '2026/03/10' is not a date in the form YYYY-MM-DD\n"
        "    hint: write it as 2026-03-10\n"
        "data/feedback.csv:3: feedback FB-0002, field 'rating': 6 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 3 problems in 1 file\n"
    ),
    "yaml_field_indented_more": (
        "data/milestones.yaml:12:4: YAML syntax error: 'owner' is indented further than 'description' on line 11, "
        "so YAML reads it as part of the value of 'description'\n"
        "    hint: check the indentation: start 'owner' in column 3, like 'description' (it starts in column 4); "
        "if it is part of that text, put the whole text in double quotes\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_field_indented_less": (
        "data/risks.yaml:17:2: YAML syntax error: 'owner' is indented differently from the fields above it\n"
        "    hint: check the indentation: 'owner' starts in column 2, but 'impact' on line 16 starts in column 3; "
        "the fields of one record start in the same column\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "yaml_list_item_out_of_line": (
        "data/project.yaml:14:2: YAML syntax error: this list item is out of line with the items above it\n"
        "    hint: check the indentation: this '-' is in column 2, but the '-' on line 12 is in column 3; "
        "the items of one list start in the same column\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "login_in_a_description_link": (
        "data/milestones.yaml:11: milestone M-02, field 'description': the address 'https://…@wiki.example.org' holds a login, "
        "which would be published with it\n"
        "    hint: remove the user name and password before '@' from the address; if it held a password or a token, change it too\n"
        "Aborted: 1 problem in 1 file\n"
    ),
    "login_in_a_plain_field": (
        "data/feedback.csv:6: feedback FB-0005, field 'response': the address 'ftp://…@files.example.org' holds a login, "
        "which would be published with it\n"
        "    hint: remove the user name and password before '@' from the address; if it held a password or a token, change it too\n"
        "Aborted: 1 problem in 1 file\n"
    ),
}


def _apply(data: Path, name: str, file: str, old: str | None, new: str | bytes | None) -> None:
    path = data / file
    if old is None and new is None:
        if name == "missing_csv_column":  # drop the 'action' column from every line
            lines = path.read_text(encoding="utf-8").splitlines()
            path.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != 10) for line in lines) + "\n")
        else:
            path.unlink()
    elif old is None:
        path.write_bytes(new if isinstance(new, bytes) else str(new).encode())
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name}: {old!r} must occur once in {file}"
        path.write_text(text.replace(old, str(new)), encoding="utf-8")


def test_corpus_is_large_and_complete() -> None:
    assert len(CASES) >= 60
    assert {c[0] for c in CASES} == set(EXPECTED)


@pytest.mark.parametrize(("name", "file", "old", "new"), CASES, ids=[c[0] for c in CASES])
def test_message(minimal: Path, name: str, file: str, old: str | None, new: str | bytes | None) -> None:
    _apply(minimal, name, file, old, new)
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    assert info.value.report() + "\n" == "".join(EXPECTED[name])


def test_every_problem_at_once(minimal: Path) -> None:
    for name in ("rating_6", "likelihood_zero", "date_dd_mm_yyyy"):
        case = next(c for c in CASES if c[0] == name)
        _apply(minimal, *case)
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    assert [p.file for p in info.value.problems] == ["data/feedback.csv", "data/milestones.yaml", "data/risks.yaml"]
    assert str(info.value) == "Aborted: 3 problems in 3 files"


def test_causes_come_first_with_what_follows_from_them(minimal: Path) -> None:
    """A repeated id comes before a problem in a file that sorts first, and the references to the id
    it replaced are listed under it, once each."""
    for name in ("duplicate_id", "rating_6"):
        _apply(minimal, *next(c for c in CASES if c[0] == name))
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    assert info.value.report() + "\n" == (
        "data/milestones.yaml:18: milestone M-02, field 'id': the same id is already used on line 9\n"
        "    hint: give each record its own id\n"
        "    2 more problems may follow from this one:\n"
        "        data/changes.yaml:9: change request CR-01, field 'milestones': no milestone has the id 'M-03'\n"
        "        data/milestones.yaml:24: milestone M-02, field 'dependencies': 'M-02' refers to the record itself\n"
        "data/feedback.csv:3: feedback FB-0002, field 'rating': 6 is above the maximum 5\n"
        "    hint: use a whole number from 1 to 5\n"
        "Aborted: 4 problems in 3 files\n"
    )


def test_a_repeated_id_in_the_example_lists_every_broken_reference_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example's milestones are referred to from several files: every reference to the id that
    was overwritten is listed under the repeated id, not before it as problems of their own."""
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = Path("data/milestones.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.count("- id: M-03\n") == 1
    path.write_text(text.replace("- id: M-03\n", "- id: M-02\n"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    lines = info.value.report().splitlines()
    broken = [p for p in info.value.problems if "no milestone has the id 'M-03'" in p.message]
    assert len(broken) >= 3
    first, repeated = (text.splitlines().index(f"- id: {m}") + 1 for m in ("M-02", "M-03"))
    assert lines[0] == f"data/milestones.yaml:{repeated}: milestone M-02, field 'id': the same id is already used on line {first}"
    assert lines[2] == f"    {len(broken)} more problems may follow from this one:"
    assert lines[3 : 3 + len(broken)] == [f"        {p.line_text}" for p in broken]
    assert not any("M-03" in line for line in lines[3 + len(broken) :])


def test_fixture_is_valid(minimal: Path) -> None:
    data = validate(Path("data"))
    assert len(data["milestones"]) == 3


def test_example_project_is_valid() -> None:
    data = validate(EXAMPLE_DATA)
    assert len(data["sprints"]) >= 10
    assert len(data["milestones"]) >= 12
    assert len(data["risks"]) >= 15
    assert len(data["feedback"]) >= 300
    assert len(data["changes"]) >= 6
    assert len(data["contacts"]) >= 5


@pytest.mark.parametrize("rows", [3, 300])
def test_a_csv_with_old_mac_line_ends_is_read_or_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    """Lines ended by a carriage return alone: a short file reads as it is; a longer one, whose first
    8 KB hold no line feed, is named for what it is rather than for a header line it does not have."""
    shutil.copytree(EXAMPLE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    path = Path("data/feedback.csv")
    lines = path.read_text(encoding="utf-8").splitlines()[: rows + 1]
    path.write_bytes(("\r".join(lines) + "\r").encode("utf-8"))
    if rows == 3:
        assert len(validate(Path("data"))["feedback"]) == 3
        return
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    assert info.value.report().splitlines()[:2] == [
        "data/feedback.csv: its lines end with a carriage return alone (the line ends of old Mac programs)",
        "    hint: save it again with ordinary line ends (LF, or CR LF): most editors offer the choice when saving",
    ]


def test_an_answer_date_agrees_with_the_action_and_the_dates_around_it(minimal: Path) -> None:
    """The day a piece of feedback was answered: not while it still waits, not before it came in;
    after the status date it is only a warning (answered since the last update)."""
    path = Path("data/feedback.csv")
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("received,,,,\n", "received,,,,2026-03-20\n"),  # FB-0003, still waiting
        ("declined,,CR-02,,2026-03-27\n", "declined,,CR-02,,2026-03-20\n"),  # FB-0004, received 2026-03-25
        ("done,M-02,,,2026-03-17\n", "done,M-02,,,2026-04-02\n"),  # FB-0001, status date 2026-03-31
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        validate(Path("data"))
    assert info.value.report() + "\n" == (
        "data/feedback.csv:2: warning: feedback FB-0001, field 'answered': answered 2026-04-02 is after the status date 2026-03-31\n"
        "    hint: check the year, or bring 'as_of' in project.yaml up to this day: the site should not date its status before the"
        " answers it shows\n"
        "data/feedback.csv:4: feedback FB-0003, field 'answered': was answered on 2026-03-20 but its action is still 'received'\n"
        "    hint: set 'action' to planned, done or declined, or empty 'answered' until it is answered\n"
        "data/feedback.csv:5: feedback FB-0004, field 'answered': was answered on 2026-03-20, before it was received on 2026-03-25\n"
        "    hint: check the dates\n"
        "Aborted: 2 problems in 1 file, and 1 warning\n"
    )
