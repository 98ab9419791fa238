"""The text pipeline: a raw news file becomes an `Article` with aligned paragraphs and sentences.

Plain Python: nothing here imports Textual, Rich, click or the annotation core.
"""
