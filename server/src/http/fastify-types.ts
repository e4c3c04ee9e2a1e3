import type { AccessRule, Principal } from '../auth/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every route that is not public. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route; `user` when omitted. */
    auth?: AccessRule;
    /** Reachable while the user must still change their password (me, change-password, logout). */
    allowDuringPasswordChange?: boolean;
  }
}
