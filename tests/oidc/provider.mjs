// A real OpenID Connect provider for Tertial's sign-in tests, and for nothing else.
//
// It is panva's oidc-provider (a certified OpenID Provider implementation) with a small
// login form of its own: the tests' browser fills in an e-mail address and a password,
// the provider checks them against the accounts it was started with, issues a signed ID
// token through the authorization-code flow, and signs out through its end-session
// endpoint. Nothing in the app under test is faked.
//
// Run: node provider.mjs CONFIG.json
// CONFIG: {"port": 0, "client_id": "...", "client_secret": "...", "redirect_uri": "...",
//          "accounts": {"anna@ange.se": {"password": "...", "name": "...", "groups": [...],
//                                         "roles": [...]}}}
// Prints "listening http://127.0.0.1:PORT" once it serves (port 0: a free port).

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = new Map(Object.entries(config.accounts).map(([email, account]) => [email.toLowerCase(), account]));
// A stable subject per e-mail address, as a provider's own identifier (not the address).
const subjects = new Map([...accounts.keys()].map((email) => [email, randomUUID()]));
const emailOf = new Map([...subjects].map(([email, sub]) => [sub, email]));

const server = http.createServer();
await new Promise((resolve) => server.listen(config.port || 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.client_id,
    client_secret: config.client_secret,
    redirect_uris: [config.redirect_uri],
    post_logout_redirect_uris: [config.redirect_uri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [{ ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'test' }] },
  cookies: { keys: [randomUUID()] },
  // Entra ID puts groups and roles in the ID token; so does this provider, with the
  // e-mail address and name of the scopes asked for (Streamlit reads the ID token only).
  claims: { openid: ['sub', 'groups', 'roles'], email: ['email', 'email_verified'], profile: ['name'] },
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // The provider's own "do you want to sign out?" page, answered yes at once.
      logoutSource: async (ctx, form) => {
        ctx.body = page('Loggar ut', `${form}<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<script>document.forms['op.logoutForm'].submit()</script>`);
      },
      postLogoutSuccessSource: async (ctx) => { ctx.body = page('Utloggad', '<p>Du är utloggad.</p>'); },
    },
  },
  async findAccount(ctx, sub) {
    const email = emailOf.get(sub);
    if (!email) return undefined;
    const account = accounts.get(email);
    return {
      accountId: sub,
      async claims() {
        return {
          sub, email, email_verified: true, name: account.name,
          ...(account.groups ? { groups: account.groups } : {}),
          ...(account.roles ? { roles: account.roles } : {}),
        };
      },
    };
  },
  // A first-party client: no consent screen, the scopes asked for are granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const grant = await ctx.oidc.provider.Grant.find(grantId);
      if (grant) return grant;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Fel hos identitetsleverantören', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

function loginForm(uid, message = '') {
  return page('Logga in', `${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>E-post <input type="email" name="email" autocomplete="username" required></label>
<label>Lösenord <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Logga in</button></form>`);
}

async function formBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const providerCallback = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(req.url.split('?')[0]);
  if (!match) {
    providerCallback(req, res);
    return;
  }
  try {
    const details = await provider.interactionDetails(req, res);
    if (match[2] && req.method === 'POST') {
      const form = await formBody(req);
      const email = (form.get('email') || '').trim().toLowerCase();
      const account = accounts.get(email);
      if (!account || account.password !== form.get('password')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(loginForm(details.uid, 'Fel e-postadress eller lösenord.'));
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: subjects.get(email) } },
        { mergeWithLastSubmission: false });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginForm(details.uid));
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(String(error));
  }
});

console.log(`listening ${issuer}`);
