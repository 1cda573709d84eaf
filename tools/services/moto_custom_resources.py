"""CloudFormation custom resources (Custom::*, a Lambda ServiceToken) in moto's server, as the AWS
CloudFormation user guide documents them ("Custom resources", "Custom resource request types"),
for stacks deployed through change sets (how nxstack deploys).

moto 5.2 invokes a custom resource's function only on Create, in a thread, marks a change set's
stack *_COMPLETE at once and ignores a FAILED answer. Here, as CloudFormation does:
- a stack operation stays *_IN_PROGRESS until each custom resource it touches has answered its
  ResponseURL; the requests go out after moto applied the other resources (deployment scripts of
  nxstack depend on all others), one at a time, with RequestType Create, Update (only when the
  properties changed: ResourceProperties + OldResourceProperties + PhysicalResourceId) or Delete;
- a resource that reads a new custom resource's Data (Fn::GetAtt) waits for it: its Create goes
  out when moto resolves that attribute, before the reader is made (as CloudFormation orders
  them); its outcome counts in the operation as if sent in turn. (Not on Update: moto does not
  re-make a reader whose own template did not change.)
- a FAILED answer fails the resource with "Received response status [FAILED] from custom
  resource. Message returned: <Reason> (RequestId: <id>)" and rolls the stack back: a CREATE
  deletes what it made (a Delete also goes to the failed resource, with the PhysicalResourceId of
  its answer) and ends ROLLBACK_COMPLETE; an UPDATE goes back to the previous template (Update
  requests with the properties swapped, Delete for what it added) and ends
  UPDATE_ROLLBACK_COMPLETE with the previous resources and outputs;
- custom resources removed by an update get their Delete in the cleanup after the update
  succeeded; a new PhysicalResourceId on Update is a replacement, the old one gets a Delete then;
- DeleteStack sends Delete to the custom resources before moto deletes the rest; a FAILED answer
  ends DELETE_FAILED.
Deviation: CloudFormation waits up to an hour for an answer; here a function that returns
without answering fails its resource at once (a test would only hang).
CreateStack/UpdateStack keep moto's own behaviour.
"""
import contextvars
import json
import threading
import uuid

from moto import settings
from moto.awslambda import lambda_backends
from moto.cloudformation import models, responses
from moto.cloudformation.custom_model import CustomModel
from moto.cloudformation.parsing import OutputMap

# Requests queued by moto's resource handling while an operation of ours runs (None: moto's own path).
_queue = contextvars.ContextVar("custom_resource_requests", default=None)
_answers = {}
_lock = threading.Lock()


class Request:
    def __init__(self, kind, resource, properties=None, old=None, physical_id=None):
        self.kind = kind
        self.resource = resource
        self.properties = properties if properties is not None else resource.properties
        self.old = old
        self.physical_id = physical_id
        # (ok, reason) of a Create sent early because another resource read the Data (get_cfn_attribute).
        self.outcome = None


def _provider(account_id, region_name, properties):
    # Resolved when queued: the function may be gone from moto's backend when the request goes out.
    return lambda_backends[account_id][region_name].get_function(properties["ServiceToken"])


_moto_create = CustomModel.create_from_cloudformation_json.__func__


@classmethod
def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    queue = _queue.get()
    if queue is None:
        return _moto_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    resource = CustomModel(region_name, "", kwargs["LogicalId"], resource_name)
    resource.stack_id = kwargs["StackId"]
    resource.resource_type = kwargs["ResourceType"]
    resource.properties = cloudformation_json["Properties"]
    resource.provider = _provider(account_id, region_name, resource.properties)
    resource.deleted = False
    stack = models.cloudformation_backends[account_id][region_name].get_stack(resource.stack_id)
    stack.add_custom_resource(resource)
    request = Request("Create", resource)
    resource.pending = (stack, request)
    queue.append(request)
    return resource


def get_cfn_attribute(self, attribute_name):
    if self.pending is not None:
        # Another resource reads this one's Data: as in CloudFormation, it is made after the answer.
        stack, request = self.pending
        self.pending = None
        request.outcome = _send(stack, request)
    return self.data.get(attribute_name)


@classmethod
def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    queue = _queue.get()
    if queue is not None and getattr(original_resource, "provider", None):
        properties = cloudformation_json["Properties"]
        original_resource.provider = _provider(account_id, region_name, properties)
        queue.append(Request("Update", original_resource, properties, old=original_resource.properties))
    return original_resource


