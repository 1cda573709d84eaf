"""moto's server, with CloudFormation change sets that handle cross-stack references as
CreateStack/UpdateStack already do in moto (and as CloudFormation does): after ExecuteChangeSet
the stack's Outputs and Exports are evaluated and registered for the region, and Fn::ImportValue
in a change set resolves against those exports.

moto 5.2 (up to 5.2.5) evaluates Outputs/Exports and passes the exports to the template parser
only in CreateStack/UpdateStack; a stack created through a change set (how nxstack deploys, as
the AWS CLI's `deploy` and SAM do) shows no Outputs, exports nothing and cannot import. This
closes that gap in the emulator; it changes no answer moto gives for anything else.

moto 5.2 has no ListImports either; it is added here as CloudFormation answers it: the stacks whose
template imports the export, or a ValidationError when none does.

moto 5.2 has no extension registry either: DescribeType and ActivateType are added as CloudFormation
answers them for the account and region: a type is found once ActivateType activated it (AWS's own
`AWS::*` types are always found), else DescribeType fails with TypeNotFoundException (HTTP 404,
"The type '<name>' cannot be found."), as it does for a public extension not activated there.

Custom resources (a Lambda ServiceToken) get their Create/Update/Delete requests, and a FAILED
answer rolls the stack back, as CloudFormation does: see moto_custom_resources.py.
A stack deletion keeps resources with DeletionPolicy RetainExceptOnCreate: see moto_deletion_policy.py.
HTTP APIs, ACM certificates and API Gateway domain names through CloudFormation: see moto_domains.py.
Cognito user pools, clients, domains and identity providers are created by stacks: see moto_cognito.py.
WAF web ACLs and their associations are created by stacks: see moto_wafv2.py.
A change set's Modify reports its Replacement: see moto_replacement.py.
Route tables, routes and subnet associations removed from a stack are deleted (so is their VPC): see moto_route_tables.py.
ContinueUpdateRollback, CancelUpdateStack and a TEST-ONLY stack-status injection for the stack
states moto cannot reach: see moto_stack_states.py.
"""
import base64
import contextvars
import io
import sys
import zipfile

import moto_cognito  # noqa: F401 (its models register with moto's CloudFormation on import)
import moto_custom_resources
import moto_deletion_policy
import moto_domains
import moto_replacement
import moto_route_tables
import moto_stack_states
import moto_wafv2  # noqa: F401 (its models register with moto's CloudFormation on import)
from moto.awslambda.models import LambdaFunction
from moto.cloudformation import models, responses
from moto.cloudformation.exceptions import CloudFormationError, ValidationError
from moto.core.responses import ActionResult
from moto.server import main

_create_change_set = models.CloudFormationBackend.create_change_set
_execute_change_set = models.CloudFormationBackend.execute_change_set


def _change_set(backend, name):
    if name in backend.change_sets:
        return backend.change_sets[name]
    return next(cs for cs in backend.change_sets.values() if cs.change_set_name == name)


def create_change_set(self, *args, **kwargs):
    change_set_id, stack_id = _create_change_set(self, *args, **kwargs)
    # The change set's template is parsed against the region's exports (Fn::ImportValue).
    self.stacks[stack_id].resource_map.cross_stack_resources = self.exports
    return change_set_id, stack_id


def execute_change_set(self, change_set_name, stack_name=None):
    change_set = _change_set(self, change_set_name)
    stack = self.stacks[change_set.stack_id]
    previous = [e.name for e in stack.exports]

    def execute():
        _execute_change_set(self, change_set_name, stack_name)
        stack._parse_template()
        stack.output_map = stack._create_output_map()
        for name in previous:
            self.exports.pop(name, None)
        for export in stack.exports:
            self.exports[export.name] = export

    # Custom resources answer (or fail and roll the stack back) before the stack completes.
    moto_custom_resources.execute_with_custom_resources(self, change_set, execute)


