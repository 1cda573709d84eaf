import { NxstackError } from '../errors';
import { didYouMeanText } from './did-you-mean';
import { walkDirectives } from './directives';
import { entryFileLanguage, LANGUAGE_CONFIG_KEYS, unsupportedEntryFileError, type LambdaPackaging } from './packaging';
import { checkImagePackagingPaths, checkPrebuiltImageReference, checkRunAppAs, isImagePackaging } from './packaging/image-packaging-checks';
import type { ImagePackaging } from './packaging';
import { checkLayerImages } from './packaging/layer-image-checks';
import { checkStackPath } from './path-checks';
import { checkBucketDirectoryUpload, checkHostingBucket } from './hosting-checks';
import { checkCdns } from './cdn-settings';
import { checkUserPoolHooks } from './user-auth-pool-checks';
import type { BucketProperties } from './resource-types/bucket';
import type { HostingBucketProperties } from './resource-types/hosting-bucket';
import { getIn } from './zod-issues';
import { lambdaRuntimesFor, LANGUAGE_NAMES } from './lambda-runtimes';
import { checkComputeResources } from './compute-checks';
import { checkStackOutputNames } from './stack-output-checks';
import { checkProviderConfig } from './provider-config';
import { checkScriptsAndHooks } from './script-checks';
import { checkCustomResourceInstances } from './custom-resource-checks';
import { isLambdaResourceType, resourceTypeDefinition } from './resource-types';
import type { StackConfig } from './stack-schema';
import type { ConfigPath, YamlSource } from './yaml-source';

export const RESOURCE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*$/;
export const RESOURCE_NAME_MAX_LENGTH = 64;

/** Resource names become CloudFormation logical ids: alphanumeric, starting with a letter. */
export function checkResourceNames(raw: unknown, source: YamlSource): NxstackError[] {
  const resources = (raw as { resources?: unknown } | null)?.resources;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources)) return [];
  return Object.keys(resources)
    .filter((name) => !RESOURCE_NAME_PATTERN.test(name) || name.length > RESOURCE_NAME_MAX_LENGTH)
    .map(
      (name) =>
        new NxstackError('NXS_INVALID_RESOURCE_NAME', `invalid resource name '${name}'`, {
          location: source.locateKey(['resources', name]),
          hint: `Resource names become CloudFormation logical ids: letters and digits only, starting with a letter, at most ${RESOURCE_NAME_MAX_LENGTH} characters (e.g. '${suggestName(name)}').`,
        }),
    );
}

function suggestName(name: string): string {
  const camel = name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[^A-Za-z]+/, '');
  return (camel || 'myResource').slice(0, RESOURCE_NAME_MAX_LENGTH);
}

export interface SemanticCheckOptions {
  /** Folder holding stack.yml; packaging paths are relative to it. */
  readonly dir: string;
  /** Check that stack.yml paths stay inside the workspace and that entry files / packagePath exist. */
  readonly checkPaths: boolean;
  /** Every stack.yml path must resolve (symlinks too) inside it. */
  readonly workspaceRoot: string;
}

