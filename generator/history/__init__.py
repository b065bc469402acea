"""The history stage: this build's status document, the snapshots published before it, and what
changed since (`timeline.timeline`). Plain values only: putting them into words is render's job."""
