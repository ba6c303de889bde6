"""Briefing-report builders and the resources they share (the CJK font)."""
