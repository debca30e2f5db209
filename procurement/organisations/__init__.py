"""Districts and organisations: who owns a tender, a period or a report, and where an office's
jurisdiction runs (DESIGN.md "Who uses it")."""
