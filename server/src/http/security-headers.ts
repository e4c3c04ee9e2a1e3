import type { FastifyReply, FastifyRequest } from 'fastify';

// The UI is served from the same origin, uses no inline scripts and sets
// inline styles (Mantine), so scripts stay 'self' while styles allow inline.
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

// Swagger UI runs a small inline initialiser.
const DOCS_CSP = APP_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

/** onSend hook adding the security headers to every response. */
export async function addSecurityHeaders(request: FastifyRequest, reply: FastifyReply) {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  reply.header('Content-Security-Policy', request.url.startsWith('/api/docs') ? DOCS_CSP : APP_CSP);
}
