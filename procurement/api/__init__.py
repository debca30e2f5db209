"""The public, read-only JSON API of published material (/api/v1), with its OpenAPI document."""
