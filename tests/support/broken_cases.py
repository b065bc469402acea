"""Mistakes project managers really make, and hostile files, applied to the minimal fixture's data.

Each case is (name, file, old text, new text); `old` must occur in the file exactly once, or be
None to replace the whole file with `new` (bytes for encodings), or both None to delete the file.
The expected report for each case is in tests/unit/data/test_validate.py; tests/integration/test_fails_closed.py builds
every case through `glasshouse build` and checks that no partial site is left behind.
"""

from __future__ import annotations

_FEEDBACK_HEADER = "id,date,segment,channel,rating,theme,quote,consent,respondent,response,action,milestone,change,visibility\n"
_BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)
)

# 1,500 milestones, each depending on the next and the last on the first: a circle deeper than
# Python's recursion limit.
_IDS = ["M-01", "M-02", "M-03", *(f"M-{i:04d}" for i in range(4, 1501))]
_CIRCLE = "".join(
    f"- id: {m}\n  title: Step {i}\n  owner: Ada Owner\n  baseline: 2026-04-15\n  forecast: 2026-04-15\n  status: planned\n"
    f"  dependencies: [{_IDS[i % len(_IDS)]}]\n"
    for i, m in enumerate(_IDS, 1)
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
    ("empty_file", "project.yaml", None, b""),
    ("missing_file", "changes.yaml", None, None),
    ("dependency_cycle", "milestones.yaml", "  baseline: 2026-01-30\n", "  baseline: 2026-01-30\n  dependencies: [M-03]\n"),
    ("self_dependency", "milestones.yaml", "dependencies: [M-02]", "dependencies: [M-03]"),
    ("feedback_in_future", "feedback.csv", "FB-0005,2026-03-31,", "FB-0005,2027-03-31,"),
    ("status_date_in_future", "project.yaml", "as_of: 2026-03-31", "as_of: 2126-03-31"),
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
    ("comments_only", "project.yaml", None, "# nothing here yet\n"),
    (
        "csv_row_too_short",
        "feedback.csv",
        "FB-0005,2026-03-31,sponsors,workshop,5,reporting,Great progress this sprint.,yes,Hal Example,Thank you!,done,,,",
        "FB-0005,2026-03-31,sponsors,workshop,5",
    ),
    (
        "csv_row_missing_value",
        "feedback.csv",
        "FB-0005,2026-03-31,sponsors,workshop,5,reporting,",
        "FB-0005,2026-03-31,sponsors,workshop,reporting,",
    ),
    ("csv_unclosed_quote", "feedback.csv", '"Can I book by fax?"', '"Can I book by fax?'),
    ("csv_inner_quotes", "feedback.csv", '"Can I book by fax?"', '"Can I book by "fax" instead?"'),
    ("csv_quote_swallows_row", "feedback.csv", "Monthly reports would help the board.", '"Monthly reports, please.'),
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
    ("phone_national", "project.yaml", "email: bo@example.org", "email: bo@example.org\n    phone: (020) 7946-0123"),
    ("respondent_email_invalid", "feedback.csv", "consent,respondent,", "consent,respondent_email,"),
    # Hostile values: control characters, YAML tags, numbers and dates YAML makes something else of,
    # keys that are not text, and values that try to start a line of their own in a terminal or a CI log.
    ("yaml_control_character", "risks.yaml", "title: Low adoption", "title: Low \x07adoption"),
    ("yaml_escaped_control_character", "risks.yaml", "title: Low adoption", 'title: "Low \\e[2Jadoption"'),
    ("csv_c1_control_character", "feedback.csv", "I want a reminder the day before.", "I want a reminder\x9b the day before."),
    ("yaml_tag_binary", "risks.yaml", "title: Low adoption", "title: !!binary TG93IGFkb3B0aW9u"),
    ("yaml_tag_python", "risks.yaml", "owner: Cy User", 'owner: !!python/object/apply:os.system ["echo owned"]'),
    ("yaml_tag_unknown", "risks.yaml", "status: open", "status: !state open"),
    ("yaml_tag_on_a_record", "risks.yaml", "- id: R-003\n", "- !!set\n  id: R-003\n"),
    ("yaml_tag_on_a_key", "risks.yaml", "  owner: Cy User\n", "  owner: Cy User\n  !!binary b3duZXI=: x\n"),
    ("integer_of_5000_digits", "risks.yaml", "likelihood: 2", "likelihood: " + "9" * 5000),
    (
        "integer_of_5000_digits_csv",
        "feedback.csv",
        "FB-0002,2026-03-10,users,survey,4,",
        "FB-0002,2026-03-10,users,survey," + "4" * 5000 + ",",
    ),
    ("float_beyond_double", "sprints.yaml", "committed: 22", "committed: 1.0e+400"),
    ("timestamp_tag", "risks.yaml", "raised: 2026-02-01", "raised: !!timestamp 2026-02-01T10:00:00"),
    ("timestamp_tag_not_a_date", "risks.yaml", "raised: 2026-02-01", "raised: !!timestamp soon"),
    ("date_and_time", "milestones.yaml", "baseline: 2026-04-15", "baseline: 2026-04-15T10:00:00Z"),
    ("date_and_time_csv", "feedback.csv", "FB-0002,2026-03-10,", "FB-0002,2026-03-10 10:00,"),
    ("key_is_a_list", "risks.yaml", "  owner: Cy User\n", "  owner: Cy User\n  ? [a, b]\n  : x\n"),
    ("key_is_a_number", "risks.yaml", "  owner: Cy User\n", "  owner: Cy User\n  1: x\n"),
    ("key_is_null", "risks.yaml", "  owner: Cy User\n", "  owner: Cy User\n  ~: x\n"),
    ("two_documents", "changes.yaml", None, "- id: CR-01\n---\n- id: CR-02\n"),
    ("value_forging_a_command", "risks.yaml", "status: open", 'status: "open\\n::error file=data/project.yaml::forged"'),
    ("id_with_escape_sequence", "risks.yaml", "- id: R-002", '- id: "R-002\\e[2J\\e[H"'),
    ("key_with_bidi_override", "risks.yaml", "  owner: Cy User\n", '  owner: Cy User\n  "\\u202Eowner": x\n'),
    ("csv_id_forging_a_command", "feedback.csv", "FB-0002,", '"FB-0002\n::warning::forged",'),
    ("reference_forging_a_command", "milestones.yaml", "dependencies: [M-01]", 'dependencies: ["M-01\\r\\n##[error]forged"]'),
    ("csv_header_with_escape", "feedback.csv", "consent,respondent,", "consent,\x1b[31mrespondent,"),
    ("yaml_escape_surrogate", "risks.yaml", "title: Low adoption", 'title: "Low \\ud83d adoption"'),
    ("yaml_escape_past_unicode", "risks.yaml", "title: Low adoption", 'title: "Low \\U00110000 adoption"'),
    ("date_year_9999", "project.yaml", "as_of: 2026-03-31", "as_of: 9999-12-31"),
    ("date_year_1_csv", "feedback.csv", "FB-0002,2026-03-10,", "FB-0002,0001-03-10,"),
    ("dependency_circle_of_1500", "milestones.yaml", None, _CIRCLE),
    (
        "experience_owner_internal",
        "project.yaml",
        "    name: Ada Owner\n    role: Customer experience lead\n    email: ada@example.org\n",
        "    name: Ada Private\n    role: Customer experience lead\n    email: ada@example.org\n    visibility: internal\n",
    ),
    (
        "segment_only_internal_contacts",
        "project.yaml",
        "    name: Cy User\n    role: User community manager\n    email: cy@example.org\n    segment: users\n",
        "    name: Cy Private\n    role: User community manager\n    email: cy@example.org\n    segment: users\n    visibility: internal\n",
    ),
    (
        "owner_names_internal_contact",
        "project.yaml",
        "    email: bo@example.org\n    segment: sponsors\n",
        "    email: bo@example.org\n    segment: sponsors\n    visibility: internal\n"
        "  - id: C-04\n    name: Bea Board\n    role: Board liaison\n    email: bea@example.org\n    segment: sponsors\n",
    ),
    (
        "csv_comma_and_bad_values",
        "feedback.csv",
        "FB-0002,2026-03-10,users,survey,4,notifications,I want a reminder the day before.",
        "FB-0002,2026/03/10,users,survey,6,notifications,I want a reminder, the day before.",
    ),
    ("yaml_field_indented_more", "milestones.yaml", "  owner: Bo Sponsor", "   owner: Bo Sponsor"),
    ("yaml_field_indented_less", "risks.yaml", "  owner: Cy User", " owner: Cy User"),
    ("yaml_list_item_out_of_line", "project.yaml", "  - id: users", " - id: users"),
    (
        "login_in_a_description_link",
        "milestones.yaml",
        "  description: The pilot runs for the first users.",
        "  description: The pilot runs for the first users ([docs](https://ada:s3cret-T0ken@wiki.example.org/pilot)).",
    ),
    ("login_in_a_plain_field", "feedback.csv", "Thank you!,done", "See ftp://bo:hunter2@files.example.org/ for it,done"),
]
