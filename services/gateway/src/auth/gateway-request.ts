import { Request } from 'express';
import { Identity } from '@riskpool/contracts';
import { RouteMatch } from '../routing/route-table';

/** What the gateway learns about a request on its way through. */
export interface GatewayRequest extends Request {
  /** The caller, once its key is verified (also read by the kit's idempotent writes). */
  identity?: Identity;
  gatewayRoute?: RouteMatch;
  /** The key id a caller presented, even when refused, for the audit trail. */
  presentedKeyId?: string;
  /** The client's address (src/edge/client-address.ts), set first thing. */
  clientAddress?: string;
  /** The client's content type of a forwarded body, hidden from the JSON and text parsers. */
  rawContentType?: string;
}
