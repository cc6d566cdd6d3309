import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { CallerRole, Identity, TrustedIssuer, verifyIdentity } from '@riskpool/contracts';
import { Problems } from './problem';
import { requestContext } from './request-context';
import { SeenIdentities } from './seen-identities';
import { IDENTITY_TRUST } from './tokens';

const ROLES_KEY = 'riskpool:roles';
const PUBLIC_KEY = 'riskpool:public';

/** Which roles may call a route. A route with neither this nor @Public() is refused to all. */
export const AllowRoles = (...roles: CallerRole[]) => SetMetadata(ROLES_KEY, roles);
/** Health and metrics only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type RequestWithIdentity = Request & { identity?: Identity; rawBody?: Buffer };

/** Whom a service believes, the name identities must be addressed to, and the ids already used. */
export interface IdentityTrust {
  readonly target: string;
  readonly issuers: readonly TrustedIssuer[];
  readonly seen: SeenIdentities;
}

/**
 * Global guard: every request must carry an identity signed by a trusted issuer for exactly this
 * request (this service, method, path and query, body) within the window, seen once (ADR 0013).
 * Anything else gets 401; a role the route does not allow gets 403.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(IDENTITY_TRUST) private readonly trust: IdentityTrust,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true) return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const checked = verifyIdentity(
      request.headers,
      {
        target: this.trust.target,
        method: request.method,
        path: request.originalUrl,
        body: request.rawBody,
      },
      this.trust.issuers,
    );
    if (!checked.ok)
      throw Problems.unauthenticated(`request did not come through the gateway: ${checked.reason}`);
    // Only a verified id is remembered, so forged headers cannot fill the memory of used ids.
    if (!this.trust.seen.firstSight(checked.nonce))
      throw Problems.unauthenticated('request did not come through the gateway: identity replayed');
    const roles =
      this.reflector.getAllAndOverride<CallerRole[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!roles.includes(checked.identity.role)) {
      throw Problems.forbidden(
        `role ${checked.identity.role} may not call ${request.method} ${request.route?.path ?? request.path}`,
      );
    }
    request.identity = checked.identity;
    const ctx = requestContext.current();
    if (ctx !== undefined) ctx.identity = checked.identity;
    return true;
  }
}

/** The verified caller, in a controller parameter. */
export const CurrentIdentity = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Identity => {
    const identity = context.switchToHttp().getRequest<RequestWithIdentity>().identity;
    if (identity === undefined) throw Problems.unauthenticated('no identity on this request');
    return identity;
  },
);
