"""DeletionPolicy RetainExceptOnCreate, as CloudFormation applies it when a stack is deleted: the
resource stays (moto 5.2 only knows Retain and deletes it). Stack deletion only: a rollback of the
create that made the resource still deletes it, as CloudFormation does."""
from moto.cloudformation import models

_delete_stack = None


def delete_stack(self, name_or_stack_id):
    for stack in self.stacks.values():
        if name_or_stack_id in (stack.stack_id, stack.name):
            for resource in stack.resource_map._resource_json_map.values():
                if resource.get("DeletionPolicy") == "RetainExceptOnCreate":
                    resource["DeletionPolicy"] = "Retain"
    return _delete_stack(self, name_or_stack_id)


def install():
    # Wraps whichever delete_stack is installed by then (the custom resources' one).
    global _delete_stack
    _delete_stack = models.CloudFormationBackend.delete_stack
    models.CloudFormationBackend.delete_stack = delete_stack
