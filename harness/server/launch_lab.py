"""The harness's Jupyter launcher: JupyterLab 4 (harness/app/static) on Debian's jupyter_server 1.23
and jupyterlab_server 2.16, plus a jupyter-server-proxy stand-in (server_proxy.py).

Run with /usr/bin/python3 (Debian's Jupyter lives there):

    HARNESS_RUN_DIR=/tmp/run /usr/bin/python3 harness/server/launch_lab.py \
        --ServerApp.port=0 --ServerApp.token=T --ServerApp.root_dir=/data ...

Labextensions are discovered the way JupyterLab discovers them (jupyter_path("labextensions"),
i.e. $JUPYTER_PATH/labextensions first); server-proxy servers are read from the Jupyter config
path (`ServerProxy.servers` in $JUPYTER_CONFIG_PATH/jupyter_server_config.json, where the installer
writes them), as the real extension does: jupyter_server reads `jupyter_server_config.d/` folders
only for `jpserver_extensions`.

Environment:
  HARNESS_RUN_DIR   per-run folder for user settings, workspaces (default: a fresh temp dir)
  HARNESS_ISOLATE=1 ignore the system and user Jupyter paths (only JUPYTER_PATH, JUPYTER_CONFIG_PATH
                    and the JUPYTER_*_DIR variables count), so a test sees nothing but its prefix
  HARNESS_EXIT_WITH_PARENT=1
                    stop (and stop the shim) when the process that started us goes away, so a
                    crashed test run leaves no Jupyter behind
"""

import json
import os
import signal
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

if os.environ.get("HARNESS_ISOLATE") == "1":
    import site

    import jupyter_core.paths as jupyter_paths

    # Only the explicitly configured paths: no /etc/jupyter, /usr/share/jupyter, ~/.local, ~/.jupyter.
    jupyter_paths.SYSTEM_CONFIG_PATH = []
    jupyter_paths.ENV_CONFIG_PATH = []
    jupyter_paths.SYSTEM_JUPYTER_PATH = []
    jupyter_paths.ENV_JUPYTER_PATH = []
    site.ENABLE_USER_SITE = False

from jupyter_server.base.handlers import JupyterHandler  # noqa: E402
from jupyter_server.utils import url_path_join  # noqa: E402
from jupyterlab_server import LabServerApp  # noqa: E402
from jupyterlab_server.handlers import LabHandler  # noqa: E402
from tornado import web, websocket  # noqa: E402
from traitlets import Unicode  # noqa: E402

from server_proxy import server_proxy_handlers  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
APP_DIR = os.path.join(REPO, "harness", "app")
STATIC_DIR = os.path.join(APP_DIR, "static")
RUN_DIR = os.environ.get("HARNESS_RUN_DIR") or tempfile.mkdtemp(prefix="harness-lab-")


def _app_version():
    with open(os.path.join(APP_DIR, "package.json"), encoding="utf-8") as file:
        return json.load(file)["jupyterlab"]["version"]


class IdentityHandler(JupyterHandler):
    """GET /api/me: jupyter_server 1.x has no identity API; JupyterLab 4's UserManager waits on it."""

    @web.authenticated
    def get(self):
        user = self.current_user
        # Under JupyterHub the current user is the hub's user model (a dict).
        name = user.get("name", "harness") if isinstance(user, dict) else str(user or "harness")
        self.set_header("Content-Type", "application/json")
        self.finish(
            json.dumps(
                {
                    "identity": {
                        "username": name,
                        "name": "Harness User",
                        "display_name": "Harness User",
                        "initials": "HU",
                        "avatar_url": None,
                        "color": None,
                    },
                    "permissions": {},
                }
            )
        )


class EventsSubscribeHandler(websocket.WebSocketHandler, JupyterHandler):
    """/api/events/subscribe: no event bus in jupyter_server 1.x; an idle socket stops the retries."""

    async def get(self, *args, **kwargs):
        if not self.current_user:
            raise web.HTTPError(403)
        return await super().get(*args, **kwargs)

    def on_message(self, message):
        pass


class HarnessLabHandler(LabHandler):
    """The /lab page. Touching xsrf_token guarantees the `_xsrf` cookie the shim's CSRF check reads."""

    def prepare(self):
        result = super().prepare()
        _ = self.xsrf_token
        return result


class HarnessLabApp(LabServerApp):
    name = "lab"
    app_name = "JupyterLab"
    load_other_extensions = False
    app_version = Unicode(_app_version())
    static_dir = STATIC_DIR
    schemas_dir = os.path.join(STATIC_DIR, "schemas")
    themes_dir = os.path.join(STATIC_DIR, "themes")
    templates_dir = os.path.join(HERE, "templates")
    app_settings_dir = os.path.join(HERE, "app_settings")
    user_settings_dir = os.path.join(RUN_DIR, "user-settings")
    workspaces_dir = os.path.join(RUN_DIR, "workspaces")

    def initialize_settings(self):
        super().initialize_settings()
        if not os.path.exists(os.path.join(STATIC_DIR, "main.bundle.js")):
            raise SystemExit(f"{STATIC_DIR} has no build: run `npm run build:harness` first")
        serverapp = self.serverapp
        # Keys jupyterlab's LabApp adds and LabServerApp does not: with `token` the frontend
        # authenticates with an Authorization header (and sends X-XSRFToken from the cookie).
        page_config = self.settings.setdefault("page_config_data", {})
        page_config.update(
            {
                "token": serverapp.token,
                "notebookVersion": json.dumps([1, 23, 3]),
                "allow_hidden_files": False,
                "delete_to_trash": False,
                "quitButton": False,
                "exposeAppInBrowser": True,
                "appVersion": self.app_version,
            }
        )
        hub_prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
        if hub_prefix:
            # What @jupyterlab/hub-extension reads when running as a JupyterHub single-user server.
            page_config.update(
                {
                    "hubPrefix": os.environ.get("JUPYTERHUB_BASE_URL", "/") + "hub/",
                    "hubHost": os.environ.get("JUPYTERHUB_HOST", ""),
                    "hubUser": os.environ.get("JUPYTERHUB_USER", ""),
                    "hubServerName": os.environ.get("JUPYTERHUB_SERVER_NAME", ""),
                    "shareUrl": url_path_join(os.environ.get("JUPYTERHUB_BASE_URL", "/"), "hub", "user-redirect"),
                }
            )

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers = [
            (pattern, HarnessLabHandler, *rest) if handler is LabHandler else (pattern, handler, *rest)
            for (pattern, handler, *rest) in self.handlers
        ]
        self.handlers.append(("/api/me", IdentityHandler))
        self.handlers.append(("/api/events/subscribe", EventsSubscribeHandler))
        proxy_handlers, self._proxied_servers = server_proxy_handlers(self.serverapp, self.log)
        self.handlers.extend(proxy_handlers)

    async def stop_extension(self):
        for server in getattr(self, "_proxied_servers", []):
            server.stop()


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": HarnessLabApp}]


def _exit_with_parent():
    """A watcher thread: when our parent dies we are re-parented; SIGTERM ourselves then, which
    runs jupyter_server's normal shutdown (extensions first, so the shim is stopped too)."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


if __name__ == "__main__":
    os.makedirs(RUN_DIR, exist_ok=True)
    if os.environ.get("HARNESS_EXIT_WITH_PARENT") == "1":
        _exit_with_parent()
    HarnessLabApp.launch_instance()
