import type { HostingBucketProperties } from '../model/resource-types/hosting-bucket';

/** How a request path maps to an object key, from a hosting bucket's settings. */
export interface HostingRouting {
  /** single-page-app: every path without a file extension serves the index document. */
  readonly spa: boolean;
  /** Not disableUrlNormalization: `/about` and `/about/` serve `about/index.html`. */
  readonly normalize: boolean;
  /** `/index.html` by default. */
  readonly indexDocument: string;
  /** `/404.html` by default: served with status 404 for a missing object. */
  readonly errorDocument: string;
}

export function hostingRouting(p: Pick<HostingBucketProperties, 'hostingContentType' | 'disableUrlNormalization' | 'indexDocument' | 'errorDocument'>): HostingRouting {
  return {
    spa: p.hostingContentType === 'single-page-app',
    normalize: p.disableUrlNormalization !== true,
    indexDocument: p.indexDocument ?? '/index.html',
    errorDocument: p.errorDocument ?? '/404.html',
  };
}

/**
 * The rule as the source of a CloudFront Function (cloudfront-js-2.0, viewer-request). The same
 * source is what the local stage's server runs (hostingRequestKey), so both serve a path alike.
 * Paths with a file extension are never rewritten (Stacktape's origin-request rule).
 */
export function hostingRewriteSource(r: HostingRouting): string {
  return [
    'function handler(event) {',
    '  var request = event.request;',
    '  var uri = request.uri;',
    `  if (uri === '/' || uri === '') { request.uri = ${JSON.stringify(r.indexDocument)}; return request; }`,
    "  var last = uri.slice(uri.lastIndexOf('/') + 1);",
    '  if (/\\.[a-zA-Z0-9]+$/.test(last)) return request;',
    r.spa ? `  request.uri = ${JSON.stringify(r.indexDocument)};` : r.normalize ? "  request.uri = uri.replace(/\\/+$/, '') + '/index.html';" : '',
    '  return request;',
    '}',
  ].filter(Boolean).join('\n');
}

/** Whether a CloudFront Function is needed at all (the root object alone is DefaultRootObject's job). */
export const needsRewrite = (r: HostingRouting): boolean => r.spa || r.normalize;

/** The object key (no leading slash) a request path reads, by running hostingRewriteSource. */
export function hostingRequestKey(r: HostingRouting, uriPath: string): string {
  const handler = new Function(`${hostingRewriteSource(r)}\nreturn handler;`)() as (e: { request: { uri: string } }) => { uri: string };
  return handler({ request: { uri: uriPath } }).uri.replace(/^\/+/, '');
}

/** `window.STP_INJECTED_ENV = {...}` placed where Stacktape puts it: right after `<head>`, else in a new head before `<body>`; else nowhere. */
export function injectEnvironmentIntoHtml(html: string, env: Readonly<Record<string, string>>): string {
  // `<` escaped: a value holding `</script>` cannot end the script element.
  const script = `<script>window.STP_INJECTED_ENV = ${JSON.stringify(env).replace(/</g, '\\u003c')}</script>`;
  if (html.includes('<head>')) return html.replace('<head>', `<head>\n\t${script}`);
  // Neither tag (a fragment): left as it is, as Stacktape does.
  return html.includes('<body>') ? html.replace('<body>', `<head>\n\t${script}</head><body>`) : html;
}

/**
 * Suffix of the stack Output carrying a hosting bucket's CloudFront distribution id: deploy
 * invalidates it after an upload that changed files (and only then).
 */
export const HOSTING_DISTRIBUTION_OUTPUT_SUFFIX = 'HostingDistributionId';
/** Output `<Id>DirectoryUploadBucket` = the name of a bucket whose objects mirror its `directoryUpload` folder: destroy empties it first. */
export const DIRECTORY_UPLOAD_OUTPUT_SUFFIX = 'DirectoryUploadBucket';
/** Suffix of the Outputs carrying the resolved `injectEnvironment` values, `<suffix><index>`. */
export const HOSTING_INJECTED_ENV_OUTPUT_SUFFIX = 'InjectedEnv';
