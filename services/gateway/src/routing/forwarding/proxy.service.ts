import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Response } from 'express';
import { KeyObject } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import {
  Identity,
  IDENTITY_HEADER,
  IDENTITY_SIGNATURE_HEADER,
  signIdentity,
} from '@riskpool/contracts';
import { ProblemException } from '@riskpool/service-kit';
import { answerStarted } from '../../audit/answer-hold';
import { GatewayRequest } from '../../auth/gateway-request';
import { identitySigningKeyOf } from '../../config/gateway.config';
import { GATEWAY_CONFIG, GatewaySettings } from '../../gateway.tokens';
import { TargetService } from '../route';
import { RouteMatch } from '../route-table';

/** Request headers a client may pass on to a service; everything else stays at the gateway. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-length',
  'idempotency-key',
  'if-match',
  'if-none-match',
  'traceparent',
  'tracestate',
  'x-correlation-id',
];

/** Hop-by-hop and identity headers never copied from a service's answer. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  IDENTITY_HEADER,
  IDENTITY_SIGNATURE_HEADER,
]);

/** How long an idle connection to a service is kept (the services keep theirs longer). */
const UPSTREAM_IDLE_SOCKET_MS = 30_000;
/** A reused connection the other side closed under us. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'ENETUNREACH',
]);

export interface ForwardOptions {
  /**
   * Buffer the request and the answer (small JSON only) and run `onSuccess` with the request body
   * before answering a 2xx, e.g. to learn a fund the gateway created.
   */
  readonly onSuccess?: (requestBody: Buffer) => Promise<void>;
}

/**
 * Forwards a request to the service that owns its route: method, path without `/api/v1`, query,
 * raw body, Idempotency-Key, content type and request id, plus the identity the gateway signed
 * for exactly this request to this service (ADR 0013). The answer is streamed back with its status and headers.
 */
