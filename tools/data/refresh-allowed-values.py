#!/usr/bin/env python3
"""Writes packages/core/src/lib/model/data/allowed-values.json: the values stack.yml accepts
where AWS or Stacktape fixes the set.

  python3 tools/data/refresh-allowed-values.py <stacktape git dir>

- httpApiCorsMethods: Stacktape's `HttpMethod` union (types/stacktape-config/http-api-gateways.d.ts)
- redisInstanceSizes: Stacktape's `instanceSize` union of RedisClusterProps (types/stacktape-config/redis-cluster.d.ts)
- databaseEngineVersions: the RDS engine versions (DescribeDBEngineVersions) cfn-lint ships in
  cfnlint/data/schemas/extensions/aws_rds_dbinstance/engine_version.json (pip package cfn-lint;
  the version is recorded in the file)
"""
import json, os, re, subprocess, sys
from importlib import metadata

import cfnlint

stacktape = sys.argv[1]
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def dts(name):
    return subprocess.run(['git', '--git-dir', stacktape, 'show', f'HEAD:types/stacktape-config/{name}'], check=True, capture_output=True, text=True).stdout


def union_after(text, anchor):
    # The declaration, not a mention in a JSDoc example: the anchor at the start of a line.
    start = re.search('^' + re.escape(anchor), text, re.M).end()
    body = text[start:text.index(';', start)]
    return re.findall(r"'([^']+)'", body)


commit = subprocess.run(['git', '--git-dir', stacktape, 'rev-parse', 'HEAD'], check=True, capture_output=True, text=True).stdout.strip()
cfn = json.load(open(os.path.join(os.path.dirname(cfnlint.__file__), 'data', 'schemas', 'extensions', 'aws_rds_dbinstance', 'engine_version.json')))
versions = {}
for clause in cfn['allOf'][1:]:
    engine = clause['if']['properties']['Engine'].get('const')
    if engine in ('postgres', 'mysql', 'mariadb', 'aurora-postgresql', 'aurora-mysql'):
        versions[engine] = sorted(clause['then']['properties']['EngineVersion']['enum'])

data = {
    '_source': {
        'httpApiCorsMethods': f'stacktape/stacktape@{commit} types/stacktape-config/http-api-gateways.d.ts (type HttpMethod)',
        'redisInstanceSizes': f'stacktape/stacktape@{commit} types/stacktape-config/redis-cluster.d.ts (RedisClusterProps.instanceSize)',
        'databaseEngineVersions': f"cfn-lint {metadata.version('cfn-lint')} cfnlint/data/schemas/extensions/aws_rds_dbinstance/engine_version.json (AWS RDS DescribeDBEngineVersions)",
        'regenerate': 'python3 tools/data/refresh-allowed-values.py <stacktape git dir>',
    },
    'httpApiCorsMethods': union_after(dts('http-api-gateways.d.ts'), 'type HttpMethod ='),
    'redisInstanceSizes': union_after(dts('redis-cluster.d.ts'), '  instanceSize:'),
    'databaseEngineVersions': versions,
}
out = os.path.join(root, 'packages', 'core', 'src', 'lib', 'model', 'data', 'allowed-values.json')
with open(out, 'w') as f:
    json.dump(data, f, indent=2)
    f.write('\n')
print(f'wrote {out}: {len(data["httpApiCorsMethods"])} methods, {len(data["redisInstanceSizes"])} redis sizes, ' + ', '.join(f'{k} {len(v)}' for k, v in versions.items()))
