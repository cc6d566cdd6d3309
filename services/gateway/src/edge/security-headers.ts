import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Directives = Record<string, string[]>;

/**
 * The policy of the console and of every API answer. The console's build has no inline script or
 * style (checked by the console's browser tests), so nothing needs 'unsafe-inline'; it talks only
 * to its own origin (`/api/v1`); no page may be framed (clickjacking).
 */
export const CONTENT_SECURITY_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI (`/api/docs` only) sets style attributes from its scripts' markup and draws its icons
 * from `data:` SVGs in its stylesheet; scripts stay 'self'.
 */
export const DOCS_CONTENT_SECURITY_POLICY: Directives = {
  ...CONTENT_SECURITY_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
};

function headersWith(directives: Directives) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Security headers on every answer of the gateway (API, console, docs): the CSP above,
 * `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, `X-Frame-Options: DENY`,
 * HSTS and helmet's other defaults; `X-Powered-By` removed.
 */
export function securityHeaders(): Middleware {
  const everywhere = headersWith(CONTENT_SECURITY_POLICY);
  const docs = headersWith(DOCS_CONTENT_SECURITY_POLICY);
  return function gatewaySecurityHeaders(req, res, next) {
    const url = req.url ?? '';
    const isDocs =
      url === '/api/docs' || url.startsWith('/api/docs/') || url.startsWith('/api/docs?');
    (isDocs ? docs : everywhere)(req, res, next);
  };
}
