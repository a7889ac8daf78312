import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger, withoutSecrets } from './logger';

type Line = Record<string, unknown> & { msg: string };
type ClinicLogger = ReturnType<typeof createLogger>;

const linesOf = (file: string): Line[] =>
  existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line) : [];

/**
 * What `write` logs to a file of its own, read once `count` lines are there: the destination opens its
 * file and writes asynchronously, so the file may not exist yet when the line is logged. The file is
 * closed before its folder is removed, so no later flush writes to a closed descriptor.
 */
async function logged(write: (logger: ClinicLogger) => void, { count = 1, flush = true } = {}): Promise<Line[]> {
  const folder = mkdtempSync(join(tmpdir(), 'clinic-log-'));
  const file = join(folder, 'lines.log');
  const logger = createLogger('info', { destination: file });
  try {
    write(logger);
    if (flush) logger.flush();
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && linesOf(file).length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    return linesOf(file);
  } finally {
    const destination = (logger as unknown as Record<symbol, NodeJS.WritableStream>)[pino.symbols.streamSym];
    const closed = new Promise((resolve) => destination.once('close', resolve));
    destination.end();
    await closed;
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('createLogger', () => {
  it('writes a lone line within a fraction of a second, though it fills no block', async () => {
    const lines = await logged((logger) => logger.info('the only line'), { flush: false });
    expect(lines.map((line) => line.msg)).toEqual(['the only line']);
  });
});

describe('withoutSecrets', () => {
  const SECRET = 'never-in-a-log-line';

  it('writes no headers, body, password, token or authorization at the top of a line', async () => {
    const [line] = await logged((logger) =>
      logger.info({ headers: { authorization: SECRET }, body: { note: SECRET }, password: SECRET, token: SECRET, authorization: SECRET, kept: 'yes' }, 'm'),
    );
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line).toMatchObject({ kept: 'yes', msg: 'm' });
    expect(Object.keys(line)).not.toEqual(expect.arrayContaining(['headers']));
  });

  it('writes no password, token or authorization one level down, and keeps the rest of that object', async () => {
    const [line] = await logged((logger) => logger.info({ user: { email: 'a@b.test', password: SECRET, token: SECRET, authorization: SECRET } }, 'm'));
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line.user).toEqual({ email: 'a@b.test' });
  });

  it('keeps secrets out of a logged error, with its message and stack', async () => {
    const error = Object.assign(new Error('it failed'), { token: SECRET, code: 'E_X' });
    const [line] = await logged((logger) => logger.error({ err: error }, 'failed'));
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line.err).toMatchObject({ type: 'Error', message: 'it failed', code: 'E_X', stack: expect.stringContaining('it failed') });
  });

  it('keeps secrets out of a child logger\'s bindings', async () => {
    const [line] = await logged((logger) => logger.child({ token: SECRET, context: 'worker' }).info('m'));
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line.context).toBe('worker');
  });

  it('writes a request as its id, method and route only, never its headers or URL', async () => {
    const request = { id: 'r-1', method: 'GET', url: `/api/v1/clients?search=${SECRET}`, routeOptions: { url: '/api/v1/clients' }, headers: { authorization: SECRET } };
    const [line] = await logged((logger) => logger.info({ req: request, res: { statusCode: 200, token: SECRET } }, 'request completed'));
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line).toMatchObject({ req: { id: 'r-1', method: 'GET', route: '/api/v1/clients' }, res: { statusCode: 200 } });
  });

  it('leaves the caller\'s objects as they were', async () => {
    const user = { email: 'a@b.test', password: SECRET };
    const fields = { user, token: SECRET };
    await logged((logger) => logger.info(fields, 'm'));
    expect(fields).toEqual({ user: { email: 'a@b.test', password: SECRET }, token: SECRET });
  });

  it('gives back the line itself when it holds no secret', () => {
    const line = { req: {}, res: {}, responseTime: 1.5, nested: { id: 'x' }, list: [{ password: 'two levels down' }] };
    expect(withoutSecrets(line)).toBe(line);
  });
});
