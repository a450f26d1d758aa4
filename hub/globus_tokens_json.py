"""The hub-side hook that hands a user's Globus tokens to globus-jupyterlab-ts as JSON.

GlobusOAuthenticator exports the user's auth_state as GLOBUS_DATA, a base64 Python pickle, which
the extension's Node server never loads (docs/jupyterhub.md, "Tokens from GlobusOAuthenticator").
This hook exports the same tokens as GLOBUS_TOKENS_JSON instead. In jupyterhub_config.py:

    from globus_tokens_json import globus_tokens_json   # this file on the hub's PYTHONPATH
    c.Spawner.auth_state_hook = globus_tokens_json

(needs c.Authenticator.enable_auth_state = True, as GlobusOAuthenticator does to keep tokens).
JupyterHub runs it after the authenticator's pre_spawn_start, so GLOBUS_DATA is already set.
"""
import base64
import json


def globus_tokens_json(spawner, auth_state):
    tokens = (auth_state or {}).get("tokens") or {}
    if not tokens:
        return
    # The hub's refresh tokens belong to the hub's confidential client; the
    # extension cannot use them, so they are not handed over at all.
    text = json.dumps({rs: dict(t, refresh_token=None) for rs, t in tokens.items()})
    # base64 keeps braces out of the environment (KubeSpawner formats {…}
    # templates in environment values); plain JSON is accepted too.
    spawner.environment["GLOBUS_TOKENS_JSON"] = base64.b64encode(text.encode()).decode()
    spawner.environment.pop("GLOBUS_DATA", None)
