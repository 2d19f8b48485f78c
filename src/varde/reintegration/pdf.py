"""PDF documents with WeasyPrint, from the same HTML templates as the print views.

The template is rendered with ``for_pdf`` set (it then leaves out the screen stylesheet
link and the print button); the document stylesheet ``reintegration/document.css`` is given
to WeasyPrint from the static files, so nothing is fetched over the network. WeasyPrint is
imported on first use: it is slow to import and only these documents need it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEET = "reintegration/document.css"


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """Documents are self-contained: refuse any external resource."""
    raise ValueError(f"External resources are not allowed in documents: {url}")


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The template as a PDF (A4, the document stylesheet)."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, {**context, "for_pdf": True})
    stylesheet = finders.find(STYLESHEET)
    if not isinstance(stylesheet, str):
        raise FileNotFoundError(STYLESHEET)
    document = HTML(string=html, url_fetcher=_no_fetch, base_url="/")
    pdf = document.write_pdf(stylesheets=[CSS(filename=stylesheet)])
    assert pdf is not None
    return bytes(pdf)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
