"""Publication (公示): the candidates' notice, objections (异议/质疑) and their answers, the award."""
