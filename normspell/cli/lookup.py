"""``normspell search``: look a query up in an index, in a process that starts fast.

Every search is a new process, so this module imports only click, sqlite3 and
the index's search side: the query is normalized from the query map stored in
the index (:mod:`normspell.querymap`), and the lexicons are compiled only for a
query the map cannot answer or an index whose map is out of date (then a warning
on stderr says how to update it).
"""

from __future__ import annotations

import json

import click

from normspell.cli import EXIT_FAILED, EXIT_OK, cli
from normspell.cli._terminal import GREP_EXITS, color_option, display_path, marked, use_color
from normspell.errors import NormspellError
from normspell.index import Index


@cli.command(epilog=GREP_EXITS)
@click.argument("query")
@click.option("--db", required=True, metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="An index built by normspell index.")
@click.option("-n", "--limit", type=click.IntRange(1), default=10, show_default=True, help="Show at most this many hits.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines, one object per hit: file, line, score, snippet, marks, highlights.")
@color_option
@click.pass_context
def search(ctx: click.Context, query: str, db: str, limit: int, as_json: bool, color: str) -> None:
    """Search the index in --db for QUERY in standard spelling, best passages first (bm25).

    Each hit is `file:line: snippet`, the snippet in the original spelling with
    the matched words highlighted on a terminal. All words must occur in the
    passage; words in double quotes must stand together. A query in variant
    spelling (wimmin in I$rael) finds what its standard spelling finds.

    \b
    Examples:
      normspell search "women prisoners" --db archive.sqlite
      normspell search '"united states" Israel' --db archive.sqlite --json -n 50
    """
    try:
        with Index(db) as index:
            problem = index.query_map_problem()
            if problem:
                click.echo(f"normspell search: warning: {problem}", err=True)
            hits = index.search(query, limit)
    except NormspellError as exc:
        raise click.BadParameter(str(exc), param_hint="'--db'") from exc
    colored = use_color(color)
    for hit in hits:
        name = display_path(hit.path)
        if as_json:
            rec = {"file": name, "line": hit.line, "score": round(hit.score, 4), "snippet": hit.snippet,
                   "marks": [list(m) for m in hit.marks],
                   "highlights": [{"start": h.start, "end": h.end, "line": h.line, "original": h.original,
                                   "normalized": h.normalized, "variant": h.variant} for h in hit.highlights]}
            click.echo(json.dumps(rec, ensure_ascii=False))
        else:
            click.echo(f"{name}:{hit.line}: {marked(hit.snippet, list(hit.marks), colored)}", color=colored)
    if not hits and not as_json:
        click.echo("normspell search: no passage holds every word", err=True)
    ctx.exit(EXIT_OK if hits else EXIT_FAILED)
