"""Working days (工作日): weekends, the State Council's public holidays and make-up working days (调休),
kept as data an administrator maintains, and the deadline arithmetic built on them."""
