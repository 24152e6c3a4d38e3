import type { OperationInfo } from '@roomkit/openapi';

export interface RoutedRequest {
  operation: OperationInfo;
  /** Decoded path parameter values. */
  pathValues: Record<string, string>;
}

/**
 * Finds the spec operation a final request URL addresses, by the URL itself (not by what the
 * caller meant to send): the base URL's path is stripped, then each path template is matched
 * segment by segment, a `{parameter}` matching exactly one non-empty segment.
 */
export class Router {
  private readonly basePath: string;
  private readonly origin: string;
  private readonly templates: Array<{ operation: OperationInfo; segments: string[] }>;

  constructor(baseUrl: string, operations: readonly OperationInfo[]) {
    const base = new URL(baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.templates = operations.map((operation) => ({ operation, segments: operation.path.split('/').slice(1) }));
  }

  /** The path relative to the base URL, or undefined when the URL lies outside it. */
  relativePath(url: URL): string | undefined {
    if (url.origin !== this.origin) return undefined;
    if (this.basePath === '') return url.pathname;
    if (url.pathname === this.basePath) return '';
    return url.pathname.startsWith(`${this.basePath}/`) ? url.pathname.slice(this.basePath.length) : undefined;
  }

  route(method: string, url: URL): RoutedRequest | undefined {
    const path = this.relativePath(url);
    if (path === undefined) return undefined;
    const segments = path.split('/').slice(1);
    for (const { operation, segments: template } of this.templates) {
      if (operation.method.toUpperCase() !== method.toUpperCase() || template.length !== segments.length) continue;
      const pathValues: Record<string, string> = {};
      const matches = template.every((part, index) => {
        const actual = segments[index]!;
        const parameter = /^\{(.+)\}$/.exec(part)?.[1];
        if (parameter === undefined) return part === actual;
        if (actual === '') return false;
        try {
          pathValues[parameter] = decodeURIComponent(actual);
        } catch {
          return false;
        }
        return true;
      });
      if (matches) return { operation, pathValues };
    }
    return undefined;
  }
}

/** Methods that never change state on a conforming server. */
export function isSafeMethod(method: string): boolean {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}
