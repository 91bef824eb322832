"""The small spaCy pipelines the component tests run: blank English plus normspell."""

import spacy


def make(**config):
    """``spacy.blank("en")`` with the normspell component first, configured by ``config``."""
    nlp = spacy.blank("en")
    nlp.add_pipe("normspell", first=True, config=config)
    return nlp
