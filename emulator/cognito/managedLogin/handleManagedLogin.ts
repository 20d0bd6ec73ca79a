import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../../http.ts';
import type { UserPool } from '../UserPool.ts';
import { AuthorizationCodes } from './AuthorizationCodes.ts';
import { BrowserSessions, SESSION_COOKIE, SESSION_TTL_MS } from './BrowserSessions.ts';
import {
  checkAuthorizeRequest,
  redirectTo,
  type AuthorizeRequest,
} from './checkAuthorizeRequest.ts';
import { errorPage, loginPage } from './loginPage.ts';
import { matchesRegisteredUrl } from './matchesRegisteredUrl.ts';
import { openidConfiguration } from './openidConfiguration.ts';
import { tokenEndpoint } from './tokenEndpoint.ts';
import { userInfo } from './userInfo.ts';

/** Largest form read; a sign-in form or token request is a few kilobytes at most. */
const MAX_FORM_BYTES = 64 * 1024;

/** Pages may call the token, userInfo and discovery endpoints from their own origin. */
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'WWW-Authenticate',
};

/** RFC 6749 5.1: token answers are never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** Cognito's hosted page says this when the password is wrong or the user unknown. */
const INCORRECT = 'Incorrect username or password.';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}) {
  res.writeHead(302, { Location: location, 'Content-Length': '0', ...headers });
  res.end();
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // The sign-in page must not be framed by another site (clickjacking).
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return undefined;
  }
  return new URLSearchParams((await readBody(req, MAX_FORM_BYTES)).toString('utf8'));
}

/**
 * The managed-login (hosted UI) and OAuth 2.0 endpoints of the pool: `/oauth2/authorize`,
 * `/login`, `/oauth2/token`, `/oauth2/userInfo`, `/logout`, `/error`, and the discovery document
 * at the issuer. Returns the handler for a request, or undefined when it is not one of them.
 */
export function createManagedLogin(
  pool: UserPool,
): (method: string, url: URL) => Handler | undefined {
  const now = () => pool.state.now();
  const codes = new AuthorizationCodes(now);
  const sessions = new BrowserSessions(now);
  const settings = pool.state.settings;

  function codeRedirect(
    res: ServerResponse,
    request: AuthorizeRequest,
    username: string,
    headers = {},
  ) {
    const code = codes.issue({
      username,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      scope: request.scope,
      ...(request.nonce !== undefined && { nonce: request.nonce }),
      ...(request.codeChallenge !== undefined && { codeChallenge: request.codeChallenge }),
    });
    redirect(res, redirectTo(request.redirectUri, { code }, request.state), headers);
  }

  const authorize: Handler = (req, res, url) => {
    req.resume();
    const check = checkAuthorizeRequest(url.searchParams, settings);
    if (!check.ok) return redirect(res, check.location);
    const username = sessions.username(req.headers.cookie);
    const user = username === undefined ? undefined : pool.store.get(username);
    // A live managed-login session signs the user in again without the form, as Cognito does.
    if (user?.confirmed) return codeRedirect(res, check.request, user.username);
    redirect(res, `/login${url.search}`);
  };

  const showLogin: Handler = (req, res, url) => {
    req.resume();
    const check = checkAuthorizeRequest(url.searchParams, settings);
    if (!check.ok) return redirect(res, check.location);
    sendHtml(res, 200, loginPage(url.search.slice(1)));
  };

  const submitLogin: Handler = async (req, res, url) => {
    const check = checkAuthorizeRequest(url.searchParams, settings);
    const form = await readForm(req);
    if (!check.ok) return redirect(res, check.location);
    const username = form?.get('username') ?? '';
    const password = form?.get('password') ?? '';
    const user = pool.store.get(username);
    if (!user || !pool.passwordMatches(user, password)) {
      return sendHtml(res, 200, loginPage(url.search.slice(1), username, INCORRECT));
    }
    if (!user.confirmed) {
      return sendHtml(res, 200, loginPage(url.search.slice(1), username, 'User is not confirmed.'));
    }
    const cookie = `${SESSION_COOKIE}=${sessions.start(user.username)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_MS / 1000}`;
    codeRedirect(res, check.request, user.username, { 'Set-Cookie': cookie });
  };

  const token: Handler = async (req, res) => {
    pool.state.count('oauth2/token');
    const form = await readForm(req);
    const answer = form
      ? tokenEndpoint(pool, codes, form, req.headers.authorization)
      : ({ status: 400, body: { error: 'invalid_request' } } as const);
    sendJson(
      res,
      answer.status,
      answer.body,
      { ...CORS, ...NO_STORE },
      'application/json;charset=UTF-8',
    );
  };

  const info: Handler = (req, res) => {
    req.resume();
    pool.state.count('oauth2/userInfo');
    const answer = userInfo(pool, req.headers.authorization);
    const headers =
      answer.status === 200 ? CORS : { ...CORS, 'WWW-Authenticate': answer.challenge };
    sendJson(res, answer.status, answer.body, headers, 'application/json;charset=UTF-8');
  };

  const logout: Handler = (req, res, url) => {
    req.resume();
    const params = url.searchParams;
    const clientId = params.get('client_id') ?? '';
    const logoutUri = params.get('logout_uri');
    const ended = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    // Not documented: the emulator sends a bad client or sign-out URL to /error, as for sign-in.
    const error = (code: string) =>
      redirect(res, `/error?${new URLSearchParams({ error: code, client_id: clientId })}`);
    if (clientId !== settings.clientId) return error('invalid_request');
    if (logoutUri !== null) {
      if (!matchesRegisteredUrl(logoutUri, settings.logoutUrls)) return error('redirect_mismatch');
      sessions.end(req.headers.cookie);
      return redirect(res, logoutUri, { 'Set-Cookie': ended });
    }
    // Without logout_uri: sign out, then show the sign-in page for the authorize parameters given.
    const check = checkAuthorizeRequest(params, settings);
    if (!check.ok) return redirect(res, check.location);
    sessions.end(req.headers.cookie);
    redirect(res, `/login${url.search}`, { 'Set-Cookie': ended });
  };

  const discovery: Handler = (req, res) => {
    req.resume();
    const origin = `http://${req.headers.host ?? `${settings.host}:${settings.cognitoPort}`}`;
    sendJson(res, 200, openidConfiguration(origin, pool.issuer, settings.userPoolId), CORS);
  };

  const routes: Record<string, Handler> = {
    'GET /oauth2/authorize': authorize,
    'GET /login': showLogin,
    'POST /login': submitLogin,
    'GET /error': (req, res) => {
      req.resume();
      sendHtml(res, 400, errorPage());
    },
    'POST /oauth2/token': token,
    'GET /oauth2/userInfo': info,
    'GET /logout': logout,
  };
  return (method, url) => {
    if (
      method === 'GET' &&
      url.pathname === `/${settings.userPoolId}/.well-known/openid-configuration`
    ) {
      return discovery;
    }
    const key = `${method} ${url.pathname}`;
    return Object.hasOwn(routes, key) ? routes[key] : undefined;
  };
}
