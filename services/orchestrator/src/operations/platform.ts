import {
  mergeOpenApiDocuments,
  type OpenApiDocument,
  OpenApiDocumentSchema,
} from '../domain/openapi-merge.ts';
import type { GatewayOperationsDeps } from './deps.ts';

/** Every service's health: `ok` when all answer, else `degraded` with the ones `down`. */
export async function platformHealth(deps: GatewayOperationsDeps, requestId: string) {
  const results = await Promise.all(
    deps.services.names.map(
      async (service) => [service, await deps.services.health(service, requestId)] as const,
    ),
  );
  const healthy = results.every(([, status]) => status === 'ok');
  return {
    status: healthy ? ('ok' as const) : ('degraded' as const),
    services: Object.fromEntries(results),
  };
}

/** The public OpenAPI document: the gateway's own routes plus every service's, merged. */
export async function mergedApiDocument(
  deps: GatewayOperationsDeps,
  gateway: OpenApiDocument,
  requestId: string,
): Promise<OpenApiDocument> {
  const documents = await Promise.all(
    deps.services.names.map(async (name) => ({
      name,
      document: OpenApiDocumentSchema.parse(await deps.services.openApiDocument(name, requestId)),
    })),
  );
  return mergeOpenApiDocuments(gateway, documents);
}

/**
 * One JWKS for everything the platform signs: the identity provider's token keys and the
 * progress service's certificate keys (none of those when it does not answer).
 */
export async function platformSigningKeys(deps: GatewayOperationsDeps, requestId: string) {
  const tokenKeys = deps.identity.publicKeys().keys.map((key) => ({ ...key }));
  return { keys: [...tokenKeys, ...(await deps.progress.certificateKeys(requestId))] };
}
