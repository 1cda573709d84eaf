import { z } from 'zod';
import { environmentSchema } from '../common-schemas';
import { CDN_CUSTOM_DOMAIN_PARAMS, customDomainsSchema } from '../custom-domains';
import { cdnRouteRewriteSchema, edgeFunctionsSchema } from './cdn';

// Stacktape's `hosting-bucket` (types/stacktape-config/hosting-buckets.d.ts): a folder uploaded to a
// private S3 bucket behind a CloudFront distribution. Names, values and defaults as the d.ts.

/** `hostingContentType` values (Stacktape's SupportedHeaderPreset); default static-website. */
export const HOSTING_CONTENT_TYPES = [
  'static-website',
  'single-page-app',
  'gatsby-static-website',
  'astro-static-website',
  'sveltekit-static-website',
  'nuxt-static-website',
] as const;
export type HostingContentType = (typeof HOSTING_CONTENT_TYPES)[number];

/** `fileOptions[]` (Stacktape's DirectoryUploadFilter): headers for the files a glob matches. */
export const hostingFileOptionSchema = z.strictObject({
  includePattern: z.string().min(1),
  excludePattern: z.string().min(1).optional(),
  headers: z.array(z.strictObject({ key: z.string().min(1), value: z.string() })).optional(),
});

/** `build` / `dev` (Stacktape's HostingBucketBuild): a command run in workingDirectory (default `.`, the folder of stack.yml). */
export const hostingBucketCommandSchema = z.strictObject({
  command: z.string().trim().min(1),
  workingDirectory: z.string().min(1).optional(),
});

export const hostingBucketPropertiesSchema = z.strictObject({
  /** Folder (relative to the folder of stack.yml) whose contents are the site. */
  uploadDirectoryPath: z.string().min(1),
  /** Produces uploadDirectoryPath: the cached `build--<resource>` task, which package--<resource> waits for. */
  build: hostingBucketCommandSchema.optional(),
  /** Dev server: the continuous `dev--<resource>` task (writes injectEnvironment to `.env.local` in its workingDirectory first). */
  dev: hostingBucketCommandSchema.optional(),
  /** Globs relative to uploadDirectoryPath: files not uploaded. */
  excludeFilesPatterns: z.array(z.string().min(1)).optional(),
  hostingContentType: z.enum(HOSTING_CONTENT_TYPES).optional(),
  /** Aliases of the site's distribution (`url` becomes `https://<first domain>`); certificate in us-east-1. */
  customDomains: customDomainsSchema.optional(),
  /** Default false: `/about` and `/about/` are served from `about/index.html`. */
  disableUrlNormalization: z.boolean().optional(),
  /** Lambda@Edge functions run on the site's requests/responses (names of edge-lambda-function resources). */
  edgeFunctions: edgeFunctionsSchema.optional(),
  /** Page for missing objects (404). Default /404.html. */
  errorDocument: z.string().startsWith('/').optional(),
  /** Object served for `/`. Default /index.html. */
  indexDocument: z.string().startsWith('/').optional(),
  /** Deploy-time values written into every HTML file as `window.STP_INJECTED_ENV`. */
  injectEnvironment: environmentSchema.optional(),
  /** Folder (relative to stack.yml) where deploy writes `.env.<stage>` with the resolved injectEnvironment, merged into the file's content. */
  writeDotenvFilesTo: z.string().min(1).optional(),
  /** Name of a web-app-firewall of this stack (scope cdn). */
  useFirewall: z.string().min(1).optional(),
  fileOptions: z.array(hostingFileOptionSchema).optional(),
  /** Path patterns served by another origin (`/api/*` → an http-api-gateway), first match wins; the rest is the site. */
  routeRewrites: z.array(cdnRouteRewriteSchema).optional(),
});

/** `$ResourceParam` names: Stacktape's hosting bucket exposes its bucket's and its CDN's. */
export const HOSTING_BUCKET_PARAMS = ['name', 'arn', 'url', 'cdnDomain', 'cdnUrl', 'cdnCanonicalDomain', 'cdnCanonicalUrl', ...CDN_CUSTOM_DOMAIN_PARAMS] as const;

export const hostingBucketResourceType = { type: 'hosting-bucket', propertiesSchema: hostingBucketPropertiesSchema, params: HOSTING_BUCKET_PARAMS } as const;

export type HostingBucketProperties = z.output<typeof hostingBucketPropertiesSchema>;
export type HostingBucketCommand = z.output<typeof hostingBucketCommandSchema>;
export type HostingFileOption = z.output<typeof hostingFileOptionSchema>;
