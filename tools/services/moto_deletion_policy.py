"""DeletionPolicy as CloudFormation applies it, where moto 5.2 does not:
- a stack deletion keeps RetainExceptOnCreate resources (moto only knows Retain there);
- a resource removed from the template by an executed change set is kept when its policy is
  Retain or RetainExceptOnCreate (moto deletes it), and it is forgotten, so a later change set
  that adds it back creates it again (moto would keep the removed one). A rollback still deletes
  what the failed update created, as CloudFormation does for RetainExceptOnCreate."""
import contextvars

from moto.cloudformation import models, parsing

_delete_stack = None
_delete_resource = parsing.ResourceMap._delete_resource
_apply = models.ChangeSet.apply
_applying = contextvars.ContextVar("applying_change_set", default=False)


def delete_stack(self, name_or_stack_id):
    for stack in self.stacks.values():
        if name_or_stack_id in (stack.stack_id, stack.name):
            for resource in stack.resource_map._resource_json_map.values():
                if resource.get("DeletionPolicy") == "RetainExceptOnCreate":
                    resource["DeletionPolicy"] = "Retain"
    return _delete_stack(self, name_or_stack_id)


def apply(self):
    token = _applying.set(True)
    try:
        return _apply(self)
    finally:
        _applying.reset(token)


def delete_resource(self, parsed_resource, resource_json):
    if not _applying.get():
        return _delete_resource(self, parsed_resource, resource_json)
    if resource_json.get("DeletionPolicy") not in ("Retain", "RetainExceptOnCreate"):
        _delete_resource(self, parsed_resource, resource_json)
    # moto's update keeps a removed resource parsed, so adding it back later would not create it.
    for logical_id, parsed in list(self._parsed_resources.items()):
        if parsed is parsed_resource:
            del self._parsed_resources[logical_id]
    return None


def install():
    # Wraps whichever delete_stack is installed by then (the custom resources' one).
    global _delete_stack
    _delete_stack = models.CloudFormationBackend.delete_stack
    models.CloudFormationBackend.delete_stack = delete_stack
    models.ChangeSet.apply = apply
    parsing.ResourceMap._delete_resource = delete_resource
