/**
 * A small OCI distribution client over Node's fetch: HEAD/GET/PUT of blobs and manifests, blob
 * upload (cross-repository mount first, then one monolithic PUT), auth on 401 challenges.
 * Implements core's ImageRegistry. Credentials never appear in errors or progress output.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { NxstackError, type BlobDescriptor, type ImageRegistry } from '@nxstack/core';
import { sha256Digest } from '../oci/image';
import { MANIFEST_ACCEPT } from '../oci/media-types';
import { basicHeader, fetchBearerToken, parseChallenge, type RegistryCredentials } from './auth';

export interface RegistryClientOptions {
  /** host[:port] of the registry. */
  readonly registry: string;
  readonly credentials?: RegistryCredentials;
  /** Plain http (default for localhost/127.0.0.1 registries). */
  readonly insecure?: boolean;
  readonly fetch?: typeof fetch;
}

type Action = 'pull' | 'push';

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

export class RegistryClient implements ImageRegistry {
  readonly location: string;
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly authByScope = new Map<string, string>();

  constructor(private readonly options: RegistryClientOptions) {
    const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(options.registry);
    this.base = `${options.insecure ?? local ? 'http' : 'https'}://${options.registry}`;
    this.location = options.registry;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** One request with auth: on a 401 challenge, authenticate for the repository scope and retry once. */
  /** `body` as a function: called for each attempt (a stream of a file can be sent only once). */
  private async request(method: string, urlPath: string, repository: string, actions: Action[], init: { headers?: Record<string, string>; body?: Buffer | (() => Readable) } = {}): Promise<Response> {
    const scope = `repository:${repository}:${actions.join(',')}`;
    const url = urlPath.startsWith('http') ? urlPath : `${this.base}${urlPath}`;
    const send = async (auth?: string): Promise<Response> => {
      const headers: Record<string, string> = { ...(init.headers ?? {}), ...(auth ? { authorization: auth } : {}) };
      for (let attempt = 0; ; attempt++) {
        let res: Response;
        try {
          const body = typeof init.body === 'function' ? init.body() : init.body;
          // A stream body needs duplex 'half' (Node's fetch); it is read as it is sent, never held whole.
          res = await this.fetchImpl(url, { method, headers, body: body as RequestInit['body'], redirect: 'follow', ...(typeof init.body === 'function' ? { duplex: 'half' } : {}) } as RequestInit);
        } catch (cause) {
          throw new NxstackError('NXS_REGISTRY_UNREACHABLE', `Cannot reach registry ${this.location} (${method} ${new URL(url).pathname}).`, {
            hint: 'Check the registry address and that it is running; a registry on 127.0.0.1 is spoken to over http.',
            cause,
          });
        }
        // Transient gateway errors: two quick retries before giving up.
        if ([502, 503, 504].includes(res.status) && attempt < 2) {
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          continue;
        }
        return res;
      }
    };
    let res = await send(this.authByScope.get(scope));
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get('www-authenticate'));
      let auth: string | undefined;
      if (challenge?.scheme === 'basic' && this.options.credentials) auth = basicHeader(this.options.credentials);
      if (challenge?.scheme === 'bearer') {
        const token = await fetchBearerToken(challenge, scope, this.options.credentials, this.fetchImpl);
        if (token) auth = `Bearer ${token}`;
      }
      if (auth) {
        this.authByScope.set(scope, auth);
        res = await send(auth);
      }
    }
    if (res.status === 401 || res.status === 403) {
      throw new NxstackError('NXS_REGISTRY_UNAUTHORIZED', `Registry ${this.location} refused ${actions.join('/')} access to ${repository} (HTTP ${res.status}).`, {
        hint: this.options.credentials
          ? 'The credentials were rejected: check the user/password (for ECR, that the token is for this account and region).'
          : 'The registry needs credentials: set NXS_REGISTRY_USERNAME/NXS_REGISTRY_PASSWORD, or use an ECR repository URL so an ECR token is fetched.',
      });
    }
    if (res.status >= 500) {
      const text = (await res.text().catch(() => '')).slice(0, 200);
      throw new NxstackError('NXS_REGISTRY_SERVER_ERROR', `Registry ${this.location} failed ${method} ${new URL(url).pathname} with HTTP ${res.status}${text ? `: ${text.trim()}` : ''}.`, {
        hint: 'The registry is failing, not your image: retry later or check the registry logs.',
      });
    }
    return res;
  }

  private unexpected(res: Response, what: string): never {
    throw new NxstackError('NXS_REGISTRY_REQUEST_FAILED', `Registry ${this.location}: ${what} answered HTTP ${res.status}.`, {
      hint: 'Check that the repository name is valid for this registry and that it supports the OCI distribution API.',
    });
  }

  async blobExists(repository: string, digest: string): Promise<boolean> {
    const res = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, repository, ['pull']);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    return this.unexpected(res, `HEAD blob ${digest}`);
  }

  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.request('GET', `/v2/${repository}/blobs/${digest}`, repository, ['pull']);
    if (res.status !== 200) return this.unexpected(res, `GET blob ${digest}`);
    const data = Buffer.from(await res.arrayBuffer());
    if (sha256Digest(data) !== digest) {
      throw new NxstackError('NXS_REGISTRY_DIGEST_MISMATCH', `Blob ${digest} from ${this.location}/${repository} does not match its digest.`, { hint: 'Retry; the download was corrupted.' });
    }
    return data;
  }

  /** Mounts from `mountFrom` when the registry allows it, else starts an upload and PUTs the whole blob. */
  async uploadBlob(repository: string, blob: BlobDescriptor, body: () => Readable, mountFrom?: string): Promise<void> {
    return this.uploadBlobBytes(repository, blob, await collect(body()), mountFrom).then(() => undefined);
  }

  /**
   * Returns 'mounted' or 'uploaded'. `data` as `{ file }` streams the blob from that file (its exact
   * bytes); as a function it is read only when needed (a successful mount never reads it: image copies).
   */
  async uploadBlobBytes(repository: string, blob: BlobDescriptor, data: Buffer | { readonly file: string } | (() => Promise<Buffer>), mountFrom?: string): Promise<'mounted' | 'uploaded'> {
    const start = mountFrom && mountFrom !== repository ? `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}` : `/v2/${repository}/blobs/uploads/`;
    const res = await this.request('POST', start, repository, ['pull', 'push']);
    if (res.status === 201) return 'mounted';
    if (res.status !== 202) return this.unexpected(res, `starting upload of ${blob.digest}`);
    const location = res.headers.get('location');
    if (!location) return this.unexpected(res, 'upload without a Location');
    const target = new URL(location, this.base);
    target.searchParams.set('digest', blob.digest);
    const bytes = typeof data === 'function' ? await data() : data;
    const put = await this.request('PUT', target.toString(), repository, ['pull', 'push'], {
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(Buffer.isBuffer(bytes) ? bytes.length : blob.size) },
      body: Buffer.isBuffer(bytes) ? bytes : () => createReadStream(bytes.file, { highWaterMark: 1024 * 1024 }),
    });
    if (put.status !== 201) return this.unexpected(put, `PUT blob ${blob.digest}`);
    return 'uploaded';
  }

  async putManifest(repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
    const res = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, repository, ['pull', 'push'], { headers: { 'content-type': mediaType }, body });
    if (res.status !== 201 && res.status !== 200) {
      const text = (await res.text().catch(() => '')).slice(0, 300);
      throw new NxstackError('NXS_REGISTRY_MANIFEST_REJECTED', `Registry ${this.location} rejected manifest ${repository}:${reference} (HTTP ${res.status}): ${text.trim()}`, {
        hint: 'Every layer and the config must be uploaded first; the registry must accept this manifest media type.',
      });
    }
    return sha256Digest(body);
  }

  async getManifest(repository: string, reference: string): Promise<{ mediaType: string; body: Buffer; digest: string } | undefined> {
    const res = await this.request('GET', `/v2/${repository}/manifests/${reference}`, repository, ['pull'], { headers: { accept: MANIFEST_ACCEPT } });
    if (res.status === 404) return undefined;
    if (res.status !== 200) return this.unexpected(res, `GET manifest ${repository}:${reference}`);
    const body = Buffer.from(await res.arrayBuffer());
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim() || (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType || '';
    return { mediaType, body, digest: sha256Digest(body) };
  }
}
