// A genuine OpenID Connect provider for the tests (npm « oidc-provider », run with Node 20),
// standing in for ProConnect on 127.0.0.1: authorisation code flow with PKCE required,
// RS256-signed ID tokens, RP-initiated logout. Its development login form accepts any
// login: the login typed is the agent's e-mail address. Configuration from the environment.
const { default: Provider } = await import(process.env.OIDC_MODULE);

const port = Number(process.env.OIDC_PORT);
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
    },
  ],
  pkce: { required: () => true },
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
          siret: process.env.OIDC_SIRET || "",
        };
      },
    };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["cle-des-tests-oidc"] },
};
const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
const server = provider.listen(port, "127.0.0.1");
// Stops by itself after an hour at most, whatever happens to the test session.
setTimeout(() => server.close(() => process.exit(0)), 3600 * 1000).unref();
process.on("SIGTERM", () => server.close(() => process.exit(0)));
console.log(`fournisseur OIDC prêt sur http://127.0.0.1:${port}`);
