import type { Route } from './types';

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export const DEPLOYMENT_PREFIX = /^\/d\/([^/]+)(\/.*)$/;

export function splitDeployment(path: string): { deployment: string | null; path: string } {
  const match = DEPLOYMENT_PREFIX.exec(path);
  if (!match) return { deployment: null, path };
  return { deployment: decodeURIComponent(match[1] ?? ''), path: match[2] ?? '/' };
}

export function matchRoute(routes: Route[], method: string, path: string): RouteMatch | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(m.groups ?? {})) {
      if (value !== undefined) params[key] = safeDecode(value);
    }
    return { route, params };
  }
  return null;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
