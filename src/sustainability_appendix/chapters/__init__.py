"""One module per report chapter; each exposes ``compute(year) -> ChapterResult``."""