def delete(self, account_id, region_name):
    queue = _queue.get()
    if queue is not None and getattr(self, "provider", None) and not self.deleted:
        queue.append(Request("Delete", self))


def _collecting(fn, *args):
    """Runs a moto operation and returns the custom resource requests it made."""
    requests = []
    token = _queue.set(requests)
    try:
        fn(*args)
    finally:
        _queue.reset(token)
    return requests


def _event(stack, resource, status, reason=None, physical_id=None):
    stack.events.append(models.Event(
        stack_id=stack.stack_id, stack_name=stack.name, logical_resource_id=resource.logical_id,
        physical_resource_id=physical_id or resource.physical_resource_id, resource_type=resource.resource_type,
        resource_status=status, resource_status_reason=reason, resource_properties=None,
    ))


def _send(stack, request):
    """Invokes the provider with the request and returns (ok, reason) from its answer."""
    resource = request.resource
    request_id = str(uuid.uuid4())
    host = f"{settings.moto_server_host()}:{settings.moto_server_port()}"
    event = {
        "RequestType": request.kind,
        "ServiceToken": request.properties["ServiceToken"],
        "ResponseURL": f"{host}/cloudformation_{resource.region_name}/cfnresponse?stack={stack.stack_id}",
        "StackId": stack.stack_id,
        "RequestId": request_id,
        "LogicalResourceId": resource.logical_id,
        "ResourceType": resource.resource_type,
        "ResourceProperties": request.properties,
    }
    if request.kind != "Create":
        event["PhysicalResourceId"] = request.physical_id or resource.physical_resource_id
    if request.kind == "Update":
        event["OldResourceProperties"] = request.old
    status = {"Create": "CREATE", "Update": "UPDATE", "Delete": "DELETE"}[request.kind]
    _event(stack, resource, f"{status}_IN_PROGRESS", physical_id=request.physical_id)
    with _lock:
        _answers[request_id] = None
    headers = {}
    payload = resource.provider.invoke(json.dumps(event), {}, headers)
    with _lock:
        answer = _answers.pop(request_id)
    if answer is None:
        error = f" ({headers['x-amz-function-error']}: {payload})" if "x-amz-function-error" in headers else ""
        answer = {"Status": "FAILED", "Reason": f"the function returned without answering the ResponseURL{error}"}
    if answer.get("Status") != "SUCCESS":
        reason = f"Received response status [FAILED] from custom resource. Message returned: {answer.get('Reason', '')} (RequestId: {request_id})"
        if answer.get("PhysicalResourceId") and request.kind == "Create":
            resource.resource_name = answer["PhysicalResourceId"]
        if request.kind == "Update":
            resource.properties = request.properties  # a rollback sends these back as OldResourceProperties
        _event(stack, resource, f"{status}_FAILED", reason, physical_id=request.physical_id)
        return False, reason
    if request.kind == "Delete":
        if not request.physical_id:
            resource.deleted = True
    else:
        resource.data = answer.get("Data") or {}
        resource.properties = request.properties
        previous = resource.resource_name
        resource.resource_name = answer.get("PhysicalResourceId") or previous
    _event(stack, resource, f"{status}_COMPLETE", physical_id=request.physical_id)
    return True, None


def _replaced(request, previous_id):
    # A new PhysicalResourceId on Update is a replacement: the old one gets a Delete in the cleanup.
    if request.kind == "Update" and previous_id != request.resource.resource_name:
        return [Request("Delete", request.resource, request.old, physical_id=previous_id)]
    return []


def _finish(backend, stack, kind, requests, before):
    apply = [r for r in requests if r.kind != "Delete"]
    cleanup = [r for r in requests if r.kind == "Delete"]
    done = []
    for request in apply:
        previous_id = request.resource.resource_name
        request.resource.pending = None
        ok, _ = request.outcome or _send(stack, request)
        done.append(request)
        if not ok:
            return _roll_back(backend, stack, kind, done, before)
        cleanup += _replaced(request, previous_id)
    if cleanup:
        stack.status = f"{kind}_COMPLETE_CLEANUP_IN_PROGRESS"
        stack._add_stack_event(stack.status)
        for request in cleanup:
            _send(stack, request)  # a failed cleanup is reported, the update stands
    stack.status = f"{kind}_COMPLETE"
    stack._add_stack_event(stack.status)


