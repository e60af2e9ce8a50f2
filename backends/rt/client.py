"""A small asynchronous client for RT's REST 2.0 API: auth, one connection pool, error mapping.

The only module of Centralino (with the http backend) that imports httpx.

Auth: with a user and password the client logs in once through /NoAuth/Login.html and reuses
RT's session cookie: RT checks a bcrypt hash on every token or basic-auth request (~0.35 s at
RT's default cost), a session request skips that. With a token only, each request pays it.

CSRF (RT 5.0.3+dfsg-3~deb12u7, CVE-2026-108277, and upstream RT since): a state-changing REST 2.0
request that a session cookie authenticates must name an origin RT accepts, its own
$WebBaseURL's host and port or one of @ReferrerWhitelist. A browser cannot forge that header
for another site, which is the whole point of the check; we are not a browser, so we state RT's
own base URL as the referrer: the URL we were given, or, when RT refuses that (a reverse proxy
in front of an RT whose $WebBaseURL names another host or port), the base URL RT itself writes
into its answers' `_url` links. The login form gets the same treatment, for RTs that turn on
$RestrictLoginReferrer. Token requests are not subject to the check and send nothing extra.
"""

from __future__ import annotations

import asyncio
import html
from typing import Any

import httpx

from backends.errors import Conflict, Forbidden, Invalid, NotFound, Unavailable
from backends.i18n import _

REST = "/REST/2.0"
MAX_CONNECTIONS = 4
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# RT's answer when its CSRF check refuses a cookie-authenticated write (RT::REST2::Middleware::Auth)
CSRF_REFUSAL = "cross-site request forgery"
# RT's login page when $RestrictLoginReferrer refuses a login without its own page as referrer
LOGIN_REFERRER_REFUSAL = "Use RT's login page to log in"


def _message_of(response: httpx.Response) -> str:
    """RT's error text: {"message": …}, a message array, or the status line."""
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase or str(response.status_code)
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    if isinstance(body, list) and body:
        return "; ".join(str(item) for item in body)
    return response.reason_phrase or str(response.status_code)


def _is_login_redirect(response: httpx.Response) -> bool:
    """RT redirects a REST call without a valid session ("Login required") instead of 401."""
    return response.is_redirect and response.request.url.path.startswith(REST)


def _is_csrf_refusal(response: httpx.Response) -> bool:
    return response.status_code == 403 and CSRF_REFUSAL in _message_of(response).lower()


