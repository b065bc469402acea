"""The site stage: the MkDocs plugin that adds the generated pages to a build, and the build that
replaces the site directory only when it succeeds (`build.build_site`)."""
