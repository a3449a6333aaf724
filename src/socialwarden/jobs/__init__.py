"""Background work: sync, publishing, platform actions, notifications, duties, retention, on a job queue."""
