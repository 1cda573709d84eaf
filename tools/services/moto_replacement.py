"""A change set's Replacement, as CloudFormation reports it for each Modify, where moto 5.2 reports
none (DescribeChangeSet's ResourceChange has no Replacement field there).

CloudFormation says "True" when a changed property cannot be updated in place ("Update requires:
Replacement" in the User Guide's property reference), else "False". The properties are the
resource type's createOnlyProperties in the registry schemas cfn-lint ships, plus the few the
User Guide marks Replacement that those schemas do not list as create-only.
Only top-level properties are compared (what nxstack's approval gate reads).
Executing such a change for a type moto 5.2 cannot update (e.g. a DynamoDB table), which moto
would drop from the stack (a Ref/GetAtt to it then fails), replaces the resource as CloudFormation
does: the old resource is deleted (unless its UpdateReplacePolicy retains it) and a new one made.
Types moto can update keep moto's own update. Deviation: CloudFormation makes the new one first and deletes the old one
in the cleanup; here the old one goes first, so a generated name cannot collide.
"""
import contextvars
import json

from moto.cloudformation import models, parsing

# "Update requires: Replacement" in the User Guide, not create-only in the registry schema.
_DOCUMENTED = {
    "AWS::DynamoDB::Table": {"KeySchema"},
    # A pool's sign-in names are fixed at its creation (Cognito: "Settings you can't change").
    "AWS::Cognito::UserPool": {"UsernameAttributes", "AliasAttributes"},
}
_create_only = {}
_diff = models.ChangeSet.diff
_apply = None
_update_resource = parsing.parse_and_update_resource
# logical id -> the deployed resource JSON, for the Modify changes being applied that replace.
_replacing = contextvars.ContextVar("replacing", default={})


def _replaced_by(resource_type):
    if resource_type not in _create_only:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER  # loaded on the first Modify only

        try:
            schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
        except Exception:  # noqa: BLE001 (a custom type has no schema: nothing is create-only)
            schema = {}
        paths = schema.get("createOnlyProperties") or []
        top = {p.split("/")[2] for p in paths if p.startswith("/properties/")}
        _create_only[resource_type] = top | _DOCUMENTED.get(resource_type, set())
    return _create_only[resource_type]


def _canonical(value):
    return json.dumps(value, sort_keys=True, default=str)


def diff(self):
    changes = _diff(self)
    deployed = self.stack.resource_map._resource_json_map
    resources = (self.template_dict or {}).get("Resources", {})
    for change in changes:
        if change.action != "Modify":
            continue
        old = (deployed.get(change.logical_resource_id) or {}).get("Properties") or {}
        new = (resources.get(change.logical_resource_id) or {}).get("Properties") or {}
        changed = {k for k in set(old) | set(new) if _canonical(old.get(k)) != _canonical(new.get(k))}
        change.replacement = "True" if changed & _replaced_by(change.resource_type) else "False"
    return changes


def _moto_updates(resource_type):
    cls = parsing.resource_class_from_type(resource_type)
    return cls is None or not hasattr(cls.update_from_cloudformation_json, "__isabstractmethod__")


def apply(self):
    deployed = self.stack.resource_map._resource_json_map
    replaced = {
        c.logical_resource_id: deployed[c.logical_resource_id]
        for c in self.changes
        if getattr(c, "replacement", None) == "True" and c.logical_resource_id in deployed and not _moto_updates(c.resource_type)
    }
    token = _replacing.set(replaced)
    try:
        return _apply(self)
    finally:
        _replacing.reset(token)


def parse_and_update_resource(logical_id, resource_json, resources_map, account_id, region_name):
    old_json = _replacing.get().get(logical_id)
    if old_json is None:
        return _update_resource(logical_id, resource_json, resources_map, account_id, region_name)
    old = resources_map._parsed_resources.get(logical_id)
    if old is not None and old_json.get("UpdateReplacePolicy") not in ("Retain", "Snapshot"):
        try:
            old.delete(account_id, region_name)
        except (TypeError, AttributeError, NotImplementedError):
            name = getattr(old, "physical_resource_id", None)
            parsing.parse_and_delete_resource(name, old_json, account_id, region_name)
    return parsing.parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name)


def install():
    # Wraps whichever ChangeSet.apply is installed by then (the deletion policy's one).
    global _apply
    _apply = models.ChangeSet.apply
    models.ChangeSet.apply = apply
    models.ChangeSet.diff = diff
    parsing.parse_and_update_resource = parse_and_update_resource
