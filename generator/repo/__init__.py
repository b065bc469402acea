"""The project's git repository, the one door to git: snapshots on the published branch, data at a commit, a build's stamp."""
