"""Stack states moto 5.2 cannot reach, for the tests of nxstack's stack-state checks.

- TEST-ONLY fault injection, no CloudFormation behaviour: POST /moto-api/nxs-test/stack-status
  with JSON {"region", "stackName", "status"} sets the status of a real stack of this server (and
  adds the stack event CloudFormation would show). moto never ends a stack in
  UPDATE_ROLLBACK_FAILED (its rollbacks cannot fail) and finishes every update before answering
  (no UPDATE_IN_PROGRESS another actor could hold); the product then reads the injected status
  through a real DescribeStacks. The path is under /moto-api/, which no AWS SDK calls.
- ContinueUpdateRollback and CancelUpdateStack, which moto 5.2 lacks, as CloudFormation answers
  them, so a test can run the recovering command nxstack prints: the first takes a stack in
  UPDATE_ROLLBACK_FAILED to UPDATE_ROLLBACK_COMPLETE (the resources keep the previous template,
  which is what moto holds), the second rolls a stack in UPDATE_IN_PROGRESS back to
  UPDATE_ROLLBACK_COMPLETE; from any other status both fail with CloudFormation's ValidationError.
"""
import json

from moto.cloudformation import models, responses
from moto.cloudformation.exceptions import ValidationError
from moto.core.responses import EmptyResult
from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import urls as moto_api_urls


def _stack(backend, name):
    stack = next((s for s in backend.stacks.values() if name in (s.stack_id, s.name) and s.status != "DELETE_COMPLETE"), None)
    if stack is None:
        raise ValidationError(name)
    return stack


def set_stack_status(request, full_url, headers):
    body = request.get_json(force=True)  # sent as application/json
    backend = models.cloudformation_backends[body.get("account", DEFAULT_ACCOUNT_ID)][body["region"]]
    try:
        stack = _stack(backend, body["stackName"])
    except ValidationError:
        return 404, {}, json.dumps({"error": f"no stack {body['stackName']} in {body['region']}"})
    stack.status = body["status"]
    stack._add_stack_event(stack.status, "nxs-test: status injected")
    return 200, {}, json.dumps({"stackName": stack.name, "status": stack.status})


def _settle(self, expected, action):
    stack = _stack(self.cloudformation_backend, self._get_param("StackName"))
    if stack.status != expected:
        raise ValidationError(message=f"Stack {stack.name} is in {stack.status} state and can not be {action}")
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    stack._add_stack_event(stack.status, "User Initiated")
    stack.status = "UPDATE_ROLLBACK_COMPLETE"
    stack._add_stack_event(stack.status)
    return EmptyResult()


def continue_update_rollback(self):
    return _settle(self, "UPDATE_ROLLBACK_FAILED", "rolled back")


def cancel_update_stack(self):
    return _settle(self, "UPDATE_IN_PROGRESS", "cancelled")


def install():
    moto_api_urls.url_paths["{0}/moto-api/nxs-test/stack-status"] = set_stack_status
    responses.CloudFormationResponse.continue_update_rollback = continue_update_rollback
    responses.CloudFormationResponse.cancel_update_stack = cancel_update_stack
