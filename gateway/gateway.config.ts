// Hive Gateway configuration for Kinerja (loaded by `hive-gateway supergraph` from this folder).
//
// Environment:
//   KINERJA_SUPERGRAPH       path of the composed supergraph (default ./supergraph.graphql)
//   KINERJA_GATEWAY_PORT     port to listen on (default 4000); always bound to 127.0.0.1
//   KINERJA_<NAME>_URL       overrides the URL of subgraph <name> composed into the supergraph,
//                            e.g. KINERJA_IDENTITY_URL=http://127.0.0.1:4111/graphql
//   KINERJA_HMAC_SECRET      when set, every subgraph request is signed with it
//   KINERJA_ENV              `development` enables introspection, field suggestions, GraphiQL
import { randomUUID } from "node:crypto";
import { defineConfig, type TransportEntryAdditions } from "@graphql-hive/gateway";

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

const hmacSecret = env.KINERJA_HMAC_SECRET ?? "";

export const gatewayConfig = defineConfig({
  supergraph: env.KINERJA_SUPERGRAPH || "./supergraph.graphql",
  host: "127.0.0.1",
  port: port(),
  transportEntries: subgraphUrlOverrides(),

  // Forward the caller's token (every subgraph validates it again) and one request id per call.
  requestId: {
    headerName: "x-request-id",
    generateRequestId: () => randomUUID(),
  },
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = {};
      const authorization = request.headers.get("authorization");
      if (authorization) headers.authorization = authorization;
      const requestId = request.headers.get("x-request-id");
      if (requestId) headers["x-request-id"] = requestId;
      return headers;
    },
  },
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
