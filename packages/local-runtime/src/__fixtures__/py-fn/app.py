import os
import sys
import time

from helpers.greet import greeting


def handler(event, context):
    print(f"action {event.get('action')}")
    if event.get("action") == "fail":
        return check(event)
    if event.get("action") == "sleep":
        time.sleep(30)
    return {
        "message": greeting(event.get("name", "world")),
        "python": "%d.%d" % sys.version_info[:2],
        "function": os.environ["AWS_LAMBDA_FUNCTION_NAME"],
        "request": context.aws_request_id,
        "remaining": context.get_remaining_time_in_millis() > 0,
    }


def check(event):
    raise ValueError(f"order {event.get('name')} is not valid")
