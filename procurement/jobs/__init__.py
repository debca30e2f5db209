"""Work done off the request path, as jobs on a Huey queue (docs/development.md, "Jobs").

The `jobs` table says what the web shows (state, progress, result, error, attempts) whatever the broker;
Huey carries the job's id from the transaction that asked for it to a worker (`flask jobs worker`).
"""