def _base_url_in(body: Any) -> str | None:
    """RT's $WebBaseURL (plus $WebPath) as RT writes it into an answer's `_url` links."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            url = item.get("_url")
            if isinstance(url, str) and REST in url:
                return url.split(REST, 1)[0].rstrip("/")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def etag_version(response: httpx.Response) -> int:
    """RT's ETag is the id of the record's newest transaction: a version that only grows."""
    raw = response.headers.get("etag", "").strip().removeprefix("W/").strip('"')
    return int(raw) if raw.isdigit() else 0


def _host_port(url: str) -> str:
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return f"{parsed.host}:{port}"


class RtClient:
    def __init__(self, base_url: str, *, token: str | None = None, user: str | None = None,
                 password: str | None = None, timeout: float = 10.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        if not token and not (user and password):
            raise Invalid("token", _("the rt backend needs an RT auth token, or a user and "
                                     "password"))
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.user = user
        self.password = password
        self.timeout = timeout
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._login_lock = asyncio.Lock()  # also guards learning RT's base URL
        # the origin stated on cookie-authenticated writes: RT's own base URL as far as we know
        self.referer_base = self.base_url
        self._referer_learnt = False
        self.send_referer = True  # tests turn it off to show RT's CSRF check is really there
        self.rt_version: str | None = None

    @property
    def uses_session(self) -> bool:
        return bool(self.user and self.password)

    # -- lifecycle ------------------------------------------------------------------------
    async def open(self) -> None:
        headers = {"Accept": "application/json"}
        if not self.uses_session and self.token:
            headers["Authorization"] = f"token {self.token}"
        self._http = httpx.AsyncClient(
            base_url=self.base_url, headers=headers, transport=self._transport,
            timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 5.0), pool=None),
            # few connections: RT's own server runs few workers; more would only queue there
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS,
                                max_keepalive_connections=MAX_CONNECTIONS),
            follow_redirects=False)
        if self.uses_session:
            await self._login()
        else:  # fail at open, not at the first lookup, when the token is wrong
            response = await self.request("GET", "/rt")
            self._note_version(response)

    def _note_version(self, response: httpx.Response) -> None:
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, dict) and isinstance(body.get("Version"), str):
            self.rt_version = body["Version"]

    async def close(self) -> None:
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()

    async def _login(self) -> None:
        http = self._require()
        http.cookies.clear()
        try:
            login = await http.post(
                "/NoAuth/Login.html", data={"user": self.user or "", "pass": self.password or ""},
                headers={"Referer": self.referer_base + "/NoAuth/Login.html"})
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        # RT answers the login form with 200 either way: a REST call tells whether it worked
        response = await self._send("GET", f"{REST}/rt", None, None, None)
        if response.status_code in (401, 403) or _is_login_redirect(response):
            if LOGIN_REFERRER_REFUSAL in html.unescape(login.text):
                raise Forbidden(self._login_referrer_advice())
            raise Forbidden(_("RT refused user '{user}': check the user name and password")
                            .format(user=self.user))
        self._note_version(response)

    def _login_referrer_advice(self) -> str:
        return _("RT refused the login because it did not come from RT's own login page "
                 "($RestrictLoginReferrer is on) and RT does not know {url} as its own address: "
                 "in RT_SiteConfig.pm set $WebBaseURL to the address the console uses, or add "
                 "'{host}' to @ReferrerWhitelist, or give the rt backend a token instead of a "
                 "password").format(url=self.base_url, host=_host_port(self.base_url))

    def _csrf_advice(self) -> str:
        return _("RT's cross-site request forgery protection refused a change sent as {url}: "
                 "RT accepts changes made with a login session only from its own address "
                 "($WebBaseURL) or from @ReferrerWhitelist. In RT_SiteConfig.pm add "
                 "Set(@ReferrerWhitelist, qw({host})); or give the rt backend a token "
                 "(--token), which this check does not apply to").format(
                     url=self.referer_base, host=_host_port(self.referer_base))

    async def _learn_rt_base_url(self) -> None:
        """Take RT's own base URL from a listing's `_url` links, asked once per client."""
        if self._referer_learnt:
            return
        self._referer_learnt = True
        for path in ("/queues/all", f"/user/{self.user or ''}"):
            response = await self._send("GET", REST + path, None, {"per_page": 1}, None)
            if response.status_code != 200:
                continue
            try:
                found = _base_url_in(response.json())
            except ValueError:
                continue
            if found:
                self.referer_base = found
                return

    # -- requests -------------------------------------------------------------------------
    def _require(self) -> httpx.AsyncClient:
        if self._http is None:
            raise Unavailable(_("the RT connection is closed"))
        return self._http

    def _unreachable(self, exc: Exception) -> Unavailable:
        kind = _("timed out") if isinstance(exc, httpx.TimeoutException) else _("unreachable")
        return Unavailable(_("Request Tracker at {url} is {kind}: {error}").format(
            url=self.base_url, kind=kind, error=exc.__class__.__name__))

    async def _send(self, method: str, url: str, json: Any, params: dict[str, Any] | None,
                    headers: dict[str, str] | None) -> httpx.Response:
        http = self._require()
        # retry only what cannot change anything twice: reads, on a broken connection
        attempts = 2 if method == "GET" else 1
        for attempt in range(attempts):
            try:
                return await http.request(method, url, json=json, params=params,
                                          headers=headers)
            except httpx.TimeoutException as exc:
                raise self._unreachable(exc) from None
            except httpx.TransportError as exc:
                if attempt + 1 >= attempts:
                    raise self._unreachable(exc) from None
                await asyncio.sleep(0.1)
        raise AssertionError("unreachable")

    async def request(self, method: str, path: str, *, json: Any = None,
                      params: dict[str, Any] | None = None,
                      if_match: int | None = None) -> httpx.Response:
        """Send one REST 2.0 request; non-2xx answers become the backend error family.

        412 becomes Conflict without `current`: the caller knows what to fetch."""
        url = REST + path
        sent_as = self.referer_base
        response = await self._send(method, url, json, params, self._headers(method, if_match))
        if (response.status_code == 401 or _is_login_redirect(response)) and self.uses_session:
            async with self._login_lock:  # the session expired: log in again, once
                await self._login()
            response = await self._send(method, url, json, params,
                                        self._headers(method, if_match))
        if _is_csrf_refusal(response) and self.uses_session:
            async with self._login_lock:
                if self.referer_base == sent_as:
                    await self._learn_rt_base_url()
            if self.referer_base != sent_as:
                # refused before RT did anything: safe to send again with RT's own address
                response = await self._send(method, url, json, params,
                                            self._headers(method, if_match))
        status = 401 if _is_login_redirect(response) else response.status_code
        if status < 300:
            return response
        message = _message_of(response)
        if status == 401:
            raise Forbidden(_("RT refused the credentials: check the token (or user and "
                              "password) given to the rt backend"))
        if _is_csrf_refusal(response):
            raise Forbidden(self._csrf_advice())
        if status == 403:
            raise Forbidden(_("RT does not allow this: {message}").format(message=message))
        if status == 404:
            raise NotFound(_("RT has no {what}").format(what=path.strip("/")))
        if status == 412:
            raise Conflict(_("changed in RT since it was read"))
        if status in (400, 422):
            raise Invalid(None, _("RT refused the request: {message}").format(message=message))
        if status >= 500:
            raise Unavailable(_("Request Tracker failed ({status}): {message}").format(
                status=status, message=message))
        raise Invalid(None, _("RT answered {status}: {message}").format(status=status,
                                                                      message=message))

    def _headers(self, method: str, if_match: int | None) -> dict[str, str] | None:
        headers: dict[str, str] = {}
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        if self.uses_session and self.send_referer and method not in SAFE_METHODS:
            headers["Referer"] = self.referer_base + "/"
        return headers or None

    async def get_json(self, path: str, **params: Any) -> tuple[Any, int]:
        """The decoded body and the ETag version (0 when RT sent none)."""
        response = await self.request("GET", path, params=params or None)
        return response.json(), etag_version(response)

    async def post_json(self, path: str, body: Any, **params: Any) -> Any:
        response = await self.request("POST", path, json=body, params=params or None)
        return response.json() if response.content else None

    async def put_json(self, path: str, body: Any, *, if_match: int | None = None) -> list[str]:
        """RT's answer to an update: a list of messages, successes and failures mixed."""
        response = await self.request("PUT", path, json=body, if_match=if_match)
        data = response.json() if response.content else []
        return [str(item) for item in data] if isinstance(data, list) else [str(data)]

    async def collection(self, path: str, *, body: Any = None, limit: int = 100,
                         **params: Any) -> list[dict[str, Any]]:
        """Items of a collection, following pages until `limit` items (RT caps pages at 100)."""
        items: list[dict[str, Any]] = []
        page = 1
        while len(items) < limit:
            query = {**params, "page": page, "per_page": min(100, max(1, limit))}
            if body is None:
                data, _version = await self.get_json(path, **query)
            else:
                data = await self.post_json(path, body, **query)
            batch = data.get("items") or []
            items.extend(batch)
            pages = int(float(data.get("pages") or 0))
            if not batch or page >= pages:
                break
            page += 1
        return items[:limit]