/** Checks that need the whole validated config: references, files, language-specific config. */
export function checkSemantics(config: StackConfig, source: YamlSource, opts: SemanticCheckOptions): NxstackError[] {
  const problems: NxstackError[] = [];
  const names = Object.keys(config.resources);
  const resourceTypes = Object.fromEntries(Object.entries(config.resources).map(([n, r]) => [n, r.type]));
  for (const [name, resource] of Object.entries(config.resources)) {
    const base = ['resources', name, 'properties'];
    const props = resource.properties as Record<string, unknown> | undefined;
    if (!props) continue;
    // Image packagings (services, batch-job container, image functions) only need their path checked.
    const image = isImagePackaging(props.packaging) ? ['packaging'] : isImagePackaging((props.container as { packaging?: unknown } | undefined)?.packaging) ? ['container', 'packaging'] : undefined;
    problems.push(...checkRunAppAs(props.packaging, [...base, 'packaging'], source, isLambdaResourceType(resource.type)));
    if (image) {
      const packaging = getIn(props, image) as ImagePackaging;
      problems.push(...checkImagePackagingPaths(packaging, [...base, ...image], source, opts), ...checkPrebuiltImageReference(packaging, [...base, ...image], source));
    }
    else if ('packaging' in props) {
      problems.push(...checkPackaging(props.packaging as LambdaPackaging, [...base, 'packaging'], source, opts));
      problems.push(...checkRuntime(props.runtime, props.packaging as LambdaPackaging, [...base, 'runtime'], source));
    }
    if (resource.type === 'hosting-bucket') problems.push(...checkHostingBucket(props as HostingBucketProperties, base, source, { base: opts.dir, workspaceRoot: opts.workspaceRoot, checkPaths: opts.checkPaths }));
    if (resource.type === 'bucket') problems.push(...checkBucketDirectoryUpload(props as BucketProperties, base, source, { base: opts.dir, workspaceRoot: opts.workspaceRoot, checkPaths: opts.checkPaths }));
    if (opts.checkPaths) problems.push(...checkLocalLayers(props.layers, [...base, 'layers'], source, opts));
    problems.push(...checkLayerImages(props.layers, (props.packaging as { type?: string } | undefined)?.type, [...base, 'layers'], source, resourceTypes));
    const connectTo = (props.connectTo as string[] | undefined) ?? [];
    connectTo.forEach((target, i) => {
      if (target === 'aws:ses' || names.includes(target)) return;
      problems.push(
        new NxstackError('NXS_UNKNOWN_CONNECT_TO_TARGET', `connectTo names '${target}', which is not a resource of this stack`, {
          location: source.locate([...base, 'connectTo', i]),
          hint: `${didYouMeanText(target, names)}Use a resource name from 'resources' (${names.join(', ')}) or 'aws:ses'.`,
        }),
      );
    });
    if (resource.type === 'deployment-script') {
      walkDirectives(props.parameters, (d, path) => {
        if (d.$directive !== 'Secret') return;
        problems.push(
          new NxstackError('NXS_SECRET_IN_PARAMETERS', `$Secret('${d.name}') is not allowed in a deployment script's parameters`, {
            location: source.locate([...base, 'parameters', ...path]),
            hint: `Parameters are stored in the CloudFormation template; pass the secret through 'environment' instead (e.g. - name: MY_SECRET / value: $Secret('${d.name}')).`,
          }),
        );
      });
    }
  }
  problems.push(...checkComputeResources(config, source), ...checkCdns(config, source));
  problems.push(...checkStackOutputNames(config, source));
  problems.push(...checkUserPoolHooks(config, source));
  problems.push(...checkScriptsAndHooks(config, source), ...checkProviderConfig(config.providerConfig, source));
  problems.push(...checkCustomResourceInstances(config, source));
  walkDirectives(config, (d, path) => {
    if (d.$directive !== 'ResourceParam') return;
    const target = config.resources[d.resource];
    if (!target) {
      problems.push(
        new NxstackError('NXS_UNKNOWN_RESOURCE_REFERENCE', `$ResourceParam names resource '${d.resource}', which does not exist`, {
          location: source.locate(path),
          hint: `${didYouMeanText(d.resource, names)}Resources in this stack: ${names.join(', ')}.`,
        }),
      );
      return;
    }
    const definition = resourceTypeDefinition(target.type);
    const params = definition?.params ?? [];
    if (!definition?.anyParam && !params.includes(d.param)) {
      problems.push(
        new NxstackError('NXS_UNKNOWN_RESOURCE_PARAM', `resource '${d.resource}' (${target.type}) has no param '${d.param}'`, {
          location: source.locate(path),
          hint: `${didYouMeanText(d.param, params)}Params of ${target.type}: ${params.join(', ') || '(none)'}.`,
        }),
      );
    }
  });
  return problems;
}

