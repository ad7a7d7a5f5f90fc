// A real OpenID Provider for the tests (panva's certified oidc-provider), on
// loopback. Started by tests/integration/test_single_sign_on.py:
//   node tests/sign_on/provider.mjs PORT CONFIG_JSON
// CONFIG_JSON: {"clients": [...oidc-provider client metadata...],
//               "accounts_file": "<path>", "cvr_claim": "<claim name>"}
// The accounts file, {"<account id>": {<claims beyond sub>}}, is read at each
// login, so that a test can name the people it needs.
// Logins go through the provider's own development interactions: a login form
// that takes any account id, then a consent form. It prints "ready" once it
// listens.
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const [port, configText] = process.argv.slice(2);
const config = JSON.parse(configText);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: config.clients,
  pkce: { required: () => true },
  scopes: ["openid", "email", "profile", "cvr"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name"],
    cvr: [config.cvr_claim],
  },
  // Claims in the ID token too, as NemLog-in and most municipal providers send them.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => {
    const claims = JSON.parse(readFileSync(config.accounts_file, "utf8"))[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ["igu-admin test provider"] },
});
provider.proxy = false;
const server = provider.listen(Number(port), "127.0.0.1", () => {
  console.log("ready");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
