"""Tenders (招标项目): creation from a criteria template, publication, amendments, opening."""
