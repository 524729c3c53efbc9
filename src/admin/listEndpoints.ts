import type { Router } from 'express';

/**
 * `METHOD /path` of every route on the router and on the routers it mounts without a path (as the admin API mounts
 * its parts), so a client can tell which optional endpoints this version has without calling them.
 */
export function listEndpoints(router: Router): string[] {
  const found = new Set<string>();
  const walk = (layers: Router['stack']): void => {
    for (const layer of layers) {
      if (layer.route) {
        for (const handler of layer.route.stack)
          if (handler.method) found.add(`${handler.method.toUpperCase()} ${layer.route.path}`);
      } else {
        const nested: unknown = Reflect.get(layer.handle, 'stack');
        if (Array.isArray(nested)) walk(nested as Router['stack']);
      }
    }
  };
  walk(router.stack);
  return [...found];
}
