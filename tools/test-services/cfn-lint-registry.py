"""cfn-lint, with `--registry-schemas` applied to resource properties.

cfn-lint 1.x loads the schemas given with --registry-schemas (E3001 then knows the types, GetAtt
checks read their attributes), but its property validation (E3002/E3003/E3012, ...) asks
ProviderSchemaManager.get_resource_schemas_by_regions, which looks types up only in its bundled
per-region tables and skips every registry type: their properties were never checked. Here a
registry type yields its registry schema for all regions, as the option documents; nothing else
changes.
"""
import sys

from cfnlint.runner.cli import main
from cfnlint.schema.manager import ProviderSchemaManager

_by_regions = ProviderSchemaManager.get_resource_schemas_by_regions


def get_resource_schemas_by_regions(self, resource_type, regions):
    if resource_type in self._registry_schemas:
        yield list(regions), self._registry_schemas[resource_type]
        return
    yield from _by_regions(self, resource_type, regions)


ProviderSchemaManager.get_resource_schemas_by_regions = get_resource_schemas_by_regions

if __name__ == "__main__":
    sys.exit(main())
