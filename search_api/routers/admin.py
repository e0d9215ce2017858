"""Write access over HTTP: upload a PDF, delete a document. Every route needs the API key.

Search and read routes stay public. Without a configured key (`API_KEY`), writing over HTTP
is switched off altogether.
"""

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response, status
from pydantic import BaseModel

from ingest.run import IngestStatus, ingest_file
from search_api.dependencies import BackendDep, EmbedderDep, SettingsDep
from search_api.schemas import error_responses

router = APIRouter(tags=["write access (API key)"])


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header(description="The write API key")] = None,
) -> None:
    """401 without a key, 403 with a wrong one (compared in constant time)."""
    if not settings.api_key:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="write access is disabled")
    if not x_api_key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="API key required (header X-API-Key)",
            headers={"WWW-Authenticate": "X-API-Key"},
        )
    if not hmac.compare_digest(x_api_key.encode(), settings.api_key.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="wrong API key")


class UploadResult(BaseModel):
    document_id: str
    file: str
    status: str
    units: int
    chunks: int
    image_only_pages: int


async def _read_limited(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it grows past `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, detail="file too large")
    body = bytearray()
    async for part in request.stream():
        body.extend(part)
        if len(body) > limit:
            raise HTTPException(413, detail="file too large")
    return bytes(body)


@router.post(
    "/documents",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadResult,
    dependencies=[Depends(require_api_key)],
    responses={200: {"model": UploadResult, "description": "already indexed, unchanged"},
               **error_responses(401, 403, 413, 415, 422)},
)
async def upload_document(
    request: Request,
    response: Response,
    settings: SettingsDep,
    backend: BackendDep,
    embedder: EmbedderDep,
    filename: Annotated[str, Query(min_length=1, max_length=200, pattern=r"^[\w .()-]+$")],
) -> UploadResult:
    """Ingest one PDF sent as the request body. The type is judged by content, not name."""
    data = await _read_limited(request, settings.upload_max_bytes)
    if not data.startswith(b"%PDF-"):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, detail="not a PDF file")
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = settings.upload_dir / digest
    folder.mkdir(parents=True, exist_ok=True)
    name = filename if filename.lower().endswith(".pdf") else f"{filename}.pdf"
    path = folder / name
    path.write_bytes(data)
    backend.ensure_ready(embedder.dimension)
    outcome = ingest_file(backend, embedder, path, settings.upload_dir)
    if outcome.status == IngestStatus.failed:
        raise HTTPException(422, detail=outcome.reason)
    if outcome.status == IngestStatus.unchanged:
        response.status_code = status.HTTP_200_OK
    return UploadResult(
        document_id=outcome.document_id or "",
        file=outcome.file,
        status=outcome.status,
        units=outcome.units,
        chunks=outcome.chunks,
        image_only_pages=outcome.image_only_pages,
    )


@router.delete(
    "/documents/{document_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[Depends(require_api_key)],
    responses=error_responses(401, 403, 404),
)
def remove_document(
    document_id: str,
    backend: BackendDep,
) -> None:
    """Delete a document with all its units and chunks."""
    if not backend.delete_document(document_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no document {document_id!r}")
