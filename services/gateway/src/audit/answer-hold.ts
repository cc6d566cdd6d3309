import type { ServerResponse } from 'node:http';

type Call = () => void;

const STARTED = Symbol('answer started');

/**
 * Whether the answer has begun: its head is sent, or it is written and waiting for its audit
 * record (`headersSent` is still false then, but the status is taken).
 */
export function answerStarted(response: ServerResponse): boolean {
  return (
    response.headersSent || (response as ServerResponse & { [STARTED]?: true })[STARTED] === true
  );
}

/**
 * Holds an answer back until `beforeAnswer` has finished: the first write (head, body or end)
 * calls it with the status about to be sent, and everything written meanwhile is queued and sent
 * in order once it resolves (a streaming writer is told to wait with `false` and a later
 * 'drain'). When it fails, what was queued is dropped and `refuse` answers instead (the head has
 * not left yet). This is how no answer leaves the gateway before its audit record is committed.
 */
export function holdAnswer(
  response: ServerResponse,
  beforeAnswer: (status: number) => Promise<void>,
  refuse: (send: (status: number, headers: Record<string, string>, body: string) => void) => void,
): void {
  const write = response.write;
  const end = response.end;
  const writeHead = response.writeHead;
  const queued: Call[] = [];
  let state: 'open' | 'holding' | 'released' | 'refused' = 'open';
  let owesDrain = false;

  const restore = () => {
    response.write = write;
    response.end = end;
    response.writeHead = writeHead;
  };
  const hold = (status: number) => {
    if (state !== 'open') return;
    state = 'holding';
    (response as ServerResponse & { [STARTED]?: true })[STARTED] = true;
    beforeAnswer(status).then(
      () => {
        state = 'released';
        restore();
        for (const call of queued.splice(0)) call();
        if (owesDrain) response.emit('drain');
      },
      () => {
        state = 'refused';
        queued.length = 0;
        // Whatever the original writer still sends is dropped; only the refusal leaves.
        response.write = ((..._args: unknown[]) => true) as typeof response.write;
        response.end = ((..._args: unknown[]) => response) as typeof response.end;
        let refusing = false;
        response.writeHead = function refusedWriteHead(...args: unknown[]) {
          // Only the refusal's own end may write the head (end() calls writeHead itself).
          if (refusing) return (writeHead as (...a: unknown[]) => unknown).apply(response, args);
          return response;
        } as typeof response.writeHead;
        refuse((status, headers, body) => {
          for (const name of response.getHeaderNames()) {
            if (name !== 'x-request-id' && !SECURITY_HEADERS.has(name)) response.removeHeader(name);
          }
          for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
          response.statusCode = status;
          refusing = true;
          (end as (chunk: string) => unknown).call(response, body);
          refusing = false;
        });
      },
    );
  };

  response.writeHead = function heldWriteHead(this: ServerResponse, ...args: unknown[]) {
    if (typeof args[0] === 'number') response.statusCode = args[0];
    queued.push(() => (writeHead as (...a: unknown[]) => unknown).apply(response, args));
    hold(response.statusCode);
    return response;
  } as typeof response.writeHead;
  response.write = function heldWrite(this: ServerResponse, ...args: unknown[]) {
    queued.push(() => (write as (...a: unknown[]) => unknown).apply(response, args));
    hold(response.statusCode);
    owesDrain = true;
    return false;
  } as typeof response.write;
  response.end = function heldEnd(this: ServerResponse, ...args: unknown[]) {
    queued.push(() => (end as (...a: unknown[]) => unknown).apply(response, args));
    hold(response.statusCode);
    return response;
  } as typeof response.end;
}

/** Headers set at the edge that a refusal keeps. */
const SECURITY_HEADERS = new Set([
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);