def _imports(value, export_name):
    if isinstance(value, dict):
        if list(value) == ["Fn::ImportValue"] and value["Fn::ImportValue"] == export_name:
            return True
        return any(_imports(v, export_name) for v in value.values())
    if isinstance(value, list):
        return any(_imports(v, export_name) for v in value)
    return False


def list_imports(self):
    export_name = self._get_param("ExportName")
    stacks = self.cloudformation_backend.stacks.values()
    importers = sorted(s.name for s in stacks if _imports(getattr(s, "template_dict", {}), export_name))
    if not importers:
        raise ValidationError(message=f"Export '{export_name}' is not imported by any stack.")
    return ActionResult({"Imports": importers})


# Inline Lambda code (Code.ZipFile) as CloudFormation writes it: a file "index" with the runtime's
# extension (index.js for Node.js, index.py for Python). moto 5.2 always writes index.py, and on
# an update reads the source text as a base64 zip.
_inline_runtime = contextvars.ContextVar("inline_runtime", default="")
_lambda_create = LambdaFunction.create_from_cloudformation_json.__func__
_lambda_update = LambdaFunction.update_from_cloudformation_json.__func__


def _inline_zip(source):
    name = "index.js" if _inline_runtime.get().startswith("nodejs") else "index.py"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, source)
    return buffer.getvalue()


@classmethod
def lambda_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    token = _inline_runtime.set(str(cloudformation_json["Properties"].get("Runtime") or ""))
    try:
        return _lambda_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    finally:
        _inline_runtime.reset(token)


@classmethod
def lambda_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    properties = cloudformation_json["Properties"]
    code = properties.get("Code", {})
    if "ZipFile" in code:
        token = _inline_runtime.set(str(properties.get("Runtime") or ""))
        try:
            zipped = base64.b64encode(_inline_zip(code["ZipFile"])).decode()
        finally:
            _inline_runtime.reset(token)
        cloudformation_json = {**cloudformation_json, "Properties": {**properties, "Code": {**code, "ZipFile": zipped}}}
    return _lambda_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)


class TypeNotFoundException(CloudFormationError):
    code = "TypeNotFoundException"


# (account, region) -> activated type name -> its description.
_activated = {}


def _type_name(self):
    name = self._get_param("TypeName")
    arn = self._get_param("PublicTypeArn") or self._get_param("Arn")
    if not name and arn:
        name = arn.rsplit("/", 1)[-1].replace("-", "::")
    return name


def _type_description(self, name):
    arn = f"arn:aws:cloudformation:{self.region}:{self.current_account}:type/resource/{name.replace('::', '-')}"
    return {"Arn": arn, "Type": "RESOURCE", "TypeName": name, "Visibility": "PUBLIC", "IsActivated": True, "DeprecatedStatus": "LIVE"}


def describe_type(self):
    name = _type_name(self)
    activated = _activated.get((self.current_account, self.region), {})
    if name in activated:
        return ActionResult(activated[name])
    if name and name.startswith("AWS::"):
        return ActionResult({**_type_description(self, name), "IsActivated": False})
    raise TypeNotFoundException(f"The type '{name}' cannot be found.")


def activate_type(self):
    name = self._get_param("TypeNameAlias") or _type_name(self)
    description = _type_description(self, name)
    _activated.setdefault((self.current_account, self.region), {})[name] = description
    return ActionResult({"Arn": description["Arn"]})


LambdaFunction.create_from_cloudformation_json = lambda_create
LambdaFunction.update_from_cloudformation_json = lambda_update
LambdaFunction._create_zipfile_from_plaintext_code = staticmethod(_inline_zip)
models.CloudFormationBackend.create_change_set = create_change_set
models.CloudFormationBackend.execute_change_set = execute_change_set
responses.CloudFormationResponse.list_imports = list_imports
moto_custom_resources.install()
moto_deletion_policy.install()  # after: it wraps the custom resources' delete_stack
moto_domains.install()
moto_stack_states.install()
moto_replacement.install()
moto_route_tables.install()
responses.CloudFormationResponse.describe_type = describe_type
responses.CloudFormationResponse.activate_type = activate_type

if __name__ == "__main__":
    main(sys.argv[1:])
