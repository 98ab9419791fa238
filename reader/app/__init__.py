"""The Textual app: the only room of the reader that imports Textual."""
