"""JupyterHub configuration for the hub e2e suite (test/hub/hub.e2e.test.ts) and for trying the
extension in a hub by hand. Debian's jupyterhub 3.0 + configurable-http-proxy, everything on
127.0.0.1, no system users:

- DummyAuthenticator (one shared password) for the users in HUB_E2E_USERS;
- SimpleLocalProcessSpawner: each user's server runs as the hub's OS user in <run>/home/<name>;
- the single-user server is `jupyterhub-singleuser` wrapping jupyter_server's ServerApp, with the
  project's Jupyter launcher (harness/server/launch_lab.py: JupyterLab 4 + the
  jupyter-server-proxy stand-in) loaded as a server extension, and this extension installed in an
  installer-made prefix (HUB_E2E_PREFIX);
- the example hub submission service (examples/hub-submission-service) as a managed service;
- a stand-in for GlobusOAuthenticator's hand-over: users listed in HUB_E2E_AUTH_STATE get the
  authenticator's GLOBUS_DATA pickle and GLOBUS_LOCAL_ENDPOINT, and those in
  HUB_E2E_TOKENS_JSON_USERS also get the documented JSON hook (hub/globus_tokens_json.py).

Run it with:  /usr/bin/jupyterhub -f hub/jupyterhub_config.py  and the variables below.

  HUB_E2E_RUN_DIR            fresh folder for the database, cookie secret, homes and logs (required)
  HUB_E2E_PREFIX             prefix the installer wrote (share/jupyter, etc/jupyter) (required)
  HUB_E2E_PORT               public port of the proxy (required)
  HUB_E2E_HUB_PORT           port of the hub itself (required)
  HUB_E2E_PROXY_API_PORT     configurable-http-proxy's API port (required)
  HUB_E2E_SERVICE_PORT       port of the submission service (required)
  HUB_E2E_PASSWORD           the DummyAuthenticator password (required)
  HUB_E2E_USERS              comma-separated user names (default alice,bob)
  HUB_E2E_SUBMISSION_USERS   users whose shim submits through the hub service (default: none)
  HUB_E2E_AUTH_STATE         JSON {user: auth_state} as GlobusOAuthenticator keeps it (default {})
  HUB_E2E_TOKENS_JSON_USERS  users whose spawn runs the GLOBUS_TOKENS_JSON hook (default: none)
  JUPYTERHUB_CRYPT_KEY       required by JupyterHub to keep auth_state
  CONFIGPROXY_AUTH_TOKEN     shared secret between the hub and the proxy (required)
  GLOBUS_SDK_SERVICE_URL_AUTH, GLOBUS_SDK_SERVICE_URL_TRANSFER   the Globus sandbox
  HUB_E2E_COLLECTION_ID      the collection the users' homes are on (the sandbox's GCP collection):
                             GLOBUS_COLLECTION_ID, or for HUB_E2E_AUTH_STATE users the authenticator's
                             GLOBUS_LOCAL_ENDPOINT
"""

import base64
import json
import os
import pickle
import shutil
import sys

from jupyterhub.auth import DummyAuthenticator

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise SystemExit(f"hub/jupyterhub_config.py: {name} must be set (see the docstring)")
    return value


RUN_DIR = required("HUB_E2E_RUN_DIR")
PREFIX = required("HUB_E2E_PREFIX")
PORT = int(required("HUB_E2E_PORT"))
HUB_PORT = int(required("HUB_E2E_HUB_PORT"))
PROXY_API_PORT = int(required("HUB_E2E_PROXY_API_PORT"))
SERVICE_PORT = int(required("HUB_E2E_SERVICE_PORT"))
USERS = [u.strip() for u in os.environ.get("HUB_E2E_USERS", "alice,bob").split(",") if u.strip()]
SUBMISSION_USERS = {
    u.strip() for u in os.environ.get("HUB_E2E_SUBMISSION_USERS", "").split(",") if u.strip()
}
AUTH_STATES = json.loads(os.environ.get("HUB_E2E_AUTH_STATE") or "{}")
TOKENS_JSON_USERS = {
    u.strip() for u in os.environ.get("HUB_E2E_TOKENS_JSON_USERS", "").split(",") if u.strip()
}
COLLECTION_ID = os.environ.get("HUB_E2E_COLLECTION_ID", "")
HOMES = os.path.join(RUN_DIR, "home")
PRIVATE = os.path.join(RUN_DIR, "private")
SERVICE_NAME = "globus-submission"
PUBLIC_URL = f"http://127.0.0.1:{PORT}"

