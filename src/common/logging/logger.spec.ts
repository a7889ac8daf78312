import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, withoutSecrets } from './logger';

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown> & { msg: string });

describe('createLogger', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'clinic-log-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes a lone line within a fraction of a second, though it fills no block', async () => {
    const file = join(folder, 'quiet.log');
    const logger = createLogger('info', { destination: file });
    logger.info('the only line');
    const deadline = Date.now() + 2000;
    while (Date.now() < deadline && !readFileSync(file, 'utf8').includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(linesOf(file).map((line) => line.msg)).toEqual(['the only line']);
  });
});

describe('withoutSecrets', () => {
  const logged = (write: (logger: ReturnType<typeof createLogger>) => void) => {
    const folder = mkdtempSync(join(tmpdir(), 'clinic-log-'));
    const file = join(folder, 'lines.log');
    const logger = createLogger('info', { destination: file });
    write(logger);
    logger.flush();
    return new Promise<Record<string, unknown>[]>((resolve) =>
      setTimeout(() => {
        const lines = linesOf(file);
        rmSync(folder, { recursive: true, force: true });
        resolve(lines);
      }, 250),
    );
  };
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
