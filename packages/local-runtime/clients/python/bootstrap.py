"""nxstack's Python runtime client: the loop a Lambda Python runtime runs.

Imports the handler named by _HANDLER (`module.function`, `dir/module.function`) from
LAMBDA_TASK_ROOT, long-polls the Runtime API for events and posts each result or error back.
Standard library only; error payloads follow awslambdaric's shape (errorMessage, errorType,
requestId, stackTrace).
"""
import http.client
import importlib
import json
import os
import sys
import time
import traceback

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
BASE = "/2018-06-01/runtime"
TASK_ROOT = os.environ["LAMBDA_TASK_ROOT"]

# The function's modules come first, and this client's folder must not shadow them.
client_dir = os.path.dirname(os.path.abspath(__file__))
sys.path = [TASK_ROOT] + [p for p in sys.path if os.path.abspath(p or ".") != client_dir]

conn = http.client.HTTPConnection(API)


def request(method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    res = conn.getresponse()
    return res, res.read()


def error_payload(exc, error_type=None, message=None):
    # The function's frames only: drop this client's own leading frames, as awslambdaric does.
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    while frames and os.path.abspath(frames[0].filename) == os.path.abspath(__file__):
        frames = frames[1:]
    return {
        "errorMessage": message if message is not None else str(exc),
        "errorType": error_type or type(exc).__name__,
        "requestId": "",
        # Plain 4-tuples, as awslambdaric formats them: no 3.11+ column carets.
        "stackTrace": traceback.format_list([(f.filename, f.lineno, f.name, f.line) for f in frames]),
    }


def post_error(path, payload):
    body = json.dumps(payload).encode("utf-8")
    request("POST", path, body, {"Content-Type": "application/json", "Lambda-Runtime-Function-Error-Type": payload["errorType"]})


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def load_handler(handler):
    if "." not in handler:
        raise LoadError("Runtime.MalformedHandlerName", f"Bad handler '{handler}': missing module name")
    modname, fname = handler.rsplit(".", 1)
    modname = modname.replace("/", ".")
    try:
        module = importlib.import_module(modname)
    except ImportError as e:
        raise LoadError("Runtime.ImportModuleError", f"Unable to import module '{modname}': {e}", e)
    except SyntaxError as e:
        raise LoadError("Runtime.UserCodeSyntaxError", f"Syntax error in module '{modname}': {e}", e)
    fn = getattr(module, fname, None)
    if fn is None:
        raise LoadError("Runtime.HandlerNotFound", f"Handler '{fname}' missing on module '{modname}'")
    return fn


class LoadError(Exception):
    def __init__(self, error_type, message, cause=None):
        super().__init__(message)
        self.error_type = error_type
        self.cause = cause


def main():
    try:
        handler = load_handler(os.environ["_HANDLER"])
    except LoadError as e:
        post_error(f"{BASE}/init/error", error_payload(e.cause or e, e.error_type, str(e)))
        sys.exit(129)
    except Exception as e:  # module code raised while importing
        post_error(f"{BASE}/init/error", error_payload(e))
        sys.exit(129)
    while True:
        res, body = request("GET", f"{BASE}/invocation/next")
        headers = res.headers
        request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        os.environ["_X_AMZN_TRACE_ID"] = headers.get("Lambda-Runtime-Trace-Id", "")
        url = f"{BASE}/invocation/{request_id}"
        try:
            event = json.loads(body or b"null")
            result = handler(event, Context(headers))
            out = json.dumps(result).encode("utf-8")
        except Exception as e:
            payload = error_payload(e)
            payload["requestId"] = request_id
            sys.stdout.flush()
            post_error(f"{url}/error", payload)
            continue
        sys.stdout.flush()
        request("POST", f"{url}/response", out, {"Content-Type": "application/json"})


if __name__ == "__main__":
    main()