@Injectable()
export class ProxyService implements OnModuleDestroy {
  private readonly logger = new Logger('proxy');
  // Idle sockets are dropped well before the services close them (SERVICE_KEEP_ALIVE_MS).
  private readonly httpAgent = new http.Agent({
    keepAlive: true,
    maxSockets: 256,
    timeout: UPSTREAM_IDLE_SOCKET_MS,
  });
  private readonly httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 256,
    timeout: UPSTREAM_IDLE_SOCKET_MS,
  });
  private readonly baseUrls: Record<Exclude<TargetService, 'gateway'>, URL>;
  /** Signs the identity of every forwarded request (Ed25519, ADR 0013). */
  private readonly identityKey: KeyObject;

  constructor(@Inject(GATEWAY_CONFIG) private readonly settings: GatewaySettings) {
    const c = settings.config;
    this.identityKey = identitySigningKeyOf(c);
    this.baseUrls = {
      'loan-registry': new URL(c.LOAN_REGISTRY_URL),
      'default-events': new URL(c.DEFAULT_EVENTS_URL),
      'pool-allocation': new URL(c.POOL_ALLOCATION_URL),
      settlement: new URL(c.SETTLEMENT_URL),
      ledger: new URL(c.LEDGER_URL),
      subsidy: new URL(c.SUBSIDY_URL),
    };
  }

  async forward(
    request: GatewayRequest,
    response: Response,
    match: RouteMatch,
    identity: Identity,
    options: ForwardOptions = {},
  ): Promise<void> {
    const service = match.route.service;
    if (service === 'gateway') throw new Error(`route ${match.route.path} is not forwarded`);
    const limit = this.settings.config.MAX_BODY_BYTES;
    const declared = Number(request.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);

    const base = this.baseUrls[service];
    const headers: http.OutgoingHttpHeaders = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    const contentType = request.rawContentType ?? request.headers['content-type'];
    if (contentType !== undefined) headers['content-type'] = contentType;
    headers['x-request-id'] = identity.requestId;
    headers['x-forwarded-for'] = request.socket.remoteAddress ?? '';

    // The identity covers the body's SHA-256, so the body is read whole before it is signed and
    // sent (ADR 0013); bulk files stay within MAX_BODY_BYTES.
    const requestBody = await readBody(
      request,
      options.onSuccess === undefined ? limit : Math.min(limit, 1024 * 1024),
      limit,
    );
    headers['content-length'] = String(requestBody.length);
    delete headers['transfer-encoding'];
    const basePath = base.pathname.replace(/\/$/, '');
    const upstreamPath = `${basePath}${match.upstreamPath}`;
    // Signed anew for each attempt: every identity carries its own nonce (ADR 0013).
    const signedHeaders = (): http.OutgoingHttpHeaders => ({
      ...headers,
      ...signIdentity(
        identity,
        { target: service, method: request.method, path: upstreamPath, body: requestBody },
        { issuer: 'gateway', privateKey: this.identityKey },
      ),
    });
    const client = base.protocol === 'https:' ? https : http;

    await new Promise<void>((resolve) => {
      let settled = false;
      const done = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      const send = (attempt: number): void => {
        const upstream = client.request(
          {
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port,
            method: request.method,
            path: upstreamPath,
            headers: signedHeaders(),
            agent: base.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          },
          (answer) => {
            if (options.onSuccess !== undefined) {
              void this.relayBuffered(
                answer,
                response,
                identity,
                requestBody,
                options.onSuccess,
              ).then(done);
            } else {
              copyHead(answer, response, identity.requestId);
              answer.pipe(response);
              answer.on('end', done);
              answer.on('error', () => {
                response.destroy();
                done();
              });
            }
          },
        );
        upstream.setTimeout(this.settings.config.UPSTREAM_TIMEOUT_MS, () => {
          upstream.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' }));
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          // A kept-alive connection the service closed just as it was reused: nothing reached the
          // service's handler, so the request goes once more on a fresh connection (writes carry
          // their Idempotency-Key, so even a request that did arrive acts once).
          if (
            attempt === 0 &&
            upstream.reusedSocket &&
            RESET_CODES.has(error.code ?? '') &&
            !answerStarted(response)
          ) {
            send(1);
            return;
          }
          if (!answerStarted(response)) {
            const problem = UNAVAILABLE_CODES.has(error.code ?? '')
              ? new ProblemException(
                  503,
                  'UPSTREAM.UNAVAILABLE',
                  'Service unavailable',
                  `${service} is not answering; try again shortly.`,
                )
              : new ProblemException(
                  502,
                  'UPSTREAM.BAD_GATEWAY',
                  'Bad gateway',
                  `${service} did not answer properly (${error.code ?? error.message}).`,
                );
            if (problem.getStatus() >= 500)
              this.logger.warn(
                `${request.method} ${match.upstreamPath} → ${service}: ${error.code ?? error.message}`,
              );
            sendProblem(response, problem, identity.requestId);
          } else {
            response.destroy();
          }
          done();
        });
        current = upstream;
        upstream.end(requestBody);
      };
      // The client leaving stops whichever attempt is running.
      let current: http.ClientRequest | undefined;
      response.on('close', () => {
        if (!response.writableFinished) current?.destroy();
        done();
      });
      send(0);
    });
  }

  private async relayBuffered(
    answer: http.IncomingMessage,
    response: Response,
    identity: Identity,
    requestBody: Buffer,
    onSuccess: (body: Buffer) => Promise<void>,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    const status = answer.statusCode ?? 502;
    if (status >= 200 && status < 300) {
      try {
        await onSuccess(requestBody);
      } catch (error) {
        this.logger.error(`after a forwarded success: ${String(error)}`);
      }
    }
    copyHead(answer, response, identity.requestId);
    response.end(Buffer.concat(chunks));
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function copyHead(answer: http.IncomingMessage, response: Response, requestId: string): void {
  response.status(answer.statusCode ?? 502);
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
    response.setHeader(name, value);
  }
  response.setHeader('x-request-id', requestId);
}

function tooLarge(limit: number): ProblemException {
  return new ProblemException(
    413,
    'REQUEST.TOO_LARGE',
    'Payload too large',
    `The body is larger than ${limit} bytes.`,
  );
}

export function sendProblem(
  response: Response,
  problem: ProblemException,
  requestId: string,
): void {
  response
    .status(problem.getStatus())
    .type('application/problem+json')
    .send(JSON.stringify(problem.toBody(requestId)));
}

/**
 * The body, up to `limit` bytes. A larger one is still read (and dropped) up to `drainUpTo`, so
 * the client, still sending, gets its 413 instead of a reset connection; beyond that it is cut.
 */
async function readBody(
  request: GatewayRequest,
  limit: number,
  drainUpTo: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > drainUpTo) throw tooLarge(limit);
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw tooLarge(limit);
  return Buffer.concat(chunks);
}
