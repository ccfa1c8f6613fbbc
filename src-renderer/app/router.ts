import { useEffect, useSyncExternalStore } from 'react';
import type { Role } from '../../src-shared/api';

export const AREAS = ['intake', 'queue', 'tickets', 'sync', 'admin', 'dashboard'] as const;
export type Area = (typeof AREAS)[number];

/** What each role sees in the navbar, in this order; the first is its home. */
export const NAV_BY_ROLE: Record<Role, readonly Area[]> = {
  intake: ['intake', 'tickets'],
  agency_reviewer: ['queue', 'tickets', 'dashboard'],
  branch_officer: ['queue', 'dashboard'],
  supervisor: ['intake', 'queue', 'tickets', 'sync', 'admin', 'dashboard'],
  auditor: ['queue', 'dashboard', 'admin'],
};

export function hrefOf(area: Area): string {
  return `#/${area}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The first path segment of `#/area/...`. */
function currentSegment(): string {
  return window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
}

/**
 * A hash router small enough for a few top-level screens. An unknown area, or one the role
 * may not open, is replaced (not pushed) by the role's home, so Back does not loop.
 */
export function useArea(role: Role): Area {
  const segment = useSyncExternalStore(subscribe, currentSegment, currentSegment);
  const allowed = NAV_BY_ROLE[role];
  const home = allowed[0] ?? 'dashboard';
  const area = (allowed as readonly string[]).includes(segment) ? (segment as Area) : home;

  useEffect(() => {
    if (segment !== area) {
      history.replaceState(null, '', hrefOf(area));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }, [segment, area]);

  return area;
}

function currentRest(): string {
  return window.location.hash.replace(/^#\/?/, '').split('/').slice(1).join('/');
}

/**
 * The path inside an area, e.g. `case/<id>` for `#/queue/case/<id>`: screens route their own
 * sub-pages with it, so adding one never touches the shell.
 */
export function useSubPath(): string[] {
  const rest = useSyncExternalStore(subscribe, currentRest, currentRest);
  return rest ? rest.split('/').map(decodeURIComponent) : [];
}

export function navigate(area: Area, ...rest: string[]): void {
  window.location.hash = ['', area, ...rest.map(encodeURIComponent)].join('/');
}
