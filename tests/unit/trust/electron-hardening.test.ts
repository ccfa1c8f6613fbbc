// The Electron security checklist, unit-tested without Electron (which cannot run here): the
// window options, and the lock-down handlers run against a fake WebContents that records what
// is registered — a stand-in for Electron's object, not for any of our code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { cspProblems, isAppUrl, isTrustedSender, lockDownContents, secureWindowOptions } from '../../../src-main/electron/hardening';
import { registerIpcHost, INVOKE_CHANNEL } from '../../../src-main/hosts/electron-ipc/register';
import type { Router } from '../../../src-main/api/router';

function fakeContents() {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  let permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | undefined;
  let permissionCheck: ((...a: unknown[]) => boolean) | undefined;
  const contents = {
    on: (name: string, fn: (...args: unknown[]) => void) => void listeners.set(name, fn),
    setWindowOpenHandler: (fn: typeof openHandler) => void (openHandler = fn),
    session: {
      setPermissionRequestHandler: (fn: typeof permissionRequest) => void (permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof permissionCheck) => void (permissionCheck = fn),
    },
  };
  const fire = (name: string, ...args: unknown[]) => {
    let prevented = false;
    listeners.get(name)!({ preventDefault: () => void (prevented = true) }, ...args);
    return prevented;
  };
  return { contents: contents as unknown as WebContents, fire, openHandler: () => openHandler!, permissionRequest: () => permissionRequest!, permissionCheck: () => permissionCheck! };
}

describe('window options', () => {
  const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
  it('isolates and sandboxes the renderer with no Node', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false,
      webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false, preload: '/app/preload.cjs',
    });
  });
});

describe('navigation, new windows, webviews and permissions', () => {
  const f = fakeContents();
  lockDownContents(f.contents, 'file://');
  it('refuses navigation and redirects away from the app', () => {
    expect(f.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///app/renderer/index.html#/admin')).toBe(false);
  });
  it('denies every new window and webview', () => {
    expect(f.openHandler()({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(f.openHandler()({ url: 'file:///app/renderer/index.html' })).toEqual({ action: 'deny' });
    expect(f.fire('will-attach-webview')).toBe(true);
  });
  it('denies permission requests and checks', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      f.permissionRequest()(null, permission, (ok) => void (granted = ok));
      expect(granted, permission).toBe(false);
      expect(f.permissionCheck()(null, permission)).toBe(false);
    }
  });
  it('knows the app origin in the browser host too', () => {
    expect(isAppUrl('http://127.0.0.1:5000/x', 'http://127.0.0.1:5000')).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5001/x', 'http://127.0.0.1:5000')).toBe(false);
    expect(isAppUrl('not a url', 'file://')).toBe(false);
  });
});

describe('IPC sender check', () => {
  const mainFrame = { url: 'file:///app/renderer/index.html' };
  const event = (senderFrame: unknown, id = 1) => ({ senderFrame, sender: { id, mainFrame } }) as unknown as IpcMainInvokeEvent;
  it('trusts only the app’s own main frame', () => {
    expect(isTrustedSender(event(mainFrame), 'file://')).toBe(true);
    expect(isTrustedSender(event({ url: 'file:///app/renderer/index.html' }), 'file://')).toBe(false); // an iframe
    expect(isTrustedSender(event(null), 'file://')).toBe(false);
    const elsewhere = { url: 'https://evil.example/' };
    expect(isTrustedSender({ senderFrame: elsewhere, sender: { mainFrame: elsewhere } } as unknown as IpcMainInvokeEvent, 'file://')).toBe(false);
  });
  it('answers an untrusted sender with forbidden and never reaches the router', async () => {
    let handler: ((e: IpcMainInvokeEvent, ...a: unknown[]) => Promise<unknown>) | undefined;
    const ipcMain = { handle: (channel: string, fn: typeof handler) => void (channel === INVOKE_CHANNEL && (handler = fn)) } as unknown as IpcMain;
    const calls: string[] = [];
    const router = { call: async (m: string) => (calls.push(m), { ok: true, data: {} }), callAsSystem: async () => ({ ok: true, data: {} }) } as unknown as Router;
    registerIpcHost(ipcMain, router, (e) => isTrustedSender(e, 'file://'));
    expect(await handler!(event({ url: 'file:///x' }), 'auth.status', {}, 'en')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(await handler!(event(mainFrame), 'auth.status', {}, 'en')).toEqual({ ok: true, data: {} });
    expect(calls).toEqual(['auth.status']);
  });
});

describe('Content-Security-Policy', () => {
  const html = readFileSync(join(__dirname, '..', '..', '..', 'src-renderer', 'index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  it('is the strict policy, in the page itself', () => {
    expect(meta).toBeDefined();
    expect(cspProblems(meta!)).toEqual([]);
  });
  it('would catch a loosened policy', () => {
    expect(cspProblems(`${meta}; script-src 'self' 'unsafe-eval'`.replace("script-src 'self';", ''))).not.toEqual([]);
    expect(cspProblems("default-src *")).not.toEqual([]);
  });
});

describe('preload', () => {
  it('exposes one invoke function and nothing of Node or Electron', () => {
    const src = readFileSync(join(__dirname, '..', '..', '..', 'src-main', 'electron', 'preload.ts'), 'utf8');
    expect(src.match(/exposeInMainWorld/g)?.length).toBe(1);
    expect(src).not.toMatch(/:\s*ipcRenderer\s*[,}]|require\(|process\.|ipcRenderer\.(send|on)\b/);
  });
});
