"""The `import-oparl` command's work: wiring from settings, progress bars and the summary."""

from datetime import UTC, datetime

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.oparl.client import ClientOptions, OparlClient
from ingest.oparl.state import SyncState, state_path
from ingest.oparl.sync import LIST_TYPES, Importer, ImportFailed, ImportOptions, ImportReport
from ratsuche.backends.base import Backend
from ratsuche.embedding import get_embedder
from ratsuche.settings import get_settings

__all__ = ["ImportFailed", "run_import"]


def parse_since(value: str) -> datetime:
    """An ISO date or date-time; without a zone it is UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ImportFailed(f"--since is not an ISO date or date-time: {value!r}") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_lists(value: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    unknown = [n for n in names if n not in LIST_TYPES]
    if unknown or not names:
        raise ImportFailed(f"unknown list(s) {', '.join(unknown) or value!r}; "
                           f"known: {', '.join(LIST_TYPES)}")
    # organizations first, so that meetings can name their body
    return tuple(sorted(names, key=lambda n: n != "organization"))


def run_import(backend: Backend, url: str, *, body: str | None, full: bool, since: str | None,
               dry_run: bool, files: bool, auxiliary: bool, lists: str, allow_private: bool,
               console: Console) -> ImportReport:
    """One import run with progress on `console`; the report (also printed)."""
    settings = get_settings()
    options = ImportOptions(body=body, full=full, since=parse_since(since) if since else None,
                            dry_run=dry_run, files=files, auxiliary=auxiliary,
                            lists=parse_lists(lists))
    client = OparlClient(ClientOptions(
        timeout=settings.oparl_timeout, attempts=settings.oparl_attempts,
        backoff=settings.oparl_backoff, allow_private=allow_private))
    state = SyncState(state_path(settings))
    with Progress(SpinnerColumn(), TextColumn("{task.description}"),
                  TextColumn("{task.completed}"), TimeElapsedColumn(), console=console) as bar:
        tasks = {"page": bar.add_task("list pages", total=None),
                 "file": bar.add_task("files     ", total=None)}
        importer = Importer(backend, get_embedder, client, state, settings.oparl_dir / "files",
                            options, progress=lambda kind: bar.advance(tasks[kind]))
        try:
            report = importer.run(url)
        finally:
            client.close()
    print_report(report, console)
    return report


def print_report(report: ImportReport, console: Console) -> None:
    lists = Table(title="Lists")
    for column in ("body", "list", "since", "pages", "objects", "deleted", "status"):
        lists.add_column(column, justify="right" if column in ("pages", "objects", "deleted")
                         else "left", overflow="fold")
    for item in report.lists:
        status = "complete" if item.complete else f"partial: {item.reason}"
        lists.add_row(item.body, item.name, item.since or "(all)", str(item.pages),
                      str(item.objects), str(item.deleted), status)
    console.print(lists)
    for item in report.lists:
        for warning in item.warnings:
            console.print(f"[yellow]{item.name}: {warning}[/]")
    if report.failed:
        failed = Table(title="Failed files (tried again next run)")
        for column in ("meeting or paper", "file", "reason"):
            failed.add_column(column, overflow="fold")
        for file in report.failed:
            failed.add_row(file.parent or "", file.id, file.reason or "")
        console.print(failed)
    summary = Table(title="Import summary")
    statuses: tuple[str, ...] = ("new", "changed", "unchanged", "deleted", "failed")
    if report.count("would-fetch"):
        statuses = ("would-fetch", "deleted")
    for column in (*statuses, "requests", "seconds"):
        summary.add_column(column, justify="right")
    summary.add_row(*(str(report.count(s)) for s in statuses), str(report.requests),
                    f"{report.seconds:.1f}")
    console.print(summary)