def _roll_back(backend, stack, kind, done, before):
    failed = done[-1].resource.logical_id
    verb = "create" if done[-1].kind == "Create" else "update"
    touched = {id(r.resource) for r in done}
    if kind == "CREATE":
        stack.status = "ROLLBACK_IN_PROGRESS"
        stack._add_stack_event(stack.status, f"The following resource(s) failed to {verb}: [{failed}]. Rollback requested by user.")
        for request in reversed(done):
            _send(stack, Request("Delete", request.resource))
        for resource in stack.custom_resources.values():
            resource.deleted = True
        stack.resource_map.delete()
        stack.resource_map._resource_json_map = {}  # nothing left (the map would re-create on access)
        stack.output_map = OutputMap(stack.resource_map, {}, stack.stack_id)
        _register_exports(backend, stack, [])
        stack.status = "ROLLBACK_COMPLETE"
        stack._add_stack_event(stack.status)
        return
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    stack._add_stack_event(stack.status, f"The following resource(s) failed to {verb}: [{failed}].")
    template, parameters = before
    rollback = _collecting(stack.resource_map.update, models.Stack.parse_template(template), parameters)
    ok = True
    for request in rollback:
        # Only what the failed update did is undone (moto re-adds what it had removed early: no request).
        if id(request.resource) in touched and request.kind != "Create":
            ok = _send(stack, request)[0] and ok
    stack.template = template
    stack._parse_template()
    stack.output_map = stack._create_output_map()
    _register_exports(backend, stack, stack.exports)
    if not ok:
        stack.status = "UPDATE_ROLLBACK_FAILED"
    else:
        stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
        stack.status = "UPDATE_ROLLBACK_COMPLETE"
    stack._add_stack_event(stack.status)


def _register_exports(backend, stack, exports):
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        backend.exports.pop(name)
    for export in exports:
        backend.exports[export.name] = export


def execute_with_custom_resources(backend, change_set, execute):
    """Runs `execute` (moto's ExecuteChangeSet); when it touched custom resources, the stack stays
    in progress and a thread sends their requests and completes or rolls back the stack."""
    stack = backend.stacks[change_set.stack_id]
    kind = change_set.change_set_type
    before = (stack.template, dict(stack.resource_map.input_parameters or {})) if kind == "UPDATE" else None
    requests = _collecting(execute)
    if not requests:
        return
    stack.events.pop()  # moto's *_COMPLETE: CloudFormation completes once the custom resources answered
    stack.status = f"{kind}_IN_PROGRESS"
    threading.Thread(target=_finish, args=(backend, stack, kind, requests, before), daemon=True).start()


_moto_delete_stack = models.CloudFormationBackend.delete_stack


def delete_stack(self, name_or_stack_id):
    stack = next((s for s in self.stacks.values() if name_or_stack_id in (s.stack_id, s.name)), None)
    live = [r for r in (stack.custom_resources.values() if stack else []) if getattr(r, "provider", None) and not r.deleted]
    if not live:
        return _moto_delete_stack(self, name_or_stack_id)
    stack.status = "DELETE_IN_PROGRESS"
    stack._add_stack_event(stack.status, "User Initiated")

    def run():
        for resource in live:
            ok, _ = _send(stack, Request("Delete", resource))
            if not ok:
                stack.status = "DELETE_FAILED"
                stack._add_stack_event(stack.status, f"The following resource(s) failed to delete: [{resource.logical_id}]. ")
                return
        _moto_delete_stack(self, stack.stack_id)
        # moto's delete adds its own DELETE_IN_PROGRESS stack event: one is already there.
        stack.events.remove([e for e in stack.events if e.resource_status == "DELETE_IN_PROGRESS" and e.logical_resource_id == stack.name][-1])

    threading.Thread(target=run, daemon=True).start()


_moto_process_cfn_response = responses.CloudFormationResponse.process_cfn_response


def process_cfn_response(self):
    try:
        answer = json.loads(self.body or "{}")
    except ValueError:
        answer = {}
    with _lock:
        ours = answer.get("RequestId") in _answers
        if ours:
            _answers[answer["RequestId"]] = answer
    return (200, {"status": 200}, "{}") if ours else _moto_process_cfn_response(self)


def install():
    CustomModel.create_from_cloudformation_json = create_from_cloudformation_json
    CustomModel.update_from_cloudformation_json = update_from_cloudformation_json
    CustomModel.delete = delete
    CustomModel.get_cfn_attribute = get_cfn_attribute
    CustomModel.pending = None
    CustomModel.properties = {}
    CustomModel.provider = None
    CustomModel.deleted = False
    CustomModel.resource_type = "AWS::CloudFormation::CustomResource"
    models.CloudFormationBackend.delete_stack = delete_stack
    responses.CloudFormationResponse.process_cfn_response = process_cfn_response
