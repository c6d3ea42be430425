"""Data pack pages: ask for a pack, watch it being made, download it, see earlier packs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from asbhub.datapacks import services
from asbhub.datapacks.forms import DataPackForm

CONTENT_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}
LISTED = 50


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """List the packs the user may see; analysts and PCC scrutiny may also ask for one.

    Partners see finished packs only; a user without a data pack permission gets a 403.
    Asking for a pack only queues it: it is made in the background after the request.
    """
    user = request.user
    if not user.has_perm("datapacks.view_datapack"):
        raise PermissionDenied
    can_make = user.has_perm("datapacks.add_datapack")
    form = None
    if can_make:
        months = services.available_months()
        form = DataPackForm(request.POST or None, months_loaded=months)
        if request.method == "POST" and form.is_valid():
            pack = services.request_datapack(user, **form.cleaned_data)
            return redirect("datapacks:detail", pk=pack.pk)
    elif request.method == "POST":
        raise PermissionDenied
    packs = list(services.packs_visible_to(user)[:LISTED])
    no_data = form is not None and not form.fields["period_end"].choices
    context = {"form": form, "packs": packs, "can_make": can_make, "no_data": no_data}
    return render(request, "datapacks/index.html", context)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one pack's progress and, once made, its files; HTMX polls get the fragment only."""
    pack = services.pack_for(request.user, pk)
    template = "datapacks/_status.html" if request.htmx else "datapacks/detail.html"
    response = render(request, template, {"pack": pack})
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """Send a finished pack's HTML or PDF as a download (404 when not visible or not made)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    _pack, path = services.pack_file(request.user, pk, fmt)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type=CONTENT_TYPES[fmt]
    )
