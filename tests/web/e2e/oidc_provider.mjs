// A genuine OpenID Connect provider for the tests (npm « oidc-provider », run with Node 20),
// standing in for ProConnect on 127.0.0.1 and behaving as ProConnect does: authorisation
// code flow with PKCE required, RS256-signed ID tokens carrying the eIDAS level asked in
// `acr_values` (none when none was asked), the userinfo answer as a signed JWT
// (application/jwt), the organisation's SIRET in the `siret` claim, RP-initiated logout.
// Its development login form accepts any login: the login typed is the agent's e-mail
// address; OIDC_SIRETS (JSON, e-mail → SIRET) gives the SIRET of each agent's
// organisation. Configuration from the environment.
const { default: Provider } = await import(process.env.OIDC_MODULE);

const port = Number(process.env.OIDC_PORT);
const sirets = JSON.parse(process.env.OIDC_SIRETS || "{}");
const site = process.env.OIDC_SITE;
const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: [`${site}/proconnect/retour/`],
      post_logout_redirect_uris: [`${site}/connexion/`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
      userinfo_signed_response_alg: "RS256",
    },
  ],
  pkce: { required: () => true },
  acrValues: ["eidas1", "eidas2", "eidas3"],
  scopes: ["openid", "email", "given_name", "usual_name", "siret"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    given_name: ["given_name"],
    usual_name: ["usual_name"],
    siret: ["siret"],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: true,
          given_name: "Agathe",
          usual_name: "Essai",
          siret: sirets[id] || "",
        };
      },
    };
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    jwtUserinfo: { enabled: true },
  },
  cookies: { keys: ["cle-des-tests-oidc"] },
};
const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
// ProConnect authenticates at the eIDAS level asked: the first of `acr_values` becomes
// the session's `acr` (and the ID token's), nothing when the request asked none.
const finish = provider.interactionFinished.bind(provider);
provider.interactionFinished = async (req, res, result, options) => {
  if (result.login) {
    const { params } = await provider.interactionDetails(req, res);
    const asked = String(params.acr_values || "").split(" ").filter(Boolean);
    if (asked.length) {
      result.login.acr = asked[0];
    }
  }
  return finish(req, res, result, options);
};
const server = provider.listen(port, "127.0.0.1");
// Stops by itself after an hour at most, whatever happens to the test session.
setTimeout(() => server.close(() => process.exit(0)), 3600 * 1000).unref();
process.on("SIGTERM", () => server.close(() => process.exit(0)));
console.log(`fournisseur OIDC prêt sur http://127.0.0.1:${port}`);
