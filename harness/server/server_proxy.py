"""A faithful stand-in for jupyter-server-proxy (not packaged in Debian) for the harness.

Like jupyter-server-proxy, it builds `ServerProxy(parent=serverapp)` from the server's traitlets
config, i.e. `c.ServerProxy.servers` from `jupyter_server_config.{py,json}` on the Jupyter config
path (where the installer puts our entry; jupyter_server reads `jupyter_server_config.d/` only
for `jpserver_extensions`, so a server defined there would be ignored by the real thing too).
For a `unix_socket: true` server it behaves like jupyter-server-proxy 4.x:

- the command starts lazily, on the first request, with `{unix_socket}` replaced by a socket path
  in a private (0700) temporary directory, `{base_url}` by the server's base URL;
- readiness = any HTTP answer to `GET /` on the socket, within `timeout` seconds;
- `{base_url}<name>/<path>` is proxied to `/<path>` (`absolute_url: false`) behind Jupyter's own
  authentication (`@web.authenticated`: 302 to the login page for GET/HEAD, 403 otherwise);
- XSRF is NOT checked (jupyter-server-proxy defers it to the proxied application);
- request headers are forwarded minus hop-by-hop ones, plus `X-Forwarded-Context`,
  `X-ProxyContextPath` and `X-Forwarded-Prefix` = `{base_url}<name>`;
- the status, every response header (Location, repeated Set-Cookie...) except Content-Length,
  Transfer-Encoding and Connection, and the body are relayed unchanged;
- the process inherits the Jupyter server's environment (plus the optional `environment`).
"""

import asyncio
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from urllib.parse import quote, urlparse, urlunparse

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import httpclient, web
from tornado.netutil import Resolver
from traitlets import Dict
from traitlets.config import Configurable

HOP_BY_HOP_HEADERS = (
    "Proxy-Connection",
    "Keep-Alive",
    "Transfer-Encoding",
    "TE",
    "Connection",
    "Trailer",
    "Upgrade",
    "Proxy-Authorization",
    "Proxy-Authenticate",
)
NOT_RELAYED_RESPONSE_HEADERS = ("Content-Length", "Transfer-Encoding", "Connection")


class ServerProxy(Configurable):
    """The configuration section jupyter-server-proxy reads (`c.ServerProxy.servers`)."""

    servers = Dict(
        {},
        help="Named servers to start on demand and proxy at {base_url}<name>/",
    ).tag(config=True)


class UnixResolver(Resolver):
    """Resolves every host to one Unix socket, as jupyter-server-proxy does for unix_socket."""

    def initialize(self, socket_path):  # pylint: disable=arguments-differ
        self.socket_path = socket_path

    async def resolve(self, host, port, family=socket.AF_UNSPEC):
        return [(socket.AF_UNIX, self.socket_path)]