# --- the hub, its proxy and its state: all loopback, all under RUN_DIR ---------------------------
c.JupyterHub.bind_url = PUBLIC_URL
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{HUB_PORT}"
c.JupyterHub.db_url = "sqlite:///" + os.path.join(RUN_DIR, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(RUN_DIR, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(RUN_DIR, "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.ConfigurableHTTPProxy.command = [shutil.which("configurable-http-proxy") or "configurable-http-proxy"]
DEBIAN_NODE_MODULES = "/usr/share/nodejs"
if os.path.isdir(os.path.join(DEBIAN_NODE_MODULES, "configurable-http-proxy")):
    # Debian's proxy finds its dependencies (commander, http-proxy...) through Debian's node,
    # whose global module path is /usr/share/nodejs; another node on PATH (NodeSource's) needs
    # NODE_PATH. The proxy inherits the hub's environment; users' servers do not.
    os.environ["NODE_PATH"] = os.pathsep.join(
        p for p in (DEBIAN_NODE_MODULES, os.environ.get("NODE_PATH", "")) if p
    )
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
c.ConfigurableHTTPProxy.pid_file = os.path.join(RUN_DIR, "proxy.pid")
c.ConfigurableHTTPProxy.should_start = True

# --- users -----------------------------------------------------------------------------------
class GlobusHandOverAuthenticator(DummyAuthenticator):
    """DummyAuthenticator that hands Globus tokens over as GlobusOAuthenticator does."""

    async def authenticate(self, handler, data):
        name = await super().authenticate(handler, data)
        if not name:
            return None
        return {"name": name, "auth_state": AUTH_STATES.get(name)}

    async def pre_spawn_start(self, user, spawner):
        # oauthenticator/globus.py GlobusOAuthenticator.pre_spawn_start, verbatim in effect:
        # the hub's endpoint, and the auth_state as a base64 pickle.
        state = await user.get_auth_state()
        if state:
            spawner.environment["GLOBUS_LOCAL_ENDPOINT"] = COLLECTION_ID
            spawner.environment["GLOBUS_DATA"] = base64.b64encode(pickle.dumps(state)).decode()


c.JupyterHub.authenticator_class = GlobusHandOverAuthenticator
c.DummyAuthenticator.password = required("HUB_E2E_PASSWORD")
c.Authenticator.allowed_users = set(USERS)
c.Authenticator.enable_auth_state = True

sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from globus_tokens_json import globus_tokens_json  # noqa: E402  (the documented hook)


def tokens_json_hook(spawner, auth_state):
    if spawner.user.name in TOKENS_JSON_USERS:
        globus_tokens_json(spawner, auth_state)


c.Spawner.auth_state_hook = tokens_json_hook

# --- each user's single-user server ------------------------------------------------------------
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(HOMES, "{username}")
c.Spawner.cmd = [shutil.which("jupyterhub-singleuser") or "jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.Spawner.args = [
    # traitlets reads a Dict from the command line as key=value pairs.
    "--ServerApp.jpserver_extensions=launch_lab=True",
    # The e2e machine runs everything as root; Jupyter refuses that unless told.
    "--ServerApp.allow_root=True",
]


def submission_env(value):
    """Only the users in HUB_E2E_SUBMISSION_USERS submit through the hub service ('' = unset)."""
    return lambda spawner: value if spawner.user.name in SUBMISSION_USERS else ""


def private_token_file(spawner):
    """Per-user token file outside the home (docs/jupyterhub.md, token storage on a private path)."""
    folder = os.path.join(PRIVATE, spawner.user.name)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, "globus-tokens.json")


c.Spawner.environment = {
    "JUPYTERHUB_SINGLEUSER_APP": "jupyter_server.serverapp.ServerApp",
    "PYTHONPATH": os.path.join(REPO, "harness", "server"),
    # Only the installer-made prefix: no system or user Jupyter paths leak in.
    "HARNESS_ISOLATE": "1",
    "HARNESS_RUN_DIR": lambda spawner: os.path.join(RUN_DIR, "lab", spawner.user.name),
    "JUPYTER_PATH": os.path.join(PREFIX, "share", "jupyter"),
    "JUPYTER_CONFIG_PATH": os.path.join(PREFIX, "etc", "jupyter"),
    "JUPYTER_CONFIG_DIR": lambda spawner: os.path.join(RUN_DIR, "lab", spawner.user.name, "config"),
    "JUPYTER_DATA_DIR": lambda spawner: os.path.join(RUN_DIR, "lab", spawner.user.name, "data"),
    "JUPYTER_RUNTIME_DIR": lambda spawner: os.path.join(RUN_DIR, "lab", spawner.user.name, "runtime"),
    # The Globus sandbox stands in for Globus Auth and Transfer.
    "GLOBUS_SDK_SERVICE_URL_AUTH": os.environ.get("GLOBUS_SDK_SERVICE_URL_AUTH", ""),
    "GLOBUS_SDK_SERVICE_URL_TRANSFER": os.environ.get("GLOBUS_SDK_SERVICE_URL_TRANSFER", ""),
    "GLOBUS_TOKEN_STORAGE_PATH": private_token_file,
    # The homes are <run>/home/<name>; the collection's root is <run>/home, so a user's file
    # <run>/home/alice/a.txt is /alice/a.txt on the collection (guest-collection path translation).
    # Users with a hub login hand-over rely on GLOBUS_LOCAL_ENDPOINT instead (third choice).
    "GLOBUS_COLLECTION_ID": lambda spawner: "" if spawner.user.name in AUTH_STATES else COLLECTION_ID,
    "GLOBUS_HOST_POSIX_BASEPATH": HOMES,
    "GLOBUS_TRANSFER_SUBMISSION_URL": submission_env(
        f"{PUBLIC_URL}/services/{SERVICE_NAME}/submit-transfer"
    ),
    "GLOBUS_TRANSFER_SUBMISSION_SCOPE": submission_env(
        "urn:globus:auth:scope:transfer.api.globus.org:all"
    ),
    "GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE": submission_env("true"),
    "GLOBUS_JUPYTERLAB_LOG_LEVEL": "info",
    "PATH": os.environ.get("PATH", ""),
}

# --- the example hub submission service ---------------------------------------------------------
c.JupyterHub.services = [
    {
        "name": SERVICE_NAME,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [
            shutil.which("node") or "node",
            "--import",
            "tsx",
            os.path.join(REPO, "examples", "hub-submission-service", "main.ts"),
        ],
        "cwd": REPO,
        "environment": {
            "GLOBUS_SDK_SERVICE_URL_TRANSFER": os.environ.get("GLOBUS_SDK_SERVICE_URL_TRANSFER", ""),
        },
    }
]
