"""The model stage: the validated data as one audience may see it, in small frozen records
(`build.build_model`)."""
