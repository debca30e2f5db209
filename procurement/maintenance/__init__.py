"""Maintenance-company evaluation (维保单位评测, Chongqing): elevator records in, company indicators out.

Built so far: reading and checking elevator-level records from CSV or XLSX, and their vectorised
aggregation to company indicators. Not yet built: companies, periods, templates, grading, publication
and the public pages (see the open issue).
"""
