"""Committee evaluation (评标): committee, declarations, reviews, scoresheets, ranking, report."""
