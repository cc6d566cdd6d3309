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
import { Identity, Role, verifyIdentity } from '@riskpool/contracts';
import { Problems } from './problem';
import { requestContext } from './request-context';
import { GATEWAY_SECRET } from './tokens';

const ROLES_KEY = 'riskpool:roles';
const PUBLIC_KEY = 'riskpool:public';

/** Which roles may call a route. A route with neither this nor @Public() is refused to all. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Health and metrics only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

type RequestWithIdentity = Request & { identity?: Identity };

/**
 * Global guard: every request must carry the identity the gateway signed; a request that skipped
 * the gateway (or forged the header) gets 401, a role the route does not allow gets 403.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true) return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const checked = verifyIdentity(request.headers, this.secret);
    if (!checked.ok)
      throw Problems.unauthenticated(`request did not come through the gateway: ${checked.reason}`);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
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
