"""Maintenance-company evaluation (维保单位评测, Chongqing): a registry of companies, evaluation periods
with their template, imports of elevator records and company indicators, scoring with the engine,
publication with corrections, and the public results. See docs/maintenance.md.
"""
