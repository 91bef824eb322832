"""spaCy adapters: the ``normspell`` pipeline component and annotation of original text.

The only part of normspell that imports spaCy; nothing here is imported by
``import normspell``.
"""
