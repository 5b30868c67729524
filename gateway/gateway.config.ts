// Hive Gateway configuration for Kinerja (loaded by `hive-gateway supergraph` from this folder).
//
// Environment:
//   KINERJA_SUPERGRAPH       path of the composed supergraph (default ./supergraph.graphql)
//   KINERJA_GATEWAY_PORT     port to listen on (default 4000)
//   KINERJA_HOST             address to bind (default 127.0.0.1; 0.0.0.0 behind a load balancer)
//   KINERJA_GATEWAY_FORK     worker processes on the one port (Hive Gateway `fork`; default 1)
//   KINERJA_<NAME>_URL       overrides the URL of subgraph <name> composed into the supergraph,
//                            e.g. KINERJA_IDENTITY_URL=http://127.0.0.1:4111/graphql
//   KINERJA_HMAC_SECRET      when set, every subgraph request is signed with it
//   KINERJA_ENV              `development` enables introspection, field suggestions, GraphiQL
//   KINERJA_JWKS_URL         identity's key set (default http://127.0.0.1:4101/.well-known/jwks.json)
//   KINERJA_TOKEN_ISSUER     the `iss` access tokens must carry (default kinerja-identity)
//   KINERJA_TOKEN_AUDIENCE   the `aud` access tokens must carry (default kinerja)
import { randomUUID } from "node:crypto";
import {
  defineConfig,
  type GatewayPlugin,
  type TransportEntryAdditions,
} from "@graphql-hive/gateway";
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify } from "jose";

const env = process.env;
const development = env.KINERJA_ENV === "development";

// KINERJA_*_URL variables that configure infrastructure rather than a subgraph.
const NOT_SUBGRAPHS = new Set(["NATS", "REDIS"]);
const SUBGRAPH_URL = /^KINERJA_([A-Z][A-Z0-9]*)_URL$/;

// Lets tests and deployments move a subgraph without recomposing the committed supergraph.
function subgraphUrlOverrides(): TransportEntryAdditions {
  const entries: TransportEntryAdditions = {};
  for (const [key, value] of Object.entries(env)) {
    const match = SUBGRAPH_URL.exec(key);
    if (match && value && !NOT_SUBGRAPHS.has(match[1])) {
      entries[match[1].toLowerCase()] = { location: value };
    }
  }
  return entries;
}

function port(): number {
  const value = Number(env.KINERJA_GATEWAY_PORT ?? "4000");
  if (!Number.isInteger(value) || value <= 0 || value > 65535) {
    throw new Error(`KINERJA_GATEWAY_PORT is not a port: ${env.KINERJA_GATEWAY_PORT}`);
  }
  return value;
}

function forks(): number {
  const value = Number(env.KINERJA_GATEWAY_FORK ?? "1");
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`KINERJA_GATEWAY_FORK is not a number of workers: ${env.KINERJA_GATEWAY_FORK}`);
  }
  return value;
}

const hmacSecret = env.KINERJA_HMAC_SECRET ?? "";

// --- Access tokens (ARCHITECTURE.md §4, TOKEN CONTRACT in kinerja/auth.py) -----------------------
// Hive Gateway's built-in `jwt` option verifies with `jsonwebtoken`, which has no EdDSA (Ed25519:
// "Unknown key type"), so identity's tokens are verified here with `jose` against identity's JWKS.
// No token: the request goes on anonymously (login must work). A token that does not verify: 401
// at the edge. Subgraphs verify the forwarded token again, revocation included.
const ACCESS_TOKEN_MAX_SECONDS = 15 * 60;
const CLOCK_TOLERANCE_SECONDS = 30; // as the services' kinerja.tokens.LEEWAY_SECONDS
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

// jose errors that mean "this token is not good"; any other failure is the key set being unreachable.
const TOKEN_ERRORS = new Set([
  "ERR_JWT_EXPIRED",
  "ERR_JWT_CLAIM_VALIDATION_FAILED",
  "ERR_JWT_INVALID",
  "ERR_JWS_INVALID",
  "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
  "ERR_JOSE_ALG_NOT_ALLOWED",
  "ERR_JOSE_NOT_SUPPORTED",
  "ERR_JWKS_NO_MATCHING_KEY",
  "ERR_JWKS_MULTIPLE_MATCHING_KEYS",
]);

class InvalidTokenError extends Error {}

type Fetch = { Response: typeof Response };

