"""NLP pipeline: load spaCy, mark sentences, measure the text."""
