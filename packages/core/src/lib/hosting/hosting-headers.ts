import picomatch from 'picomatch';
import type { HostingContentType, HostingFileOption } from '../model/resource-types/hosting-bucket';
import { contentTypeOf } from './content-types';

/**
 * Headers S3 stores on an object itself (and so serves through CloudFront without an edge
 * function). Other headers in fileOptions are refused at load (hosting-checks.ts).
 */
export const HOSTING_OBJECT_HEADERS = ['Cache-Control', 'Content-Type', 'Content-Disposition', 'Content-Encoding', 'Content-Language', 'Expires'] as const;
export type HostingObjectHeader = (typeof HOSTING_OBJECT_HEADERS)[number];

export const HTML_CACHE_CONTROL = 'public, max-age=0, s-maxage=31536000, must-revalidate';
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const rule = (includePattern: string, value: string): HostingFileOption => ({ includePattern, headers: [{ key: 'Cache-Control', value }] });
const htmlFresh = rule('**/*.html', HTML_CACHE_CONTROL);

/**
 * Stacktape's header presets per hostingContentType (its automaticUploadFilterPresets): HTML is
 * never browser-cached but CDN-cached until the next deploy's invalidation; hashed build assets are
 * cached for a year. A later rule wins over an earlier one; files no rule matches get no
 * Cache-Control (CloudFront then keeps them for its default TTL).
 */
export const HOSTING_HEADER_PRESETS: Readonly<Record<HostingContentType, readonly HostingFileOption[]>> = {
  'static-website': [rule('**/*', HTML_CACHE_CONTROL)],
  'single-page-app': [htmlFresh, rule('static/**/*', IMMUTABLE_CACHE_CONTROL)],
  'astro-static-website': [htmlFresh, rule('_astro/**/*', IMMUTABLE_CACHE_CONTROL)],
  'sveltekit-static-website': [htmlFresh, rule('_app/**/*', IMMUTABLE_CACHE_CONTROL)],
  'nuxt-static-website': [htmlFresh, rule('_nuxt/**/*', IMMUTABLE_CACHE_CONTROL)],
  'gatsby-static-website': [
    htmlFresh,
    rule('page-data/**/*', HTML_CACHE_CONTROL),
    rule('app-data.json', HTML_CACHE_CONTROL),
    rule('static/**/*', IMMUTABLE_CACHE_CONTROL),
    rule('**/*.js', IMMUTABLE_CACHE_CONTROL),
    rule('**/*.css', IMMUTABLE_CACHE_CONTROL),
    rule('sw.js', HTML_CACHE_CONTROL),
  ],
};

/** The canonical spelling of a header name fileOptions may set, or undefined when S3 cannot store it. */
export function objectHeaderName(key: string): HostingObjectHeader | undefined {
  return HOSTING_OBJECT_HEADERS.find((h) => h.toLowerCase() === key.toLowerCase());
}

/** The headers of one file (path relative to the upload folder, `/`-separated): preset rules (none without a preset), then fileOptions, later wins. */
export function hostingFileHeaders(file: string, contentType: HostingContentType | undefined, fileOptions: readonly HostingFileOption[] = []): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': contentTypeOf(file) };
  for (const o of [...(contentType ? HOSTING_HEADER_PRESETS[contentType] : []), ...fileOptions]) {
    if (!picomatch(o.includePattern, { dot: true })(file)) continue;
    if (o.excludePattern && picomatch(o.excludePattern, { dot: true })(file)) continue;
    for (const h of o.headers ?? []) {
      const name = objectHeaderName(h.key);
      if (name) headers[name] = h.value;
    }
  }
  return headers;
}
