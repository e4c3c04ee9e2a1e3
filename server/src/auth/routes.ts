import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { createLimiterStore } from './limiter-store.ts';
import { LoginThrottle } from './login-throttle.ts';
import { makeDecoyHash } from './passwords.ts';
import { createRegisterLimit } from './register-limit.ts';
import { accountRoutes } from './routes-account.ts';
import { loginRoutes } from './routes-login.ts';
import { passwordRoutes } from './routes-password.ts';
import { registerRoutes } from './routes-register.ts';
import { passwordCost } from './session.ts';

/** Services shared by the auth routes, built once at start-up. */
export interface AuthServices {
  throttle: LoginThrottle;
  takeRegistrationSlot: (ip: string) => Promise<void>;
  /** Verified against when an email is unknown, so both cases take as long. */
  decoyHash: string;
}

/** Registers /api/auth/*: register, login, me, change-password and logout-all. */
export async function authRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const createLimiter = createLimiterStore(ctx);
  const services: AuthServices = {
    throttle: new LoginThrottle(createLimiter),
    takeRegistrationSlot: createRegisterLimit(createLimiter, ctx.config.registerLimitPerHour),
    decoyHash: await makeDecoyHash(passwordCost(ctx)),
  };
  registerRoutes(app, ctx, services);
  loginRoutes(app, ctx, services);
  passwordRoutes(app, ctx, services);
  accountRoutes(app, ctx);
}
