/** Image references: `[registry/]repository[:tag][@sha256:…]`, with Docker Hub defaults. Used by the stack model (prebuilt images are checked at load, with their location) and the image builder. */
import { NxstackError } from './errors';

export interface ImageReference {
  /** host[:port]; `registry-1.docker.io` for Docker Hub names. */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const DOCKER_HUB = 'registry-1.docker.io';

export function parseReference(ref: string): ImageReference {
  const bad = (why: string): never => {
    throw new NxstackError('NXS_IMAGE_REFERENCE_INVALID', `Image reference ${JSON.stringify(ref)} is invalid: ${why}.`, {
      hint: 'Use [registry/]repository[:tag][@sha256:<64 hex>], e.g. 127.0.0.1:5000/app:1 or node:22-alpine.',
    });
  };
  if (!ref || /\s/.test(ref)) bad('empty or contains whitespace');
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) bad('the digest must be sha256:<64 lowercase hex>');
  }
  const slash = rest.indexOf('/');
  let registry = DOCKER_HUB;
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) bad(`tag ${JSON.stringify(tag)} is not a valid tag`);
  }
  if (registry === DOCKER_HUB && !rest.includes('/')) rest = `library/${rest}`;
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) bad(`repository ${JSON.stringify(rest)} must be lowercase path components`);
  return { registry, repository: rest, tag: tag ?? (digest ? undefined : 'latest'), digest };
}

export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** An account's ECR registry host, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
export function isEcrRegistry(host: string): boolean {
  return ECR_HOST.test(host);
}

/** The region of an ECR registry host; undefined for any other registry. */
export function ecrRegionOf(host: string): string | undefined {
  return ECR_HOST.exec(host)?.[3];
}