function checkPackaging(packaging: LambdaPackaging, path: ConfigPath, source: YamlSource, opts: SemanticCheckOptions): NxstackError[] {
  const problems: NxstackError[] = [];
  const ppath = [...path, 'properties'];
  const fileKey = packaging.type === 'stacktape-lambda-buildpack' ? 'entryfilePath' : 'packagePath';
  const rel = packaging.type === 'stacktape-lambda-buildpack' ? packaging.properties.entryfilePath : packaging.properties.packagePath;
  const paths = { base: opts.dir, workspaceRoot: opts.workspaceRoot };
  if (opts.checkPaths) problems.push(...checkStackPath(rel, [...ppath, fileKey], source, { ...paths, mustExist: true }));
  if (packaging.type !== 'stacktape-lambda-buildpack') return problems;
  // Optional language files are found next to the entry file when absent; only a given path is checked.
  for (const key of ['tsConfigPath', 'packageManagerFile'] as const) {
    const value = (packaging.properties.languageSpecificConfig as Record<string, unknown> | undefined)?.[key];
    if (opts.checkPaths && typeof value === 'string') problems.push(...checkStackPath(value, [...ppath, 'languageSpecificConfig', key], source, { ...paths, mustExist: false }));
  }
  const language = entryFileLanguage(rel);
  if (!language) {
    problems.push(unsupportedEntryFileError(rel, source.locate([...ppath, 'entryfilePath'])));
    return problems;
  }
  const config = packaging.properties.languageSpecificConfig;
  const allowed = LANGUAGE_CONFIG_KEYS[language];
  for (const key of Object.keys(config ?? {})) {
    if (allowed.includes(key)) continue;
    problems.push(
      new NxstackError('NXS_UNKNOWN_PROPERTY', `languageSpecificConfig.${key} does not apply to ${language} entry file '${rel}'`, {
        location: source.locateKey([...ppath, 'languageSpecificConfig', key]),
        hint: `${didYouMeanText(key, allowed)}For ${language} entry files the allowed keys are: ${allowed.join(', ') || '(none)'}.`,
      }),
    );
  }
  // Stacktape's default module format for JS/TS bundles.
  if (language === 'node') {
    const lsc = (packaging.properties.languageSpecificConfig ??= {});
    lsc.outputModuleFormat ??= 'cjs';
  }
  return problems;
}

/** A zip function's `runtime` fits the language of its entry file (any runtime for a custom artifact). */
function checkRuntime(runtime: unknown, packaging: LambdaPackaging, path: ConfigPath, source: YamlSource): NxstackError[] {
  if (typeof runtime !== 'string') return [];
  const language = packaging.type === 'stacktape-lambda-buildpack' ? entryFileLanguage(packaging.properties.entryfilePath) : undefined;
  // An entry file of unknown language is reported by checkPackaging.
  if (packaging.type === 'stacktape-lambda-buildpack' && !language) return [];
  const allowed = lambdaRuntimesFor(language);
  if (allowed.includes(runtime)) return [];
  return [
    new NxstackError('NXS_RUNTIME_UNSUPPORTED', `runtime '${runtime}' is not a Lambda runtime nxstack deploys${language ? ` for ${LANGUAGE_NAMES[language]}` : ''}`, {
      location: source.locate(path),
      hint: `${didYouMeanText(runtime, allowed)}Use one of: ${allowed.join(', ')} (or leave runtime out for the packager's default).`,
    }),
  ];
}

/** Layers given as local folders or zips (not ARNs, s3:// URLs or directives) must stay inside the workspace. */
function checkLocalLayers(layers: unknown, path: ConfigPath, source: YamlSource, opts: SemanticCheckOptions): NxstackError[] {
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((layer, i) =>
    typeof layer === 'string' && !/^(arn:|s3:\/\/)/.test(layer) ? checkStackPath(layer, [...path, i], source, { base: opts.dir, workspaceRoot: opts.workspaceRoot, mustExist: false }) : [],
  );
}
