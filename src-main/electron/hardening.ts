import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent, WebContents } from 'electron';

/** The Electron security checklist's window options; unit-tested without Electron. */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Kara Desk — میز کارا',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: true,
    },
  };
}

/** Is this URL one of the app's own pages? Only they may run in the window. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    if (appOrigin === 'file://') return parsed.protocol === 'file:';
    return parsed.origin === appOrigin;
  } catch {
    return false;
  }
}

/** Navigation, new windows and permission requests are all refused. */
export function lockDownContents(contents: WebContents, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}

/**
 * IPC is answered only for the app's own top-level frame: not an iframe, not a page that
 * somehow navigated elsewhere, not a frame that has gone away.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, appOrigin: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame !== undefined && frame === event.sender.mainFrame && isAppUrl(frame.url, appOrigin);
}

/**
 * What the renderer's Content-Security-Policy (a meta tag in index.html, so it holds under
 * file:// and the browser host alike) must say; returns what is missing or too loose.
 */
export function cspProblems(policy: string): string[] {
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));
  const problems: string[] = [];
  const exactly = (name: string, value: string[]) => {
    if (JSON.stringify(directives.get(name)) !== JSON.stringify(value)) problems.push(`${name} must be ${value.join(' ')}`);
  };
  exactly('default-src', ["'self'"]);
  exactly('script-src', ["'self'"]);
  exactly('object-src', ["'none'"]);
  exactly('base-uri', ["'none'"]);
  exactly('form-action', ["'none'"]);
  for (const [name, values] of directives) {
    if (values.some((v) => v === '*' || v === "'unsafe-eval'" || v === 'http:' || v === 'https:' || v === 'data:' && name !== 'img-src')) problems.push(`${name} is too loose`);
    if (name !== 'style-src' && values.includes("'unsafe-inline'")) problems.push(`${name} allows inline code`);
  }
  return problems;
}
