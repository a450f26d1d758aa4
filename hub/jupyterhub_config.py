"""JupyterHub configuration for the hub e2e suite (test/hub/hub.e2e.test.ts) and for trying the
extension in a hub by hand. Debian's jupyterhub 3.0 + configurable-http-proxy, everything on
127.0.0.1, no system users:

- DummyAuthenticator (one shared password) for the users in HUB_E2E_USERS;
- SimpleLocalProcessSpawner: each user's server runs as the hub's OS user in <run>/home/<name>;
- the single-user server is `jupyterhub-singleuser` wrapping jupyter_server's ServerApp, with the
  project's Jupyter launcher (harness/server/launch_lab.py: JupyterLab 4 + the
  jupyter-server-proxy stand-in) loaded as a server extension, and this extension installed in an
  installer-made prefix (HUB_E2E_PREFIX);
- the example hub submission service (examples/hub-submission-service) as a managed service.

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
  CONFIGPROXY_AUTH_TOKEN     shared secret between the hub and the proxy (required)
  GLOBUS_SDK_SERVICE_URL_AUTH, GLOBUS_SDK_SERVICE_URL_TRANSFER   the Globus sandbox
  HUB_E2E_COLLECTION_ID      the collection the users' homes are on (the sandbox's GCP collection)
"""

import os
import shutil

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
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = required("HUB_E2E_PASSWORD")
c.Authenticator.allowed_users = set(USERS)

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
    "GLOBUS_COLLECTION_ID": os.environ.get("HUB_E2E_COLLECTION_ID", ""),
    "GLOBUS_HOST_POSIX_BASEPATH": HOMES,
    "GLOBUS_TRANSFER_SUBMISSION_URL": submission_env(
        f"{PUBLIC_URL}/services/{SERVICE_NAME}/submit-transfer"
    ),
    "GLOBUS_TRANSFER_SUBMISSION_SCOPE": submission_env(
        "urn:globus:auth:scope:transfer.api.globus.org:all"
    ),
    "GLOBUS_TRANSFER_SUBMISSION_IS_HUB_SERVICE": submission_env("true"),
    "GLOBUS_JUPYTERLAB_LOG_LEVEL": "debug",
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
