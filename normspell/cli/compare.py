"""``normspell diff`` and ``normspell stats``: compare an archive's wording with standard text.

``diff`` shows one file against its normalization: word by word on the
terminal, as a unified diff, or as a self-contained HTML page. ``stats`` counts
spellings over many files (:mod:`normspell.stats`) as a table, CSV or JSON Lines,
and can plot the share of variant spellings per category.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os

import click

from normspell.archive import normalize_document
from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, cli
from normspell.cli._page import html_page, normalized_file, word_diff_lines
from normspell.cli._reading import color_option, display_path, documents, normalizer_from, read_options, use_color
from normspell.formats import atomic_write
from normspell.stats import Counts, Stats

_COLUMNS = ("table", "key", "category", "standard", "spelling", "variant", "count", "variants", "standards", "share")


@cli.command(epilog="Exit codes, as diff's: 0 no change; 1 changes shown; 2 error.")
@click.argument("path", type=click.Path(allow_dash=True))
@click.option("--unified", is_flag=True, help="A unified diff (diff -u) of the file and its normalization.")
@click.option("--html", "html_out", metavar="OUT.html", type=click.Path(dir_okay=False),
              help="Write a self-contained HTML page with each change marked (details on hover).")
@click.option("--all", "all_lines", is_flag=True, help="Word diff: show unchanged lines too.")
@color_option
@read_options
@click.pass_context
def diff(ctx: click.Context, path: str, unified: bool, html_out: str | None, all_lines: bool, color: str,
         **opts) -> None:
    """Show PATH against its normalization: each variant and what it becomes.

    By default every changed line is printed as `line: text` with each change
    as [-variant-]{+standard+} (red and green on a terminal).

    \b
    Examples:
      normspell diff examples/archive/review-2004.txt
      normspell diff letter.txt --unified > letter.diff
      normspell diff page.html --html page-changes.html
    """
    n = normalizer_from(opts)
    errors: list[str] = []
    docs = list(documents((path,), opts, errors))
    if errors or not docs:
        for message in errors or [f"{path}: not a file to read"]:
            click.echo(f"normspell diff: {message}", err=True)
        ctx.exit(EXIT_USAGE)
    doc = docs[0]
    located = sorted((x for piece in normalize_document(doc, n) for x in piece.changes()), key=lambda x: x[0])
    name = display_path(doc.path) if doc.path != "<stdin>" else doc.path
    if html_out:
        if os.path.abspath(html_out) == os.path.abspath(path):
            raise click.UsageError(f"refusing to write the page onto the input {path}")
        with atomic_write(html_out) as fh:
            fh.write(html_page(name, doc.text, located, "+".join(opts["lexicons"])).encode("utf-8", "surrogateescape"))
        click.echo(f"normspell diff: {len(located)} changes marked in {html_out}", err=True)
    elif unified:
        new = normalized_file(doc.text, located, doc.fmt)
        lines = difflib.unified_diff(doc.text.splitlines(keepends=True), new.splitlines(keepends=True),
                                     f"a/{name}", f"b/{name}")
        for line in lines:
            click.echo(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n", nl=False)
    else:
        colored = use_color(color)
        for k, line in word_diff_lines(doc.text, located, color=colored, all_lines=all_lines):
            click.echo(f"{k}: {line}", color=colored)
    ctx.exit(EXIT_FAILED if located else EXIT_OK)


def _rows(s: Stats, by_year: bool) -> list[dict]:
    rows = [{"table": "spelling", "key": r.standard, "category": r.category, "standard": r.standard,
             "spelling": r.spelling, "variant": r.variant, "count": r.count, "share": round(r.share, 4)}
            for r in s.spellings]
    for table, shares in (("category", s.categories), ("file", s.files), ("year", s.years if by_year else ())):
        rows += [{"table": table, "key": x.key, "category": x.category, "variants": x.variants,
                  "standards": x.standards, "share": round(x.share, 4)} for x in shares]
    return rows


def _table(s: Stats, by_year: bool) -> str:
    out = [("standard", "spelling", "category", "count", "share")]
    out += [(r.standard, r.spelling + ("" if r.variant else " (standard)"), r.category, str(r.count),
             f"{r.share:.0%}") for r in s.spellings]
    blocks = [out]
    for title, shares in (("category", s.categories), ("file", [x for x in s.files if not x.category]),
                          ("year", [x for x in s.years if not x.category] if by_year else [])):
        if shares:
            blocks.append([(title, "variants", "standard", "variant share")]
                          + [(x.key, str(x.variants), str(x.standards), f"{x.share:.0%}") for x in shares])
    text = []
    for rows in blocks:
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for r in rows:
            text.append("  ".join(c.rjust(w) if c[:1].isdigit() and i else c.ljust(w)
                                  for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        text.append("")
    return "\n".join(text[:-1]) + "\n"


def _plot(s: Stats, by_year: bool, out: str) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display needed
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise click.UsageError("--plot needs matplotlib: pip install 'normspell[plot]'") from exc
    rows = [x for x in (s.years if by_year else s.files) if x.category]
    keys = sorted({x.key for x in rows})
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * len(keys) + 3), 4.5), layout="constrained")
    for cat in sorted({x.category for x in rows}):
        share = {x.key: 100 * x.share for x in rows if x.category == cat}
        ax.plot(range(len(keys)), [share.get(k, float("nan")) for k in keys], marker="o", label=cat)
    ax.set_xticks(range(len(keys)), [os.path.basename(k) for k in keys], rotation=45 if len(keys) > 4 else 0,
                  ha="right" if len(keys) > 4 else "center")
    ax.set_ylabel("variant spellings, % of all spellings")
    ax.set_ylim(-3, 103)  # points at 0% and 100% stay visible
    ax.set_title("Share of variant spellings per category, by " + ("year" if by_year else "file"))
    ax.legend(title="category")
    fig.savefig(out, dpi=100)
    plt.close(fig)


@cli.command(epilog="Exit codes: 0 ok; 1 some input failed; 2 usage error.")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--csv", "as_csv", is_flag=True, help="CSV: one row per spelling, category, file (and year).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines with the same rows and keys as --csv.")
@click.option("--by-year", is_flag=True,
              help="Add shares per year: from a JSON record's date/year, else a year 1984-2030 in the path.")
@click.option("--plot", metavar="OUT.png", type=click.Path(dir_okay=False),
              help="Draw the variant share per category over files (or years) with matplotlib.")
@read_options
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
@click.pass_context
def stats(ctx: click.Context, paths: tuple[str, ...], as_csv: bool, as_json: bool, by_year: bool,
          plot: str | None, quiet: bool, **opts) -> None:
    """Count spellings in PATHS (files, folders, - for stdin).

    Per standard word, each spelling with its count and share (America 12%,
    Amerika 61%, Amerikkka 27%); then variant and standard spellings per
    category and per file (and per year with --by-year).

    \b
    Examples:
      normspell stats examples/archive
      normspell stats archive/ --by-year --csv > spellings.csv
      normspell stats archive/ --by-year --plot shares.png
    """
    if as_csv and as_json:
        raise click.UsageError("choose one of --csv and --json")
    n = normalizer_from(opts)
    errors: list[str] = []
    counts, files = Counts(n), 0
    for doc in documents(paths, opts, errors):
        files += 1
        name = display_path(doc.path) if doc.path != "<stdin>" else doc.path
        for seg in doc.segments:
            counts.add(name, seg.text, seg.year)
    result = counts.result()
    if as_csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, _COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(_rows(result, by_year))
        click.echo(buf.getvalue(), nl=False)
    elif as_json:
        for row in _rows(result, by_year):
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        click.echo(_table(result, by_year), nl=False)
    if plot:
        _plot(result, by_year, plot)
    for message in errors:
        click.echo(f"normspell stats: error: {message}", err=True)
    if not quiet:
        variants = sum(x.variants for x in result.categories)
        click.echo(f"normspell stats: {files} files, {variants} variant spellings", err=True)
    ctx.exit(EXIT_FAILED if errors else EXIT_OK)
