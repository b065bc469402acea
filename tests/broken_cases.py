"""Mistakes project managers really make, and hostile files, applied to the minimal fixture's data.

Each case is (name, file, old text, new text); `old` must occur in the file exactly once, or be
None to replace the whole file with `new` (bytes for encodings), or both None to delete the file.
The expected report for each case is in test_validate_messages.py; test_fails_closed.py builds
every case through `glasshouse build` and checks that no partial site is left behind.
"""

from __future__ import annotations

_FEEDBACK_HEADER = "id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility\n"
_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)
)

CASES: list[tuple[str, str, str | None, str | bytes | None]] = [
    ("date_dd_mm_yyyy", "milestones.yaml", "baseline: 2026-01-30", "baseline: 30/01/2026"),
    ("date_impossible", "milestones.yaml", "baseline: 2026-04-15", "baseline: 2026-02-30"),
    ("date_with_words", "risks.yaml", "raised: 2026-02-01", "raised: 1st of February"),
    ("rating_6", "feedback.csv", "FB-0002,2026-03-10,users,survey,4,", "FB-0002,2026-03-10,users,survey,6,"),
    ("rating_text", "feedback.csv", "FB-0005,2026-03-31,sponsors,workshop,5,", "FB-0005,2026-03-31,sponsors,workshop,five,"),
    ("unknown_milestone_in_risk", "risks.yaml", "milestones: [M-02]", "milestones: [M-09]"),
    ("milestone_id_wrong_case", "risks.yaml", "milestones: [M-02]", "milestones: [m-02]"),
    ("missing_csv_column", "feedback.csv", None, None),
    ("tab_indent", "milestones.yaml", "  owner: Bo Sponsor", "\towner: Bo Sponsor"),
    ("duplicate_id", "milestones.yaml", "- id: M-03", "- id: M-02"),
    ("ids_differ_by_case", "changes.yaml", "- id: CR-02", "- id: cr-01"),
    ("duplicate_key", "risks.yaml", "  owner: Cy User\n", "  owner: Cy User\n  owner: Ada Owner\n"),
    ("status_capitalised", "milestones.yaml", "status: planned", "status: Planned"),
    ("status_unknown", "risks.yaml", "status: mitigating", "status: handled"),
    ("likelihood_zero", "risks.yaml", "likelihood: 4", "likelihood: 0"),
    ("impact_above_max", "risks.yaml", "impact: 5", "impact: 6"),
    ("likelihood_word", "risks.yaml", "likelihood: 2", "likelihood: high"),
    ("done_without_date", "milestones.yaml", "  done: 2026-02-03\n", ""),
    ("done_date_not_done", "milestones.yaml", "  status: planned\n", "  status: planned\n  done: 2026-03-01\n"),
    ("two_active_sprints", "sprints.yaml", "completed: 22\n  state: closed", "completed: 22\n  state: active"),
    ("sprint_end_before_start", "sprints.yaml", "end: 2026-03-13", "end: 2026-02-13"),
    ("field_typo", "milestones.yaml", "  title: Pilot live", "  titel: Pilot live"),
    ("required_missing", "risks.yaml", "  owner: Ada Owner\n", ""),
    ("open_risk_no_review", "risks.yaml", "  next_review: 2026-04-14\n", ""),
    ("done_feedback_no_response", "feedback.csv", "Thank you!,done", ",done"),
    ("unquoted_comma", "feedback.csv", '"Can I book by fax?"', "Can I, please, book by fax?"),
    ("unknown_segment", "feedback.csv", "FB-0003,2026-03-18,sponsors,", "FB-0003,2026-03-18,board,"),
    ("decided_without_date", "changes.yaml", "  decision: pending", "  decision: rejected"),
    ("yaml_colon_in_text", "milestones.yaml", "title: Discovery complete", "title: Discovery: complete"),
    ("yaml_unclosed_quote", "sprints.yaml", "goal: Set up the pilot environment.", 'goal: "Set up the pilot environment.'),
    ("yaml_alias", "milestones.yaml", "  owner: Ada Owner\n  baseline: 2026-06-30", "  owner: *lead\n  baseline: 2026-06-30"),
    ("latin1_file", "risks.yaml", None, "- id: R-001\n  title: Supplier d\u00e9lays\n".encode("latin-1")),
    ("utf16_file", "changes.yaml", None, "- id: CR-01\n".encode("utf-16")),
    ("empty_file", "sprints.yaml", None, b""),
    ("missing_file", "changes.yaml", None, None),
    ("dependency_cycle", "milestones.yaml", "  baseline: 2026-01-30\n", "  baseline: 2026-01-30\n  dependencies: [M-03]\n"),
    ("self_dependency", "milestones.yaml", "dependencies: [M-02]", "dependencies: [M-03]"),
    ("feedback_in_future", "feedback.csv", "FB-0005,2026-03-31,", "FB-0005,2027-03-31,"),
    ("email_invalid", "project.yaml", "email: bo@example.org", "email: bo at example.org"),
    ("consent_maybe", "feedback.csv", "Monthly reports would help the board.,no,", "Monthly reports would help the board.,maybe,"),
    ("segment_without_contact", "project.yaml", "    segment: users\n", "\n"),
    ("list_as_text", "milestones.yaml", "dependencies: [M-01]", "dependencies: M-01"),
    ("boolean_as_title", "changes.yaml", "title: Support fax bookings", "title: true"),
    ("negative_points", "sprints.yaml", "committed: 22", "committed: -22"),
    ("unknown_csv_column", "feedback.csv", "consent,respondent", "consent,respondant"),
    ("nested_mapping_value", "risks.yaml", "owner: Cy User", "owner:\n    name: Cy User"),
    ("not_a_list", "milestones.yaml", None, "id: M-01\ntitle: Discovery complete\n"),
    ("empty_csv", "feedback.csv", None, b""),
    ("missing_csv", "feedback.csv", None, None),
    (
        "latin1_csv",
        "feedback.csv",
        None,
        (_FEEDBACK_HEADER + "FB-0001,2026-03-03,users,survey,3,caf\u00e9,,no,,,received,,,\n").encode("latin-1"),
    ),
    ("utf16_csv", "feedback.csv", None, _FEEDBACK_HEADER.encode("utf-16")),
    ("binary_csv", "feedback.csv", None, bytes(range(256)) * 4),
    ("billion_laughs", "risks.yaml", None, _BOMB),
    ("deep_nesting", "risks.yaml", None, "- " + "[" * 5000 + "]" * 5000 + "\n"),
    ("comments_only", "changes.yaml", None, "# nothing here yet\n"),
    (
        "csv_row_too_short",
        "feedback.csv",
        "FB-0005,2026-03-31,sponsors,workshop,5,reporting,Great progress this sprint.,yes,Hal Example,Thank you!,done,,,",
        "FB-0005,2026-03-31,sponsors,workshop,5",
    ),
    ("csv_unclosed_quote", "feedback.csv", '"Can I book by fax?"', '"Can I book by fax?'),
    ("duplicate_csv_column", "feedback.csv", "theme,quote,", "theme,theme,"),
    ("nan_likelihood", "risks.yaml", "likelihood: 4", "likelihood: .nan"),
    ("infinite_points", "sprints.yaml", "committed: 22", "committed: .inf"),
    ("nan_rating_csv", "feedback.csv", "FB-0002,2026-03-10,users,survey,4,", "FB-0002,2026-03-10,users,survey,NaN,"),
    ("date_month_13", "changes.yaml", "date: 2026-03-20", "date: 2026-13-20"),
    (
        "internal_field_unknown",
        "risks.yaml",
        "  mitigation: Weekly supplier check-ins.\n",
        "  mitigation: Weekly supplier check-ins.\n  internal_fields: [mitigaton]\n",
    ),
    (
        "internal_field_required",
        "milestones.yaml",
        "  slip_reason: Supplier delivered the test environment late.\n",
        "  slip_reason: Supplier delivered the test environment late.\n  internal_fields: [title, slip_reason]\n",
    ),
    (
        "internal_fields_as_text",
        "changes.yaml",
        "  rationale: Most requested feature in the pilot survey.\n",
        "  rationale: Most requested feature in the pilot survey.\n  internal_fields: rationale\n",
    ),
    ("respondent_email_invalid", "feedback.csv", "consent,respondent,", "consent,respondent_email,"),
    (
        "csv_comma_and_bad_values",
        "feedback.csv",
        "FB-0002,2026-03-10,users,survey,4,notifications,I want a reminder the day before.",
        "FB-0002,2026/03/10,users,survey,6,notifications,I want a reminder, the day before.",
    ),
    ("yaml_field_indented_more", "milestones.yaml", "  owner: Bo Sponsor", "   owner: Bo Sponsor"),
    ("yaml_field_indented_less", "risks.yaml", "  owner: Cy User", " owner: Cy User"),
    ("yaml_list_item_out_of_line", "project.yaml", "  - id: users", " - id: users"),
]
