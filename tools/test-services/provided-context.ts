// What the global setup provides to tests through vitest's inject().
declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    /** URL (trailing slash) of a Verdaccio npm registry on 127.0.0.1 serving the @nxstack scope only (e2e/lib/local-registry.ts publishes to it). */
    npmRegistry: string;
    /** host:port of an open docker-registry on 127.0.0.1. */
    registry: string;
    /** host:port of a docker-registry with Basic auth (ECR_TOKEN_CREDENTIALS in registry.ts). */
    authRegistry: string;
    /** DOCKER_HOST (unix socket) of a private dockerd: no bridge network, use network mode none. */
    dockerHost: string;
  }
}

export {};
