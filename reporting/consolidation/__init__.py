"""Consolidation of accepted reports up the unit hierarchy, and its PDF / Excel exports."""