function jsonError(
  fetchAPI: Fetch,
  status: number,
  message: string,
  code: string,
  extra: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...extra },
  });
}

type Log = { warn(message: string): void };

function useAccessTokens(log: Log): GatewayPlugin {
  const issuer = env.KINERJA_TOKEN_ISSUER || "kinerja-identity";
  const audience = env.KINERJA_TOKEN_AUDIENCE || "kinerja";
  const jwksUrl = new URL(env.KINERJA_JWKS_URL || "http://127.0.0.1:4101/.well-known/jwks.json");
  // Fetched on first use (the gateway starts before identity), refetched at most every 2 s when a
  // token names an unknown kid (key rotation), and at least every minute (retired keys drop out).
  const keySet = createRemoteJWKSet(jwksUrl, {
    timeoutDuration: 3000,
    cooldownDuration: 2000,
    cacheMaxAge: 60_000,
  });

  async function verify(authorization: string): Promise<void> {
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw new InvalidTokenError("not a Bearer JWT");
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new InvalidTokenError("undecodable header");
    }
    // jose would pick the only key of a one-key set for a token without kid; the contract wants one.
    if (typeof kid !== "string" || !kid) throw new InvalidTokenError("no kid");
    const { payload } = await jwtVerify(token, keySet, {
      algorithms: ["EdDSA"],
      issuer,
      audience,
      typ: "JWT",
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "sid", "iat", "nbf", "exp", "jti"],
    });
    if (payload.token_use !== "access") throw new InvalidTokenError("not an access token");
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > ACCESS_TOKEN_MAX_SECONDS) {
      throw new InvalidTokenError("lifetime over 15 minutes");
    }
  }

  return {
    async onRequest({ request, fetchAPI, endResponse }) {
      const authorization = request.headers.get("authorization");
      if (authorization === null) return;
      try {
        await verify(authorization);
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (error instanceof InvalidTokenError || TOKEN_ERRORS.has(code)) {
          endResponse(
            jsonError(fetchAPI, 401, "Invalid or expired access token.", "UNAUTHENTICATED", {
              "www-authenticate": 'Bearer error="invalid_token"',
            }),
          );
          return;
        }
        log.warn(`access token check failed, key set unavailable: ${code || String(error)}`);
        endResponse(
          jsonError(fetchAPI, 503, "Sign-in is temporarily unavailable.", "SERVICE_UNAVAILABLE", {
            "retry-after": "5",
          }),
        );
      }
    },
  };
}

// The client's address as the gateway sees it; replaces whatever the client claimed, because the
// gateway is the edge and identity throttles sign-in per address.
function clientAddress(context: unknown): string | undefined {
  const req = (context as { req?: { socket?: { remoteAddress?: string } } }).req;
  return req?.socket?.remoteAddress;
}

export const gatewayConfig = defineConfig({
  supergraph: env.KINERJA_SUPERGRAPH || "./supergraph.graphql",
  host: env.KINERJA_HOST || "127.0.0.1",
  port: port(),
  fork: forks(),
  transportEntries: subgraphUrlOverrides(),

  // Forward the caller's token (every subgraph validates it again), one request id per call, and
  // the client's address.
  requestId: {
    headerName: "x-request-id",
    generateRequestId: () => randomUUID(),
  },
  propagateHeaders: {
    fromClientToSubgraphs({ request, context }) {
      const headers: Record<string, string> = {};
      const authorization = request.headers.get("authorization");
      if (authorization) headers.authorization = authorization;
      const requestId = request.headers.get("x-request-id");
      if (requestId) headers["x-request-id"] = requestId;
      const address = clientAddress(context);
      if (address) headers["x-forwarded-for"] = address;
      return headers;
    },
  },
  plugins: (context) => [useAccessTokens(context.log)],
  // Subgraphs refuse unsigned requests (ARCHITECTURE.md §4).
  ...(hmacSecret ? { hmacSignature: { secret: hmacSecret } } : {}),

  // Client-facing limits and hygiene.
  maskedErrors: true,
  maxDepth: 15,
  maxTokens: 1000,
  blockFieldSuggestions: !development,
  ...(development ? {} : { disableIntrospection: { disableIf: () => true } }),
  graphiql: development,
  landingPage: development,

  healthCheckEndpoint: "/healthcheck",
  readinessCheckEndpoint: "/readiness",
});
