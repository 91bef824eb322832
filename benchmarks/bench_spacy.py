"""Words per second of ``spacy.blank("en")`` alone and with the normspell component.

Both pipelines process the same archive-style paragraphs (``corpus.generate`` when it is
available, else the example archive repeated) in one run, so only the ratio matters:
the component's cost is ``time(with) / time(blank) - 1``; the target is at most 25%.
Also printed, to show where the time goes: a pipeline whose component only reads
``doc.text`` (spaCy rebuilds it from the tokens), one that also runs the core
``Normalizer.detect`` on it (the floor of any component built on the core), and
``detect`` alone on the same paragraphs.

Run::

    python benchmarks/bench_spacy.py --size 2 --repeat 7
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy
from spacy.language import Language

HERE = Path(__file__).resolve().parent
TARGET = 0.25  # the component may cost at most this share of the blank tokenizer's time


@Language.component("normspell_text_only")
def _text_only(doc):
    # spaCy rebuilds doc.text from the tokens on every access.
    doc.text  # noqa: B018
    return doc


@Language.component("normspell_floor")
def _floor(doc):
    # What every component that runs the core on doc.text pays, whatever else it does.
    _floor.normalizer.detect(doc.text)
    return doc


def paragraphs(size: int, seed: int, density: float) -> tuple[list[str], str]:
    """Paragraphs of archive-style text of about ``size`` characters, and their origin."""
    sys.path.insert(0, str(HERE))
    try:
        from corpus import generate
    except ImportError:
        archive = "\n\n".join(p.read_text(encoding="utf-8")
                              for p in sorted((HERE.parent / "examples" / "archive").glob("*.txt")))
        text, origin = (archive + "\n\n") * (size // len(archive) + 1), "examples/archive repeated"
    else:
        text, origin = generate(size, seed=seed, density=density).text, f"corpus.generate(seed={seed})"
    # A document per paragraph, as archives are usually fed to spaCy.
    return [p for p in text.split("\n\n") if p.strip()], origin


def _best_times(fns: dict, repeat: int) -> dict:
    # Interleaved runs, so that drift in the machine's load hits every pipeline
    # alike; CPU time of this process, and the best run, because other load on
    # the machine only ever adds to a run.
    times: dict = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.process_time()
            fn()
            times[name].append(time.process_time() - start)
    return {name: min(ts) for name, ts in times.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=float, default=2.0, help="megabytes of text (default 2)")
    ap.add_argument("--repeat", type=int, default=7, help="runs per pipeline; the fastest counts")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--density", type=float, default=0.01, help="variants per word (corpus only)")
    args = ap.parse_args(argv)

    docs, origin = paragraphs(int(args.size * 1_000_000), args.seed, args.density)
    words = sum(len(d.split()) for d in docs)
    blank = spacy.blank("en")
    with_component = spacy.blank("en")
    component = with_component.add_pipe("normspell", first=True)
    normalizer = _floor.normalizer = component.normalizer  # compile before timing
    changes = sum(len(normalizer.detect(d)) for d in docs)

    # The floor of any component built on the core: spaCy's doc.text plus detect().
    floor = spacy.blank("en")
    floor.add_pipe("normspell_floor", first=True)
    text_only = spacy.blank("en")
    text_only.add_pipe("normspell_text_only", first=True)

    def run(nlp):
        return lambda: sum(1 for _ in nlp.pipe(docs, batch_size=256))

    pipelines = {"blank": run(blank), "component": run(with_component), "floor": run(floor), "text": run(text_only),
                 "detect": lambda: [normalizer.detect(d) for d in docs]}
    for fn in pipelines.values():
        fn()  # warm the vocabularies and caches
    t = _best_times(pipelines, args.repeat)

    chars = sum(map(len, docs))
    print(f"text: {origin}, {chars / 1e6:.1f} MB, {len(docs):,} paragraphs, {words:,} words, "
          f"{changes:,} variants; best CPU time of {args.repeat} interleaved runs")
    rows = [("spacy.blank('en')", "blank"), ("spacy.blank('en') + normspell", "component"),
            ("spacy.blank('en') + doc.text", "text"), ("spacy.blank('en') + doc.text + detect()", "floor"),
            ("core detect() alone", "detect")]
    for label, key in rows:
        print(f"{label:42s} {words / t[key]:>12,.0f} words/s")
    cost = t["component"] / t["blank"] - 1
    share = {key: t[key] / t["blank"] for key in t}
    print(f"in shares of the blank pipeline's time: doc.text {share['text'] - 1:.0%}, "
          f"detect {share['detect']:.0%}, both (the floor) {share['floor'] - 1:.0%}, "
          f"the component {share['component'] - 1:.0%}")
    print(f"component cost: {cost:.1%} of the blank pipeline's time "
          f"(target <= {TARGET:.0%}: {'met' if cost <= TARGET else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
