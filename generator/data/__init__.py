"""The data stage: read the project's files and check them against the data format and the
cross-file rules, collecting every problem with its place (`validate.validate`)."""
