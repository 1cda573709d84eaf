#!/usr/bin/env python3
"""Writes packages/core/src/lib/model/cfn-attributes.json: CloudFormation resource type -> the
attribute names Fn::GetAtt accepts, taken from the resource schemas cfn-lint ships (the same list
its GetAtt rule checks). Run after upgrading cfn-lint:

    python3 packages/core/scripts/generate-cfn-attributes.py            # rewrite the file
    python3 packages/core/scripts/generate-cfn-attributes.py --stdout   # print it (the test compares)
"""
import json
import os
import sys

import cfnlint
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

# The largest region's catalogue; attribute names of a type do not differ between regions.
REGION = "us-east-1"
OUT = os.path.join(os.path.dirname(__file__), "..", "src", "lib", "model", "cfn-attributes.json")


def attributes():
    out = {}
    for type_name in sorted(PROVIDER_SCHEMA_MANAGER.get_resource_types(REGION)):
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, type_name)
        out[type_name] = sorted(schema.get_atts)
    return out


def render():
    data = {"source": f"cfn-lint {cfnlint.version.__version__} resource schemas ({REGION})", "types": attributes()}
    # One type per line keeps diffs readable when cfn-lint adds types.
    lines = [f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in data["types"].items()]
    return '{\n  "source": ' + json.dumps(data["source"]) + ',\n  "types": {\n' + ",\n".join("  " + l for l in lines) + "\n  }\n}\n"


if __name__ == "__main__":
    text = render()
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
    else:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(text)
