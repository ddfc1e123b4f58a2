"""What an add-on app plugs into eventmedia, without the core knowing the add-on.

An importer such as ``eventmedia.contrib.instagram`` registers itself from its ``AppConfig.ready()``:

- ``register_settings(name, defaults)``: a section of ``EVENTMEDIA`` (``EVENTMEDIA[name]``), merged key
  by key with ``defaults`` and known to the settings checks (kept by ``eventmedia.conf``);
- ``register_api_urls(module)``: URL patterns added to ``eventmedia.api.urls`` (so under the same
  ``v1/`` prefix and URL namespace as the core's);
- ``register_tracked_task(kind, task_path)``: the task a ``BackgroundTask`` of that kind runs (it takes
  the record's id), for ``background.start`` and ``eventmedia_resume_tasks`` (kept by ``eventmedia.jobs``);
- ``register_admin_panel(section)``: a section of the event media panel in the admin, with its own
  admin URLs and template context (see ``AdminPanelSection``);
- ``register_scheduled_job(name, function_path)``: work a site runs on a schedule (a token refresh,
  say), started with ``background.start_schedule`` (kept by ``eventmedia.jobs``);
- ``eventmedia.problems.register(...)``: the add-on's error codes, in the core's catalog.

Everything registered is read lazily, when a request, a check or a command needs it, so the order in
which apps become ready does not matter. Pages and API views of an add-on create images through
``eventmedia.services`` (``save_event_image`` with a ``source`` and an ``external_id``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import jobs
from .conf import register_section

_api_urls: list[str] = []
_admin_panels: list[AdminPanelSection] = []


@dataclass(frozen=True)
class AdminPanelSection:
    """A section of the admin's event media panel.

    ``template`` is included in the panel with the context ``context(model_admin, request, event)``
    returns; ``urls(model_admin)`` returns extra admin URL patterns of the event's ModelAdmin (their
    names should start with ``model_admin``'s ``<app>_<model>_`` prefix, see ``admin_url_name``).
    """

    name: str
    template: str
    context: Callable[[Any, Any, Any], dict[str, Any]]
    urls: Callable[[Any], list] = lambda model_admin: []


def register_settings(name: str, defaults: dict[str, Any]) -> None:
    """Add the ``EVENTMEDIA[name]`` section with its defaults (merged key by key with the site's)."""
    register_section(name, defaults)


def register_api_urls(module: str) -> None:
    """Add the ``urlpatterns`` of ``module`` (a dotted path) to eventmedia's API URLs."""
    if module not in _api_urls:
        _api_urls.append(module)


def api_url_modules() -> list[str]:
    """The URL modules add-ons registered for the API."""
    return list(_api_urls)


def register_tracked_task(kind: str, task_path: str) -> None:
    """Run the task at ``task_path`` (dotted) for ``BackgroundTask`` records of ``kind``."""
    jobs.register_tracked(kind, task_path)


def register_admin_panel(section: AdminPanelSection) -> None:
    """Add a section to the admin's event media panel (once per name)."""
    if all(existing.name != section.name for existing in _admin_panels):
        _admin_panels.append(section)


def admin_panels() -> list[AdminPanelSection]:
    """The admin panel sections add-ons registered, in order."""
    return list(_admin_panels)


def register_scheduled_job(name: str, function_path: str) -> None:
    """Let ``name`` be scheduled: the function at ``function_path`` (dotted) runs at each turn and
    returns a JSON-able report."""
    jobs.register_scheduled(name, function_path)


def admin_url_name(model_admin, action: str) -> str:
    """The admin URL name of ``action`` on ``model_admin``'s model (``<app>_<model>_<action>``)."""
    return f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_{action}"
