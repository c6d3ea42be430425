"""The JSON API (Django Ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs.

Errors answer as problem+json (RFC 9457) with a title, status and detail.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

import asbhub
from asbhub.api.problems import problem

api = NinjaAPI(
    title="ASB Hub API",
    version=asbhub.__version__,
    description="Anti-social behaviour response for a police force, its PCC and partners.",
    urls_namespace="api",
)
api.add_router("/hotspots", "asbhub.hotspots.api.router")
api.add_router("/incidents", "asbhub.incidents.api.router")
api.add_router("/problem-solving", "asbhub.problem_solving.api.router")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(
        422, "The request is not valid", "See `errors` for each problem.", errors=exc.errors
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(401, "Authentication required", "Send a valid API token.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, str(exc.message), str(exc.message))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, "Not found", "There is no such record, or you may not see it.")


class Health(Schema):
    status: str
    version: str


@api.get("/health", response=Health, auth=None, summary="Is the service up?")
def health(request: HttpRequest) -> dict[str, str]:
    """Answer `ok` with the version; needs no authentication and touches no personal data."""
    return {"status": "ok", "version": asbhub.__version__}
