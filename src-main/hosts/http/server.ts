import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { contract } from '../../../src-shared/api';
import type { Locale } from '../../../src-shared/i18n';
import type { Router } from '../../api/router';
import type { SessionPort } from '../../api/types';
import { serveStatic } from './static';
import { parseCookies, serializeCookie } from './cookies';

const LAUNCH_COOKIE = 'kd_launch';
const SESSION_COOKIE = 'kd_session';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface BrowserHost {
  server: Server;
  port: number;
  /** Open this once: it trades the launch token for a cookie and shows the app. */
  url: string;
  close(): Promise<void>;
}

const STATUS_OF: Record<string, number> = {
  validation: 400, unauthenticated: 401, password_change_required: 403, forbidden: 403, not_found: 404,
  conflict: 409, refused: 422, locked: 423, internal: 500,
};

/**
 * The loopback browser host: the real renderer and the same router as Electron's IPC.
 * Only 127.0.0.1 is bound; a per-launch token (exchanged for an HttpOnly cookie), a Host
 * check (against DNS rebinding) and a custom header (against cross-site forms) gate the API.
 */
export async function startBrowserHost(options: { router: Router; rendererDir: string; port?: number }): Promise<BrowserHost> {
  const launchToken = randomBytes(24).toString('base64url');
  let port = options.port ?? 0;

  const hasLaunchToken = (req: IncomingMessage) => {
    const got = Buffer.from(parseCookies(req.headers.cookie)[LAUNCH_COOKIE] ?? '');
    const want = Buffer.from(launchToken);
    return got.length === want.length && timingSafeEqual(got, want);
  };
  const hostAllowed = (req: IncomingMessage) => req.headers.host === `127.0.0.1:${port}` || req.headers.host === `localhost:${port}`;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('[kara-desk] browser host error:', error instanceof Error ? error.message : String(error));
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendText(res, 421, 'misdirected request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname === '/' && url.searchParams.has('token')) {
      if (url.searchParams.get('token') !== launchToken) return sendText(res, 403, 'wrong launch token');
      res.writeHead(303, {
        location: '/',
        'set-cookie': serializeCookie(LAUNCH_COOKIE, launchToken, { httpOnly: true, sameSite: 'Strict', path: '/' }),
      });
      return void res.end();
    }

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      if (!hasLaunchToken(req)) return sendJson(res, 401, { ok: false, error: { code: 'unauthenticated', message: 'launch token missing' } });
      if (url.pathname === '/api' && req.method === 'GET') return sendJson(res, 200, describeApi());
      if (req.method !== 'POST') return sendText(res, 405, 'method not allowed');
      if (req.headers['x-kara-desk'] !== '1') return sendText(res, 403, 'missing x-kara-desk header');
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readJsonBody(req);
      if (body === INVALID) return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'body is not JSON' } });
      const cookies = parseCookies(req.headers.cookie);
      const setCookies: string[] = [];
      const session: SessionPort = {
        token: () => cookies[SESSION_COOKIE],
        set: (token) => void setCookies.push(serializeCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/api' })),
        clear: () => void setCookies.push(serializeCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Strict', path: '/api', maxAge: 0 })),
      };
      const result = await options.router.call(method, body, { locale: localeOf(req), session, host: 'http' });
      if (setCookies.length) res.setHeader('set-cookie', setCookies);
      return sendJson(res, result.ok ? 200 : (STATUS_OF[result.error.code] ?? 400), result);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed');
    return serveStatic(options.rendererDir, url.pathname, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/?token=${launchToken}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function localeOf(req: IncomingMessage): Locale {
  return req.headers['accept-language']?.startsWith('en') ? 'en' : 'fa';
}

const INVALID = Symbol('invalid');
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return INVALID;
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return INVALID;
  }
}

function describeApi() {
  return {
    methods: Object.entries(contract).map(([name, spec]) => ({
      name,
      access: spec.access,
      mutates: spec.mutates,
      input: z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }),
    })),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
