"""The local stage's AWS data plane: a moto server on 127.0.0.1 that outlives one nx run.

    python3 -I -S server.py <packages-dir> <state-file> <preferred-port>

nxstack sets MOTO_ACCOUNT_ID and MOTO_ALLOW_NONEXISTENT_REGION (the local stage's account and
region `local`), so ARNs in moto match the ones nxstack computes. Binds the preferred port (0 or taken: any free port), then writes <state-file> atomically as
{"pid", "port", "token"}. It exits when the state file is removed or names another server (a
newer one took over, or the workspace is gone), so it never outlives its workspace.
"""
import json
import os
import secrets
import sys
import time

packages, state_file, preferred = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, packages)
from werkzeug.serving import make_server  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
import threading  # noqa: E402

app = DomainDispatcherApplication(create_backend_app)
try:
    server = make_server("127.0.0.1", preferred, app, threaded=True)
except (OSError, SystemExit):  # werkzeug exits when the port is taken
    server = make_server("127.0.0.1", 0, app, threaded=True)
token = secrets.token_hex(16)
state = {"pid": os.getpid(), "port": server.server_port, "token": token}
tmp = f"{state_file}.{os.getpid()}.tmp"
with open(tmp, "w") as f:
    json.dump(state, f)
os.replace(tmp, state_file)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(f"local AWS (moto) listening on http://127.0.0.1:{server.server_port}", flush=True)


def still_owner() -> bool:
    try:
        with open(state_file) as f:
            return json.load(f).get("token") == token
    except (OSError, ValueError):
        return False


while still_owner():
    time.sleep(2)
print("state file removed or taken over: stopping", flush=True)
server.shutdown()