def _die_with_parent():
    """Linux: the proxied process gets SIGTERM if the Jupyter server dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


class SupervisedServer:
    """One configured server: its process, its socket and its HTTP client."""

    def __init__(self, name, spec, base_url, log):
        self.name = name
        self.spec = spec
        self.base_url = base_url
        self.log = log
        self.process = None
        self.socket_dir = None
        self.socket_path = None
        self.client = None
        self._lock = asyncio.Lock()

    def _command(self):
        command = self.spec.get("command")
        if not isinstance(command, list) or not command:
            raise web.HTTPError(500, f"ServerProxy.servers[{self.name!r}].command must be a non-empty list")
        values = {"unix_socket": self.socket_path, "base_url": self.base_url, "port": "0"}
        return [part.format(**values) for part in command]

    def _environment(self):
        environment = dict(os.environ)
        for key, value in (self.spec.get("environment") or {}).items():
            environment[key] = str(value).format(unix_socket=self.socket_path, base_url=self.base_url)
        return environment

    async def _is_ready(self):
        try:
            await self.client.fetch(
                "http://localhost/", raise_error=False, follow_redirects=False, request_timeout=5
            )
            return True
        except (OSError, httpclient.HTTPClientError):
            return False

    async def ensure_running(self):
        async with self._lock:
            if self.process is not None and self.process.poll() is None:
                return
            if self.process is not None:
                self.log.warning(
                    "[server-proxy] %s exited with %s; restarting", self.name, self.process.returncode
                )
            self._cleanup_socket()
            if not self.spec.get("unix_socket"):
                raise web.HTTPError(500, f"the harness only proxies unix_socket servers ({self.name})")
            # jupyter-server-proxy: a socket in a fresh private directory (mkdtemp is 0700).
            self.socket_dir = tempfile.mkdtemp(prefix="jupyter-server-proxy-")
            self.socket_path = os.path.join(self.socket_dir, "socket")
            self.client = httpclient.AsyncHTTPClient(
                force_instance=True, resolver=UnixResolver(socket_path=self.socket_path)
            )
            command = self._command()
            self.log.info("[server-proxy] starting %s: %s", self.name, command)
            self.process = subprocess.Popen(  # noqa: S603 - the configured command, as jsp runs it
                command, env=self._environment(), preexec_fn=_die_with_parent
            )
            deadline = time.monotonic() + float(self.spec.get("timeout", 5))
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise web.HTTPError(
                        500, f"{self.name} exited with {self.process.returncode} before it was ready"
                    )
                if os.path.exists(self.socket_path) and await self._is_ready():
                    self.log.info("[server-proxy] %s is ready on %s", self.name, self.socket_path)
                    return
                await asyncio.sleep(0.05)
            self.stop()
            raise web.HTTPError(500, f"could not start {self.name} in time")

    def _cleanup_socket(self):
        if self.socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
        self.socket_dir = self.socket_path = None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.client is not None:
            self.client.close()
            self.client = None
        self._cleanup_socket()


class AddSlashHandler(JupyterHandler):
    """`{base_url}<name>` → `{base_url}<name>/`, as jupyter-server-proxy does."""

    @web.authenticated
    def get(self, *args):
        source = urlparse(self.request.uri)
        self.redirect(urlunparse(source._replace(path=source.path + "/")))


class LocalProxyHandler(JupyterHandler):
    """Proxies `{base_url}<name>/<path>` to the supervised server's `/<path>`."""

    def initialize(self, server):
        self.server = server

    def check_xsrf_cookie(self):
        # jupyter-server-proxy: "Http(s) proxy doesn't need to check xsrf; defer to the proxied app".
        return

    def _context_path(self):
        return url_path_join(self.base_url, self.server.name)

    async def proxy(self, proxied_path):
        await self.server.ensure_running()
        headers = self.request.headers.copy()
        for name in HOP_BY_HOP_HEADERS:
            if name in headers:
                del headers[name]
        context_path = self._context_path()
        headers["X-Forwarded-Context"] = context_path
        headers["X-ProxyContextPath"] = context_path
        headers["X-Forwarded-Prefix"] = context_path

        path = "/" + proxied_path if not proxied_path.startswith("/") else proxied_path
        path = quote(path, safe=":/?#[]@!$&'()*+,;=-._~")
        url = "http://localhost" + path
        if self.request.query:
            url += "?" + self.request.query
        body = self.request.body
        if not body:
            body = b"" if self.request.method in ("POST", "PUT", "PATCH") else None

        request = httpclient.HTTPRequest(
            url,
            method=self.request.method,
            body=body,
            headers=headers,
            decompress_response=False,
            follow_redirects=False,
            allow_nonstandard_methods=True,
        )
        try:
            response = await self.server.client.fetch(request, raise_error=False)
        except httpclient.HTTPClientError as error:
            self.set_status(599 if error.code == 599 else 500)
            self.write(str(error))
            return
        except OSError as error:
            self.set_status(500)
            self.write(f"{self.server.name} is unreachable: {error}")
            return
        if response.code == 599:
            self.set_status(599)
            self.write(str(response.error))
            return

        self.set_status(response.code, response.reason)
        self._headers = type(self._headers)()  # drop tornado's defaults, keep only upstream's
        for name, value in response.headers.get_all():
            if name not in NOT_RELAYED_RESPONSE_HEADERS:
                self.add_header(name, value)
        if response.body:
            self.write(response.body)

    # Authentication goes on the verb methods tornado calls, not on `proxy`: for an anonymous
    # request `@web.authenticated` redirects (GET/HEAD) or raises 403 and returns None, which
    # tornado accepts from a verb method but `await self.proxy(...)` would fail on (a TypeError
    # logged after the 302).
    @web.authenticated
    def _authenticated_proxy(self, proxied_path):
        return self.proxy(proxied_path)

    get = head = post = put = patch = delete = options = _authenticated_proxy

def server_proxy_handlers(serverapp, log):
    """Handlers (patterns relative to base_url) and the supervised servers, from the config."""
    config = ServerProxy(parent=serverapp)
    base_url = serverapp.base_url
    handlers = []
    servers = []
    for name, spec in config.servers.items():
        server = SupervisedServer(name, spec, base_url, log)
        servers.append(server)
        handlers.append((f"/{name}", AddSlashHandler))
        handlers.append((f"/{name}/(.*)", LocalProxyHandler, {"server": server}))
        log.info("[server-proxy] %s proxied at %s%s/", name, base_url, name)
    return handlers, servers
