import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { answerStarted, holdAnswer } from './answer-hold';

/** A server whose every answer is held by `holdAnswer` with the given gate. */
async function serve(
  gate: (status: number) => Promise<void>,
  answer: (res: http.ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('x-request-id', 'req-1');
    res.setHeader('x-content-type-options', 'nosniff');
    holdAnswer(res, gate, (send) =>
      send(503, { 'content-type': 'application/problem+json' }, '{"code":"SERVICE.UNAVAILABLE"}'),
    );
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('an answer held until its audit record is written', () => {
  it('sends nothing before the gate opens, then the whole answer with the status it was given', async () => {
    const gate = deferred();
    const statuses: number[] = [];
    const server = await serve(
      (status) => (statuses.push(status), gate.promise),
      (res) => {
        res.statusCode = 401;
        res.setHeader('content-type', 'application/json');
        expect(answerStarted(res)).toBe(false);
        res.end('{"refused":true}');
        // Held: no head has left, yet the answer has begun (a later error must not answer again).
        expect(res.headersSent).toBe(false);
        expect(answerStarted(res)).toBe(true);
      },
    );
    let answered = false;
    const answer = fetch(server.url).then(async (r) => {
      answered = true;
      return { status: r.status, body: await r.text() };
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(false);
    expect(statuses).toEqual([401]);
    gate.resolve();
    await expect(answer).resolves.toEqual({ status: 401, body: '{"refused":true}' });
    await server.close();
  });

  it('streams a large piped answer whole once released (writes wait for drain)', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const server = await serve(
      () => new Promise((r) => setTimeout(r, 50)),
      (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        Readable.from(Array.from({ length: 200 }, () => chunk)).pipe(res);
      },
    );
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(200 * chunk.length);
    await server.close();
  });

  it('answers the refusal instead, keeping the security headers, when the record cannot be written', async () => {
    const server = await serve(
      () => Promise.reject(new Error('database away')),
      (res) => {
        res.statusCode = 201;
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-created', 'yes');
        res.write('{"created":');
        res.end('true}');
      },
    );
    const response = await fetch(server.url);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('{"code":"SERVICE.UNAVAILABLE"}');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-created')).toBeNull();
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await server.close();
  });
});
