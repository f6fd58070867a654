import type express from 'express';

export interface AppRoute {
  method: 'GET' | 'POST';
  /** The route's path as declared, with its parameters (`:id`). */
  path: string;
  params: string[];
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every route the app declares, read from Express's router (the routers are mounted without a
 * prefix, so their paths are whole), so a test over "every route" cannot miss one added later.
 */
export function appRoutes(app: express.Express): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          const params = [...layer.route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
          routes.push({ method: method.toUpperCase() as AppRoute['method'], path: layer.route.path, params });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}
