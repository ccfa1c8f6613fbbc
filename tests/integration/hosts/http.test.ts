import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, TEST_PASSWORD, type Harness } from '../../support/harness';
import { startBrowserHost, type BrowserHost } from '../../../src-main/hosts/http/server';
import { contract } from '../../../src-shared/api';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP call, so the test controls every header (fetch would fix Host and cookies). */
function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('the loopback browser host', () => {
  let h: Harness;
  let host: BrowserHost;
  let launchCookie = '';
  beforeAll(async () => {
    h = await createHarness();
    const rendererDir = join(h.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html dir="rtl" lang="fa"><title>t</title></html>');
    writeFileSync(join(h.dir, 'secret.txt'), 'outside the renderer');
    host = await startBrowserHost({ router: h.app.router, rendererDir });
  });
  afterAll(async () => {
    await host.close();
    await h.close();
  });

  it('listens on 127.0.0.1 only and trades the launch token for an HttpOnly cookie', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const wrong = await call(host.port, '/?token=nope');
    expect(wrong.status).toBe(403);
    const right = await call(host.port, new URL(host.url).pathname + new URL(host.url).search);
    expect(right.status).toBe(303);
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    launchCookie = cookie.split(';')[0]!;
  });

  it('gates the API on the launch cookie, the Host header and the custom header', async () => {
    const post = (headers: Record<string, string>) => call(host.port, '/api/auth.status', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    expect((await post({ 'x-kara-desk': '1' })).status).toBe(401);
    expect((await post({ cookie: launchCookie })).status).toBe(403);
    expect((await post({ cookie: launchCookie, 'x-kara-desk': '1', host: `evil.example:${host.port}` })).status).toBe(421);
    const ok = await post({ cookie: launchCookie, 'x-kara-desk': '1' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ ok: true, data: { initialised: true, actor: null } });
  });

  it('keeps the session in an HttpOnly cookie and maps refusals to status codes', async () => {
    const headers = { cookie: launchCookie, 'x-kara-desk': '1', 'content-type': 'application/json' };
    const denied = await call(host.port, '/api/reference.provinces', { method: 'POST', headers, body: '{}' });
    expect(denied.status).toBe(401);
    const login = await call(host.port, '/api/auth.login', { method: 'POST', headers, body: JSON.stringify({ username: 'clerk', password: TEST_PASSWORD }) });
    expect(login.status).toBe(200);
    expect(login.body).not.toMatch(/token/i);
    const session = String(login.headers['set-cookie']).split(';')[0]!;
    const provinces = await call(host.port, '/api/reference.provinces', { method: 'POST', headers: { ...headers, cookie: `${launchCookie}; ${session}` }, body: '{}' });
    expect(JSON.parse(provinces.body).data).toHaveLength(31);
    const bad = await call(host.port, '/api/auth.login', { method: 'POST', headers: { ...headers, 'accept-language': 'fa' }, body: '{"username": ""}' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.field).toBe('username');
    const notJson = await call(host.port, '/api/auth.login', { method: 'POST', headers, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('lists every method with its input JSON Schema at GET /api', async () => {
    const listed = JSON.parse((await call(host.port, '/api', { headers: { cookie: launchCookie } })).body) as { methods: Array<{ name: string; input: { type?: string } }> };
    expect(listed.methods.map((m) => m.name).sort()).toEqual(Object.keys(contract).sort());
    expect(listed.methods.find((m) => m.name === 'auth.login')!.input.type).toBe('object');
  });

  it('serves the renderer and nothing outside it', async () => {
    const index = await call(host.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('dir="rtl"');
    expect((await call(host.port, '/../secret.txt')).status).not.toBe(200);
    expect((await call(host.port, '/%2e%2e/secret.txt')).status).not.toBe(200);
    expect((await call(host.port, '/nope.js')).status).toBe(404);
  });
});
