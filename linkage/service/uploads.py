"""Receive one uploaded file (multipart field `file`) into a private temporary folder.

    >>> folder, path = await receive_upload(request, limit=50 * 1024 * 1024)
    >>> submit(store, "releases", path, jurisdiction="MN/HENNEPIN")   # then remove `folder`

The size limit is enforced twice: a declared Content-Length over it is refused before a byte
is read, and the body is counted while it streams (a chunked upload has no length), so an
oversized upload never fills the disk. Part of the HTTP face (Starlette's multipart parser).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect

from linkage.ingest.readers import SUFFIXES

FIELD = "file"

# The request body as the OpenAPI document shows it (the route reads the stream itself).
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [FIELD],
                    "properties": {
                        FIELD: {"type": "string", "format": "binary",
                                "description": "A CSV (UTF-8 or Windows-1252), XLSX, Parquet or HTML-table file."},
                    },
                }
            }
        },
    }
}


DROPPED = "the connection closed before the upload ended: nothing stored"


class _TooLarge(Exception):
    pass


def too_large(limit: int) -> HTTPException:
    return HTTPException(413, f"the upload is larger than the limit of {limit:,} bytes")


async def receive_upload(request: Request, *, limit: int) -> tuple[Path, Path]:
    """Stream the `file` part to disk; returns (folder, file). The caller removes the folder."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise HTTPException(415, f"send multipart/form-data with the file in the field '{FIELD}'")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise HTTPException(400, "Content-Length is not a number")
        if int(declared) > limit:
            raise too_large(limit)

    async def counted():
        seen = 0
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit:
                raise _TooLarge
            yield chunk

    parser = MultiPartParser(request.headers, counted(), max_files=1, max_fields=10)
    try:
        form = await parser.parse()
    except _TooLarge:
        raise too_large(limit) from None
    except ClientDisconnect:
        # A sheriff's office on a flaky line: no answer reaches it, but the audit log says what
        # happened (it held a 500 and the server's log a traceback).
        request.state.audit_detail = DROPPED
        raise HTTPException(400, DROPPED) from None
    except MultiPartException as exc:
        raise HTTPException(400, f"unreadable multipart body: {exc.message}") from None
    try:
        upload = form.get(FIELD)
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, f"no file in the multipart field '{FIELD}'")
        name = safe_name(upload.filename or "")
        folder = Path(tempfile.mkdtemp(prefix="linkage-upload-"))
        target = folder / name
        try:
            with open(target, "wb") as out:
                while chunk := await upload.read(1 << 20):
                    out.write(chunk)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return folder, target
    finally:
        await form.close()


def safe_name(filename: str) -> str:
    """The client's file name reduced to a safe base name with a readable suffix (415 if none).

        >>> safe_name("../../etc/Hennepin log.CSV")
        'Hennepin_log.csv'
    """
    base = Path(filename.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUFFIXES:
        raise HTTPException(
            415, f"{base or 'the upload'}: expected one of {', '.join(sorted(SUFFIXES))}"
        )
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:100] or "upload"
    return stem + suffix
