"""`/documents`: the indexed documents and their original files."""

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from search_api import records
from search_api.dependencies import BackendDep
from search_api.schemas import DocumentDetail, DocumentSummary, error_responses

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=list[DocumentSummary])
def documents(backend: BackendDep) -> list[DocumentSummary]:
    """All complete documents in the index."""
    return records.list_document_summaries(backend)


@router.get("/documents/{document_id}", response_model=DocumentDetail,
            responses=error_responses(404))
def document(document_id: str, backend: BackendDep) -> DocumentDetail:
    """One document with its units in order."""
    return records.get_document(backend, document_id)


@router.get("/documents/{document_id}/pdf", response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}, "text/plain": {}},
                             "description": "the original file"}, **error_responses(404)})
def document_file(document_id: str, backend: BackendDep) -> FileResponse:
    """The original file, so that `#page=N` opens the page in a browser."""
    source = records.document_source(backend, document_id)
    path = Path(source["source_path"])
    if not path.is_file():
        raise HTTPException(404, detail="the original file is no longer available")
    media = "application/pdf" if path.suffix.lower() == ".pdf" else "text/plain; charset=utf-8"
    return FileResponse(path, media_type=media, filename=path.name,
                        content_disposition_type="inline")
