"""The normspell spaCy component on the example archive: norms, spans, matching, saving.

Run: python examples/spacy_pipeline.py

No model download is needed: the pipeline is ``spacy.blank("en")``; with a trained
pipeline, add the component ``first=True`` so that later components see the merged
tokens and their standard norms.
"""

import tempfile
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher

ARCHIVE = Path(__file__).parent / "archive"

# "normspell" is found through the spacy_factories entry point: no import needed.
nlp = spacy.blank("en")
nlp.add_pipe("normspell", first=True, config={"lexicons": ["mim"]})

doc = nlp("The united $nakes of ameriKKKa jailed a womyn from I$rael.")
print("text:      ", doc.text)
print("normalized:", doc._.normspell_text)
print("tokens:    ", [(t.text, t.norm_) for t in doc])
for span in doc.spans["normspell"]:
    change = span._.normspell_change
    print(f"  span {span.text!r} [{span.label_}] -> {change.replacement!r} ({change.reason})")

# Downstream matching by standard spelling: patterns are written the standard way.
matcher = PhraseMatcher(nlp.vocab, attr="NORM")
matcher.add("STANDARD", [nlp.make_doc(p) for p in ("women", "woman", "America", "U.S.", "prisoners")])
texts = [p.read_text(encoding="utf-8") for p in sorted(ARCHIVE.glob("*.txt"))]
for path, doc in zip(sorted(ARCHIVE.glob("*.txt")), nlp.pipe(texts)):
    found = [doc[start:end].text for _id, start, end in matcher(doc)]
    print(f"== {path.name}: {len(doc._.normspell_changes)} variants, "
          f"{len(doc._.normspell_mentions)} mentions kept; matched by norm: {found}")

# The lexicons travel inside the saved pipeline folder.
with tempfile.TemporaryDirectory() as tmp:
    nlp.to_disk(tmp)
    print("saved component folder:", sorted(p.name for p in (Path(tmp) / "normspell").iterdir()))
    print("reloaded:", spacy.load(tmp)("Amerikkka's prisyners")._.normspell_text)
