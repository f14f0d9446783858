"""Reports, aggregate submissions and the funder's consolidation (issue 5)."""
