"""The project's git repository, read: snapshots on the published branch, data at a commit."""
