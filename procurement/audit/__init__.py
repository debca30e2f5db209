"""The audit log: every state change, in an append-only hash chain (审计日志)."""
