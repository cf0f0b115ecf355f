"""Checks of our own that schemathesis runs beside its built-in ones (SCHEMATHESIS_HOOKS)."""

import schemathesis


def _content_type(response) -> str:
    value = response.headers.get("content-type") or response.headers.get("Content-Type") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value.split(";")[0].strip().lower()


@schemathesis.check
def problem_json_on_client_errors(ctx, response, case):
    """Every 4xx of the API is an RFC 9457 problem (docs/API.md), whatever the route documents."""
    if 400 <= response.status_code < 500:
        content_type = _content_type(response)
        if content_type != "application/problem+json":
            raise AssertionError(
                f"{response.status_code} answered with {content_type or 'no content type'}, "
                "not application/problem+json"
            )
