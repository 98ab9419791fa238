"""Tandem's reading side: turning raw news files into aligned bilingual articles, and the Textual app."""
